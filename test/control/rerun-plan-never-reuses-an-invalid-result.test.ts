// The rerun plan (pure) never reuses what is not an accepted result: a revoked or unauthoritative
// bundle, a bundle whose agent's run failed, an attempt that never finished, a run the wave's time
// budget stopped. Each is a problem naming the selector; named agents always run again.
import { describe, expect, it } from 'vitest';
import { planRerun, type FinishedRun, type RerunSelectors } from '../../orchestrator/control/index.js';
import type { ProofBundle } from '../../orchestrator/control/index.js';

const impl = [
  { id: 'A1', components: [] },
  { id: 'A2', components: ['api'] },
  { id: 'A3', components: [] },
];
const run = (agentId: string, attempt: number, accepted: boolean): FinishedRun => ({ agentId, attempt, accepted, data: {} });
const bundle = (id: string, agentId: string, over: Partial<ProofBundle> = {}): ProofBundle => ({
  id,
  agentId,
  authoritative: true,
  summary: '',
  artifacts: [],
  componentsMet: [],
  registeredAt: '2026-01-01T00:00:00.000Z',
  state: 'active',
  ...over,
});
const request = (over: Partial<RerunSelectors>): RerunSelectors => ({
  agentIds: [],
  reuse: [],
  invalidateComponents: [],
  reuseAttempts: [],
  reuseProofBundles: [],
  ...over,
});
const runs = [run('A1', 1, true), run('A2', 1, true), run('A3', 1, false), run('A1', 2, false), run('A2', 2, true)];

describe('rerun plan', () => {
  it('reuses attempt 1 for the agents not named; an agent without an accepted attempt-1 result runs again', () => {
    const plan = planRerun({ implementation: impl, request: request({ reuseAttempts: [1] }), runs, finishedAttempts: [1, 2], bundles: [] });
    expect(plan.problems).toEqual([]);
    expect(plan.relaunch).toEqual(['A3']);
    expect(plan.reused.map((r) => [r.agentId, r.from, r.run?.attempt])).toEqual([
      ['A1', 'attempt', 1],
      ['A2', 'attempt', 1],
    ]);
  });

  it('a named agent or an owner of an invalidated component runs again despite --reuse-attempt', () => {
    const plan = planRerun({
      implementation: impl,
      request: request({ agentIds: ['A1'], invalidateComponents: ['api'], reuseAttempts: [1] }),
      runs,
      finishedAttempts: [1, 2],
      bundles: [],
    });
    expect(plan.relaunch).toEqual(['A1', 'A2']);
  });

  it('refuses revoked, unauthoritative and unknown bundles, unfinished attempts, and a bundle over a failed run', () => {
    const bundles = [
      bundle('b-rev', 'A2', { state: 'revoked', revokedReason: 'wrong build' }),
      bundle('b-weak', 'A2', { authoritative: false }),
      bundle('b-a1', 'A1'),
    ];
    const plan = planRerun({
      implementation: impl,
      request: request({ reuseProofBundles: ['b-rev', 'b-weak', 'b-none', 'b-a1'], reuseAttempts: [3] }),
      runs,
      finishedAttempts: [1, 2],
      bundles,
    });
    expect(plan.problems.map((p) => p.where)).toEqual([
      '--reuse-attempt 3',
      '--reuse-proof b-rev',
      '--reuse-proof b-weak',
      '--reuse-proof b-none',
      '--reuse-proof b-a1',
    ]);
    expect(plan.problems[4]!.message).toContain("A1's last run (attempt 2) did not succeed");
  });

  it('a bundle over a failed last run is fine when --reuse-attempt restores a run that succeeded', () => {
    const plan = planRerun({
      implementation: impl,
      request: request({ agentIds: ['A3'], reuseProofBundles: ['b-a1'], reuseAttempts: [1] }),
      runs,
      finishedAttempts: [1, 2],
      bundles: [bundle('b-a1', 'A1')],
    });
    expect(plan.problems).toEqual([]);
    expect(plan.reused.find((r) => r.agentId === 'A1')).toMatchObject({ from: 'proof-bundle', bundleId: 'b-a1', run: { attempt: 1 } });
    expect(plan.relaunch).toEqual(['A3']);
  });
});
