// One case per gate status code of SPEC 2.6, plus the snapshot's fixed order. Each case starts
// from a passing input and breaks exactly one thing, so a wrong code or order fails here.
import { describe, expect, it } from 'vitest';
import { materialize } from '../../orchestrator/coordination/index.js';
import {
  type BARRIER_CODES,
  type CONT_EVAL_CODES,
  type DOCUMENTATION_CODES,
  type IMPLEMENTATION_CODES,
  type INTEGRATION_CODES,
  evaluateBarriers,
  evaluateComponentGates,
  evaluateContEvalGate,
  evaluateContQaGate,
  evaluateDocumentationGate,
  evaluateGateSnapshot,
  evaluateImplementationGate,
  evaluateIntegrationGate,
  evaluateSecurityGate,
} from '../../orchestrator/gates/index.js';
import type { GatedConflict } from '../../orchestrator/gates/closure.js';
import { formatMarker, parseAgentLog, type AgentSummary } from '../../orchestrator/markers/index.js';
import type { WaveDefinition } from '../../orchestrator/wave/types.js';
import { DEFAULT_CLOSURE_IDS } from '../../orchestrator/wave/types.js';
import { agent, rec } from '../helpers/agents.js';

const contract = { completion: 'integrated', durability: 'durable', proof: 'integration', docImpact: 'owned' } as const;
const a1 = agent('A1', {
  components: ['ledger'],
  deliverables: ['src/a1/ledger.ts'],
  proofArtifacts: [{ path: 'src/a1/proof.txt', requiredFor: ['repo-landed'] }],
  exitContract: contract,
});
const a2 = agent('A2', { components: ['ledger'], exitContract: { ...contract, docImpact: 'none' } });
const wave: WaveDefinition = {
  wave: 1,
  title: 't',
  file: 'wave-1.md',
  componentPromotions: [{ component: 'ledger', level: 'repo-landed' }],
  evalTargets: [{ id: 't1', selection: 'pinned', benchmarkFamily: 'f', benchmarks: ['b1', 'b2'], objective: 'o', threshold: 'x' }],
  agents: [
    a1,
    a2,
    agent('E0', { role: 'cont-eval' }),
    agent('S1', { role: 'security', capabilities: ['security-review'] }),
    agent('A8', { role: 'integration' }),
    agent('A9', { role: 'documentation' }),
    agent('A0', { role: 'cont-qa' }),
  ],
  closureIds: DEFAULT_CLOSURE_IDS,
};

const implLog = [
  formatMarker.proof({ completion: 'integrated', durability: 'durable', proof: 'integration', state: 'met', detail: '' }),
  formatMarker.docDelta({ state: 'owned', paths: ['docs/ledger.md'], detail: '' }),
  formatMarker.component({ component: 'ledger', level: 'repo-landed', state: 'met', detail: '' }),
].join('\n');
const allFiles = (_: string) => true;
const summaryOf = (id: string, log: string): AgentSummary => parseAgentLog(id, log);
// A1 alone owns the component here: a shared component is the component gate's business.
const soloWave = { ...wave, agents: wave.agents.filter((a) => a.id !== 'A2') };
const implGate = (log: string, exists = allFiles) => evaluateImplementationGate(soloWave, a1, summaryOf('A1', log), exists).statusCode;
const replace = (from: string, to: string) => implLog.replace(from, to);

describe('implementation gate', () => {
  const cases: Record<(typeof IMPLEMENTATION_CODES)[number], () => string> = {
    'missing-wave-proof': () => implGate(implLog.split('\n').slice(1).join('\n')),
    'wave-proof-gap': () => implGate(replace('state=met', 'state=gap')),
    'completion-gap': () => implGate(replace('completion=integrated', 'completion=contract')),
    'durability-gap': () => implGate(replace('durability=durable', 'durability=ephemeral')),
    'proof-level-gap': () => implGate(replace('proof=integration', 'proof=unit')),
    'missing-doc-delta': () =>
      implGate(
        implLog
          .split('\n')
          .filter((l) => !l.includes('doc-delta'))
          .join('\n'),
      ),
    'doc-impact-gap': () => implGate(replace('[wave-doc-delta] state=owned', '[wave-doc-delta] state=none')),
    'missing-wave-component': () => implGate(implLog.split('\n').slice(0, 2).join('\n')),
    'component-level-mismatch': () => implGate(replace('level=repo-landed', 'level=contract-frozen')),
    'component-gap': () => implGate(replace('level=repo-landed state=met', 'level=repo-landed state=gap')),
    'missing-deliverable': () => implGate(implLog, (p) => p !== 'src/a1/ledger.ts'),
    'missing-proof-artifact': () => implGate(implLog, (p) => p !== 'src/a1/proof.txt'),
  };
  it.each(Object.keys(cases))('%s', (code) => {
    expect(cases[code as keyof typeof cases]()).toBe(code);
  });
  it('passes when the contract is proved', () => {
    expect(implGate(implLog)).toBe('pass');
  });
});

