// Native metrics on hand-built artifacts (SPEC 3.2), with the edge cases that used to score wrong:
// an unposted claim is not settled, a conflict only listed in integration.json is not detected, a
// correct refusal to close is not a deadlock, and a fact that reached the decision is not lost.
import { describe, expect, it } from 'vitest';
import { CaseFileSchema } from '../../harness/schema/case.js';
import { scoreNativeMetrics, type RunArtifacts } from '../../harness/score/native-metrics.js';
import { rec } from '../helpers/agents.js';

const base = {
  id: 'wave-metric-probe',
  title: 't',
  family: 'f',
  benchmarkId: 'b',
  description: 'd',
  fixture: {
    primaryAgent: 'A1',
    agents: [{ id: 'A1', title: 'a', ownedPaths: ['x'], prompt: 'p', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] }],
  },
};
const caseWith = (expectations: object, metrics: string[]) =>
  CaseFileSchema.parse({ ...base, expectations, scoring: { primaryMetric: metrics[0], threshold: 100, metrics } });
const artifacts = (over: Partial<RunArtifacts>): RunArtifacts => ({
  records: [],
  sharedSummary: '',
  inboxes: {},
  assignments: [],
  integration: null,
  passed: true,
  exitCode: 0,
  ...over,
});
const claim = (id: string, agentId: string, status: 'open' | 'resolved' = 'open') => ({
  ...rec(1, { id, kind: 'claim', agentId, targets: ['component:ledger'], summary: id }),
  status,
});

describe('native metrics', () => {
  const conflictCase = caseWith({ conflicts: [{ claims: ['c1', 'c2'] }] }, [
    'repair-closure-rate',
    'false-consensus-rate',
    'contradiction-detection-rate',
  ]);

  it('a conflict whose second claim was never posted is not repaired, and closing on it is false consensus', () => {
    const m = scoreNativeMetrics(conflictCase, artifacts({ records: [claim('c1', 'A1')] }));
    expect(m).toEqual({ 'repair-closure-rate': 0, 'false-consensus-rate': 100, 'contradiction-detection-rate': 0 });
  });

  it('a conflict only listed in integration.json, with nothing acting on it, is not detected; a blocker naming both is', () => {
    const listed = {
      conflicts: [
        {
          subject: 'component:ledger',
          claimIds: ['c1', 'c2'] as [string, string],
          overruled: 'c1',
          prevailing: 'c2',
          owner: 'A1',
          rule: 'component-owner' as const,
        },
      ],
    } as RunArtifacts['integration'];
    const records = [claim('c1', 'A1'), claim('c2', 'A2')];
    expect(
      scoreNativeMetrics(conflictCase, artifacts({ records, integration: listed, integrationStewardId: 'A8' }))[
        'contradiction-detection-rate'
      ],
    ).toBe(0);
    const blocker = {
      ...rec(2, {
        id: 'conflict-c1',
        kind: 'blocker',
        agentId: 'launcher',
        targets: ['agent:A1'],
        summary: 'fix',
        dependsOn: ['c1', 'c2'],
      }),
      status: 'resolved' as const,
    };
    const repaired = [claim('c1', 'A1', 'resolved'), claim('c2', 'A2'), blocker];
    expect(scoreNativeMetrics(conflictCase, artifacts({ records: repaired }))).toEqual({
      'repair-closure-rate': 100,
      'false-consensus-rate': 0,
      'contradiction-detection-rate': 100,
    });
  });

  it('refusing to close a must-not-close case is not a deadlock; failing to close one that should close is', () => {
    const refuse = caseWith({ closure: 'must-not-close' }, ['deadlock-rate', 'premature-convergence-rate']);
    const close = caseWith({}, ['deadlock-rate', 'premature-convergence-rate']);
    const stuck = artifacts({ passed: false, exitCode: 43 });
    expect(scoreNativeMetrics(refuse, stuck)).toEqual({ 'deadlock-rate': 0, 'premature-convergence-rate': 0 });
    expect(scoreNativeMetrics(close, stuck)).toEqual({ 'deadlock-rate': 100, 'premature-convergence-rate': 0 });
    expect(scoreNativeMetrics(refuse, artifacts({}))['premature-convergence-rate']).toBe(100);
  });

  it('a decision-changing fact counts as integrated when it reached a decision, even with no shared summary', () => {
    const c = caseWith({ facts: [{ id: 'f', token: 'TOKEN-X', holder: 'A1' }] }, ['premature-convergence-rate']);
    const decision = rec(1, { id: 'd', kind: 'decision', agentId: 'A1', summary: 'use TOKEN-X' });
    expect(scoreNativeMetrics(c, artifacts({ records: [decision] }))['premature-convergence-rate']).toBe(0);
    expect(scoreNativeMetrics(c, artifacts({ records: [] }))['premature-convergence-rate']).toBe(100);
  });
});
