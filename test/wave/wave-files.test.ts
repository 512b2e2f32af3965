// Wave files (SPEC 2.2): the examples parse, every problem of a bad file is reported at once with
// line, agent and field, paths cannot leave the workspace, and render → parse is the identity.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../orchestrator/errors.js';
import { checkedWave, loadWaveFile, parseWaveText, renderWaveFile, unsafePathReason } from '../../orchestrator/wave/index.js';
import { tempDir } from '../helpers/tmp.js';

const examples = join(__dirname, '..', '..', 'orchestrator', 'examples');

function problems(text: string, file = 'waves/wave-3.md'): string[] {
  try {
    checkedWave(text, file);
    return [];
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.issues.map((i) => `${i.where}: ${i.message}`);
  }
}

describe('wave files', () => {
  it('parses the example waves', () => {
    const w1 = loadWaveFile(join(examples, 'wave-1.md'));
    expect(w1.wave).toBe(1);
    expect(w1.commitMessage).toBe('ledger: make postings idempotent');
    expect(w1.agents.map((a) => `${a.id}:${a.role}`)).toEqual([
      'A1:implementation',
      'E0:cont-eval',
      'S1:security',
      'A8:integration',
      'A9:documentation',
      'A0:cont-qa',
    ]);
    expect(w1.agents[0]).toMatchObject({
      executor: { id: 'local' },
      exitContract: { completion: 'integrated', docImpact: 'owned' },
      proofArtifacts: [{ path: 'src/ledger/proof/replay.txt', kind: 'test-output', requiredFor: ['repo-landed'] }],
    });
    expect(w1.evalTargets[0]).toMatchObject({ id: 'ledger-replay', benchmarks: ['replay-100', 'replay-crash'] });
    const w2 = loadWaveFile(join(examples, 'wave-2.md'));
    expect(w2.agents.filter((a) => a.components.includes('queue-contract')).map((a) => a.id)).toEqual(['A1', 'A2']);
  });

  it('render → parse gives the same definition', () => {
    for (const name of ['wave-1.md', 'wave-2.md']) {
      const def = loadWaveFile(join(examples, name));
      const again = parseWaveText(renderWaveFile(def), def.file);
      expect(again.issues).toEqual([]);
      expect(again.definition).toEqual(def);
    }
  });

  it('reports every problem of a file at once, with line, agent and field', () => {
    const text = [
      '# Broken',
      '## Component promotions',
      '- orphan: shipped',
      '- lonely: repo-landed',
      '## Agent A1: One',
      '### Exit contract',
      '- completion: finished',
      '- durability: none',
      '- proof: unit',
      '- doc-impact: none',
      '### Deliverables',
      '- src/other/x.ts',
      '### Owned paths',
      '- src/a1',
      '- ../outside',
      '### Executor',
      '- id: codex',
      '- max-turns: 5',
      '- temperature: 0.2',
      '## Agent A1: Dup',
      '### Prompt',
      '```',
      'x',
      '```',
      '## Agent A8: Integration',
      '### Components',
      '- lonely',
      '### Prompt',
      '```',
      'x',
      '```',
    ].join('\n');
    const found = problems(text);
    const expected = [
      /^line 3, Component promotions: .*found "orphan: shipped"/,
      /^line 6, agent A1 \/ Exit contract \/ completion: expected one of contract\|integrated\|authoritative\|live, found "finished"/,
      /^line 5, agent A1 \/ Prompt: expected a "### Prompt"/,
      /agent A1 \/ Owned paths: path "..\/outside" leaves the workspace/,
      /agent A1 \/ Deliverables: "src\/other\/x.ts" is outside the agent's owned paths/,
      /agent A1 \/ Executor \/ temperature: "temperature" is not a setting of the codex executor/,
      /agent A1: duplicate agent id/,
      /agent A8 \/ Components: closure steward \(integration\) must own no components/,
      /agents: a full wave needs a cont-QA steward/,
      /Component promotions \/ lonely: promoted component has no implementation owner/,
    ];
    for (const pattern of expected)
      expect(
        found.some((f) => pattern.test(f)),
        `${pattern} in\n${found.join('\n')}`,
      ).toBe(true);
    expect(found).toHaveLength(expected.length);
  });

  it('needs E0 exactly when eval targets exist, and a wave-<N>.md file name', () => {
    const base = '# T\n## Agent A1: a\n### Prompt\n```\nx\n```\n## Agent A0: qa\n### Prompt\n```\nx\n```\n';
    expect(problems(base)).toEqual([]);
    expect(
      problems(base.replace('# T\n', '# T\n## Eval targets\n- id: t | selection: pinned | benchmark-family: f | benchmarks: b\n')),
    ).toEqual([expect.stringContaining('no cont-EVAL agent')]);
    expect(problems(base + '## Agent E0: eval\n### Prompt\n```\nx\n```\n')).toEqual([expect.stringContaining('needs "## Eval targets"')]);
    expect(problems(base, 'waves/first.md')).toEqual([expect.stringContaining('expected a file named wave-<N>.md')]);
  });

  it.each([
    ['/etc/passwd', 'is absolute'],
    ['src/../../x', 'leaves the workspace with ..'],
    ['src\\..\\x', 'contains a backslash'],
    ['~/x', 'starts with ~'],
    ['C:/x', 'is absolute'],
  ])('rejects the unsafe path %s', (path, reason) => {
    expect(unsafePathReason(path)).toBe(reason);
  });

  it('loadWaveFile names an unreadable file and how to fix it', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'waves'));
    writeFileSync(join(dir, 'waves', 'wave-1.md'), '# x');
    expect(() => loadWaveFile(join(dir, 'waves', 'wave-9.md'))).toThrow(/cannot read wave file .*wave-9\.md/);
    expect(() => loadWaveFile(join(dir, 'waves', 'wave-1.md'))).toThrow(InputError);
  });
});