describe('component gate', () => {
  it('shared-component-sibling-pending names only the waiting owner', () => {
    const [g] = evaluateComponentGates(wave, { A1: summaryOf('A1', implLog), A2: summaryOf('A2', '') });
    expect(g).toMatchObject({ ok: false, statusCode: 'shared-component-sibling-pending', waitingAgents: ['A2'] });
  });
  it('fails with the owner code when no owner is done, and passes when all are', () => {
    expect(evaluateComponentGates(wave, {})[0]).toMatchObject({ statusCode: 'missing-wave-component', waitingAgents: ['A1', 'A2'] });
    expect(evaluateComponentGates(wave, { A1: summaryOf('A1', implLog), A2: summaryOf('A2', implLog) })[0]!.statusCode).toBe('pass');
  });
  it('component-unowned when nobody implements a promoted component', () => {
    expect(
      evaluateComponentGates({ ...wave, componentPromotions: [{ component: 'orphan', level: 'inventoried' }] }, {})[0]!.statusCode,
    ).toBe('component-unowned');
  });
});

describe('barriers', () => {
  const barrier = (
    records: Parameters<typeof materialize>[0],
    assignments: { requestId: string; assignee: string; open: boolean }[] = [],
  ) => evaluateBarriers({ view: materialize(records), assignments, ignoredSources: ['launcher-seed'] }).statusCode;
  const cases: Record<(typeof BARRIER_CODES)[number], () => string> = {
    'helper-assignment-unresolved': () => barrier([], [{ requestId: 'q1', assignee: 'unresolved', open: true }]),
    'helper-assignment-open': () => barrier([], [{ requestId: 'q1', assignee: 'A2', open: true }]),
    'clarification-open': () => barrier([rec(1, { id: 'c1', kind: 'clarification-request', agentId: 'A1' })]),
    'clarification-follow-up-open': () =>
      barrier([rec(1, { id: 'f1', kind: 'evidence', agentId: 'A1', closureCondition: 'clarification:c1' })]),
    'human-feedback-open': () => barrier([rec(1, { id: 'h1', kind: 'human-escalation', agentId: 'A1' })]),
    'dependency-open': () => barrier([rec(1, { id: 'b1', kind: 'blocker', agentId: 'A1' })]),
  };
  it.each(Object.keys(cases))('%s', (code) => {
    expect(cases[code as keyof typeof cases]()).toBe(code);
  });
  it('ignores seed records and settled coordination', () => {
    expect(
      barrier([
        rec(1, { id: 's1', kind: 'request', agentId: 'launcher', source: 'launcher-seed', targets: ['agent:A1'] }),
        rec(2, { id: 'b1', kind: 'blocker', agentId: 'A1', status: 'resolved' }),
      ]),
    ).toBe('pass');
  });
});

describe('closure gates', () => {
  const evalLog = (body: string) => summaryOf('E0', `[wave-eval] ${body}`);
  const ok = 'state=satisfied targets=1 benchmarks=2 regressions=0 target_ids=t1 benchmark_ids=b1,b2';
  const evalCases: Record<(typeof CONT_EVAL_CODES)[number], () => string> = {
    'missing-wave-eval': () => evaluateContEvalGate('E0', summaryOf('E0', ''), wave.evalTargets).statusCode,
    'eval-needs-more-work': () =>
      evaluateContEvalGate('E0', evalLog(ok.replace('satisfied', 'needs-more-work')), wave.evalTargets).statusCode,
    'eval-blocked': () => evaluateContEvalGate('E0', evalLog(ok.replace('satisfied', 'blocked')), wave.evalTargets).statusCode,
    'eval-target-mismatch': () =>
      evaluateContEvalGate('E0', evalLog(ok.replace('target_ids=t1', 'target_ids=t1,t9')), wave.evalTargets).statusCode,
    'eval-benchmark-not-allowed': () => evaluateContEvalGate('E0', evalLog(ok.replace('b1,b2', 'b1,b7')), wave.evalTargets).statusCode,
    'eval-regressions': () =>
      evaluateContEvalGate('E0', evalLog(ok.replace('regressions=0', 'regressions=2')), wave.evalTargets).statusCode,
  };
  it.each(Object.keys(evalCases))('cont-EVAL %s', (code) => {
    expect(evalCases[code as keyof typeof evalCases]()).toBe(code);
  });
  it('cont-EVAL passes on the declared targets', () => {
    expect(evaluateContEvalGate('E0', evalLog(ok), wave.evalTargets).statusCode).toBe('pass');
  });

  it.each([
    ['', 'missing-wave-security', false],
    ['[wave-security] state=blocked findings=2 approvals=0', 'security-blocked', false],
    ['[wave-security] state=concerns findings=1 approvals=0', 'security-concerns', true],
    ['[wave-security] state=clear findings=0 approvals=1', 'pass', true],
  ])('security %s → %s', (log, code, ok) => {
    expect(evaluateSecurityGate('S1', summaryOf('S1', log))).toMatchObject({ statusCode: code, ok });
  });

  const integration: Record<(typeof INTEGRATION_CODES)[number], [log: string, conflicts?: GatedConflict[]]> = {
    'missing-wave-integration': [''],
    'integration-needs-more-work': ['[wave-integration] state=needs-more-work claims=1 conflicts=1 blockers=0'],
    // a claim conflict the orchestrator computed and nobody repaired fails the gate, whatever the steward's marker says
    'integration-conflict-open': [
      '[wave-integration] state=ready-for-doc-closure claims=2 conflicts=0 blockers=0',
      [{ overruled: 'c1', prevailing: 'c2', owner: 'A1' }],
    ],
  };
  it.each(Object.entries(integration))('integration %s', (code, [log, conflicts]) => {
    expect(evaluateIntegrationGate('A8', summaryOf('A8', log), conflicts).statusCode).toBe(code);
  });

  const docs: Record<(typeof DOCUMENTATION_CODES)[number], string> = {
    'missing-wave-doc-closure': '',
    'doc-closure-open': '[wave-doc-closure] state=delta paths=README.md',
  };
  it.each(Object.entries(docs))('documentation %s', (code, log) => {
    expect(evaluateDocumentationGate('A9', summaryOf('A9', log)).statusCode).toBe(code);
  });

  const gatePass = '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass';
  it.each([
    ['', 'missing-wave-verdict'],
    ['[wave-verdict] concerns', 'cont-qa-concerns'],
    ['[wave-verdict] blocked', 'cont-qa-blocked'],
    ['[wave-verdict] pass', 'missing-wave-gate'],
    [`${gatePass.replace('durability=pass', 'durability=blocked')}\n[wave-verdict] pass`, 'gate-durability-blocked'],
    [`${gatePass.replace('docs=pass', 'docs=concerns')}\n[wave-verdict] pass`, 'gate-docs-concerns'],
    [`${gatePass}\n[wave-verdict] pass`, 'pass'],
  ])('cont-QA %j → %s', (log, code) => {
    expect(evaluateContQaGate('A0', summaryOf('A0', log)).statusCode).toBe(code);
  });
});

