// The marker parser (SPEC 2.5): tail-bounded, last one wins, backticks accepted, prose ignored,
// bad values reported with a reason and never thrown.
import { describe, expect, it } from 'vitest';
import { formatMarker, parseAgentLog } from '../../orchestrator/markers/index.js';

describe('marker parser', () => {
  it('reads every marker kind into the summary', () => {
    const log = [
      'working...',
      '[wave-proof] completion=integrated durability=durable proof=integration state=met detail=all tests green',
      '[wave-doc-delta] state=owned paths=docs/a.md,docs/b.md detail=updated',
      '[wave-component] component=ledger level=repo-landed state=met',
      '[wave-integration] state=ready-for-doc-closure claims=2 conflicts=0 blockers=0',
      '[wave-doc-closure] state=no-change paths=',
      '[wave-eval] state=satisfied targets=1 benchmarks=2 regressions=0 target_ids=t1 benchmark_ids=b1,b2',
      '[wave-security] state=concerns findings=1 approvals=0 detail=weak hash',
      '[wave-gate] architecture=pass integration=pass durability=pass live=concerns docs=pass',
      '[wave-gap] kind=ops detail=no runbook',
      '[wave-verdict] pass detail=ship it',
    ].join('\n');
    const s = parseAgentLog('A1', log);
    expect(s.invalid).toEqual([]);
    expect(s.proof).toEqual({
      completion: 'integrated',
      durability: 'durable',
      proof: 'integration',
      state: 'met',
      detail: 'all tests green',
    });
    expect(s.docDelta).toEqual({ state: 'owned', paths: ['docs/a.md', 'docs/b.md'], detail: 'updated' });
    expect(s.components.ledger).toMatchObject({ level: 'repo-landed', state: 'met' });
    expect(s.integration).toMatchObject({ state: 'ready-for-doc-closure', claims: 2 });
    expect(s.docClosure).toMatchObject({ state: 'no-change', paths: [] });
    expect(s.eval).toMatchObject({ targetIds: ['t1'], benchmarkIds: ['b1', 'b2'], regressions: 0 });
    expect(s.security).toMatchObject({ state: 'concerns', findings: 1, detail: 'weak hash' });
    expect(s.gate!.dimensions).toEqual({ architecture: 'pass', integration: 'pass', durability: 'pass', live: 'concerns', docs: 'pass' });
    expect(s.gaps).toEqual([{ kind: 'ops', detail: 'no runbook' }]);
    expect(s.verdict).toEqual({ verdict: 'pass', detail: 'ship it' });
  });

  it('last occurrence wins, per component for components, and every gap is kept', () => {
    const log = [
      '[wave-proof] completion=contract durability=none proof=unit state=gap',
      '[wave-component] component=a level=inventoried state=gap',
      '[wave-component] component=b level=qa-proved state=met',
      '[wave-gap] kind=docs detail=one',
      '[wave-proof] completion=contract durability=none proof=unit state=met',
      '[wave-component] component=a level=repo-landed state=met',
      '[wave-gap] kind=docs detail=two',
    ].join('\n');
    const s = parseAgentLog('A1', log);
    expect(s.proof!.state).toBe('met');
    expect(s.components.a).toMatchObject({ level: 'repo-landed', state: 'met' });
    expect(s.components.b).toMatchObject({ level: 'qa-proved' });
    expect(s.gaps.map((g) => g.detail)).toEqual(['one', 'two']);
  });

  it('accepts backtick-wrapped markers and ignores markers inside prose', () => {
    const s = parseAgentLog('A0', ['I will print `[wave-verdict] blocked` later, not now.', '  `[wave-verdict] pass`'].join('\n'));
    expect(s.verdict!.verdict).toBe('pass');
  });

  it('reports unknown enum values, bad counts and unknown markers as invalid with a reason', () => {
    const s = parseAgentLog(
      'A1',
      [
        '[wave-proof] completion=finished durability=none proof=unit state=met',
        '[wave-eval] state=satisfied regressions=many',
        '[wave-magic] x=1',
        '[wave-gate] architecture=pass',
      ].join('\n'),
    );
    expect(s.proof).toBeUndefined();
    expect(s.invalid.map((i) => i.reason)).toEqual([
      'completion=finished is not one of contract|integrated|authoritative|live',
      'regressions=many is not a non-negative integer',
      'unknown marker [wave-magic]',
      'missing integration= (expected one of pass|concerns|blocked)',
    ]);
  });

  it('reads only the bounded tail of a long log', () => {
    const early = '[wave-verdict] blocked';
    const filler = 'x'.repeat(100) + '\n';
    const s = parseAgentLog('A0', early + '\n' + filler.repeat(1_000) + '[wave-gap] kind=ops', { tailBytes: 10_000 });
    expect(s.verdict).toBeUndefined();
    expect(s.gaps).toHaveLength(1);
  });

  it('formatMarker output parses back to the same values', () => {
    const lines = [
      formatMarker.proof({ completion: 'live', durability: 'ephemeral', proof: 'live', state: 'met', detail: 'deployed to staging' }),
      formatMarker.docDelta({ state: 'shared-plan', paths: ['docs/x.md'], detail: '' }),
      formatMarker.component({ component: 'c1', level: 'cutover-ready', state: 'gap', detail: 'waiting' }),
      formatMarker.integration({ state: 'needs-more-work', claims: 1, conflicts: 1, blockers: 2, detail: 'conflict on c1' }),
      formatMarker.docClosure({ state: 'closed', paths: ['README.md'], detail: '' }),
      formatMarker.eval({
        state: 'needs-more-work',
        targets: 2,
        benchmarks: 1,
        regressions: 1,
        targetIds: ['t1', 't2'],
        benchmarkIds: ['b'],
        detail: '',
      }),
      formatMarker.security({ state: 'clear', findings: 0, approvals: 1, detail: '' }),
      formatMarker.gate({
        dimensions: { architecture: 'pass', integration: 'concerns', durability: 'pass', live: 'blocked', docs: 'pass' },
        detail: 'live env down',
      }),
      formatMarker.gap({ kind: 'durability', detail: 'no fsync' }),
      formatMarker.verdict({ verdict: 'concerns', detail: 'see gaps' }),
    ];
    const s = parseAgentLog('X', lines.join('\n'));
    expect(s.invalid).toEqual([]);
    expect(s.proof).toEqual({ completion: 'live', durability: 'ephemeral', proof: 'live', state: 'met', detail: 'deployed to staging' });
    expect(s.docDelta).toEqual({ state: 'shared-plan', paths: ['docs/x.md'], detail: '' });
    expect(s.eval).toEqual({
      state: 'needs-more-work',
      targets: 2,
      benchmarks: 1,
      regressions: 1,
      targetIds: ['t1', 't2'],
      benchmarkIds: ['b'],
      detail: '',
    });
    expect(s.gate!.dimensions.live).toBe('blocked');
    expect(s.verdict).toEqual({ verdict: 'concerns', detail: 'see gaps' });
  });
});
