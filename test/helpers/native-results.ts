// Native results built in code for tests of pure report and statistics functions: items in the
// exact results.json shape, and a results document whose statistics come from the real functions.
import type { NativeItemResult, NativeResults } from '../../harness/schema/native-results.js';
import { toScored } from '../../harness/run/native-suite.js';
import { compareAgainstBaselines, epochAgreement, summariseEpochs, summariseFamilies } from '../../harness/score/stats.js';

export function item(
  caseId: string,
  armId: string,
  passed: boolean,
  live: { ms: number; attempts: number; records: number },
  epoch = 1,
): NativeItemResult {
  const score = passed ? 100 : 0;
  return {
    itemId: `${caseId}::${armId}::${epoch}`,
    caseId,
    family: 'f',
    benchmarkId: 'b',
    arm: armId,
    epoch,
    metrics: { 'distributed-info-accuracy': score },
    primary: { metric: 'distributed-info-accuracy', direction: 'higher', value: score, alignedScore: score, threshold: 100, passed },
    classification: passed ? 'passed' : 'failed',
    live: {
      attempts: live.attempts,
      relaunchesByRole: {},
      gateOutcome: passed ? 'pass' : 'fail',
      failingStatusCode: null,
      finalStatus: 'completed',
      exitCode: passed ? 0 : 1,
      recordsWritten: live.records,
      responseMetrics: null,
      wallTimeMs: 0,
      agentProcessTimeMs: live.ms,
    },
    gates: [],
    logExcerpt: '',
    artifacts: { workspace: '/w', traceDir: null },
  };
}

/** A results document over `items`, every statistic computed by the suite's own functions. */
export function nativeResults(
  items: NativeItemResult[],
  o: { baselines: string[]; seed?: number; arms?: NativeResults['metadata']['arms']; mechanisms?: NativeResults['mechanisms'] },
): NativeResults {
  const scored = toScored(items);
  const seed = o.seed ?? 5;
  return {
    schemaVersion: 1,
    kind: 'native',
    metadata: {
      waveBenchVersion: '0.0.0-test',
      gitRevision: null,
      node: 'v20',
      docker: null,
      startedAt: 's',
      finishedAt: 'f',
      commandLine: [],
      inputHashes: { cases: {}, arms: {} },
      fairness: {
        executor: 'scripted',
        model: null,
        budget: { agentMinutes: 2, turns: null },
        maxRetries: 2,
        temperature: null,
        verifier: 'native-artifact-scoring',
        dataset: 'cases/',
      },
      seed,
      epochs: Math.max(...items.map((i) => i.epoch)),
      baselineArm: o.baselines[0]!,
      baselineArms: o.baselines,
      arms: o.arms ?? [...new Set(items.map((i) => i.arm))].map((id) => ({ id, kind: 'base' as const, features: {} })),
    },
    items,
    families: summariseFamilies(scored),
    comparisons: compareAgainstBaselines(scored, { baselines: o.baselines, practicalWin: 10, seed }),
    epochs: summariseEpochs(scored),
    repeats: epochAgreement(scored),
    mechanisms: o.mechanisms ?? [],
  };
}