describe('gate snapshot', () => {
  const stewardLogs: Record<string, string> = {
    E0: '[wave-eval] state=satisfied targets=1 benchmarks=1 regressions=0 target_ids=t1 benchmark_ids=b1',
    S1: '[wave-security] state=clear findings=0 approvals=1',
    A8: '[wave-integration] state=ready-for-doc-closure claims=0 conflicts=0 blockers=0',
    A9: '[wave-doc-closure] state=closed paths=README.md',
    A0: '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass\n[wave-verdict] pass',
  };
  const summaries = (drop: string[] = []) =>
    Object.fromEntries(
      Object.entries({ A1: implLog, A2: implLog, ...stewardLogs })
        .filter(([id]) => !drop.includes(id))
        .map(([id, log]) => [id, summaryOf(id, log)]),
    );
  const barriers = { view: materialize([]), assignments: [] };

  it('evaluates every gate in the fixed order and passes only when all pass', () => {
    const snap = evaluateGateSnapshot({ wave, summaries: summaries(), exists: allFiles, barriers });
    expect(snap.ok).toBe(true);
    expect(snap.gates.map((g) => `${g.gate}${g.agentId ? `:${g.agentId}` : ''}`)).toEqual([
      'implementation:A1',
      'implementation:A2',
      'component',
      'barrier',
      'cont-eval:E0',
      'security:S1',
      'integration:A8',
      'documentation:A9',
      'cont-qa:A0',
    ]);
  });

  it('reports the first failure in that order as overall', () => {
    const snap = evaluateGateSnapshot({ wave, summaries: summaries(['A9', 'A0']), exists: allFiles, barriers });
    expect(snap.ok).toBe(false);
    expect(snap.overall).toMatchObject({ gate: 'documentation', statusCode: 'missing-wave-doc-closure' });
    const early = evaluateGateSnapshot({
      wave,
      summaries: summaries(),
      exists: allFiles,
      barriers: { view: materialize([rec(1, { id: 'c', kind: 'clarification-request', agentId: 'A1' })]), assignments: [] },
    });
    expect(early.overall.statusCode).toBe('clarification-open');
  });

  it('an agent exiting 0 without markers never passes the wave', () => {
    const snap = evaluateGateSnapshot({ wave, summaries: {}, exists: allFiles, barriers });
    expect(snap.ok).toBe(false);
    expect(snap.overall.statusCode).toBe('missing-wave-proof');
  });
});

describe('shared components', () => {
  it("leave the owners' implementation gates to the component gate", () => {
    const log = [
      '[wave-proof] completion=integrated durability=durable proof=integration state=met',
      '[wave-doc-delta] state=owned paths=',
    ].join('\n');
    const a2only = agent('A2', {
      components: ['ledger'],
      exitContract: { completion: 'integrated', durability: 'durable', proof: 'integration', docImpact: 'owned' },
    });
    const shared: WaveDefinition = { ...wave, agents: [agent('A1', { components: ['ledger'] }), a2only] };
    expect(evaluateImplementationGate(shared, a2only, parseAgentLog('A2', log), () => true).statusCode).toBe('pass');
  });
});
