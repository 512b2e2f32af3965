// The shape of one native item's result as stored in results.json (see harness/report/results-schema.ts).
import type { MetricId } from '../score/metric-ids.js';

export interface NativeItemResult {
  /** `<case>::<arm>::<epoch>`: stable across runs, used to pair items in comparisons and diffs. */
  itemId: string;
  caseId: string;
  family: string;
  benchmarkId: string;
  arm: string;
  epoch: number;
  /** Every metric the case lists, 0–100, in its own direction. */
  metrics: Partial<Record<MetricId, number>>;
  primary: { metric: MetricId; direction: 'higher' | 'lower'; value: number; alignedScore: number; threshold: number; passed: boolean };
  /** The wave verdict against the case's expected closure; an item that contradicts it cannot pass. */
  verdict?: { expected: 'close' | 'must-not-close'; closed: boolean; agrees: boolean };
  /** `infra-error` when an executor failed: kept apart from the agents' own failures. */
  classification: 'passed' | 'failed' | 'infra-error';
  infraErrors?: string[];
  /** Live-run figures: reported, never scored (time varies by machine). */
  live: {
    attempts: number;
    relaunchesByRole: Record<string, number>;
    gateOutcome: 'pass' | 'fail';
    failingStatusCode: string | null;
    finalStatus: string;
    exitCode: number;
    recordsWritten: number;
    responseMetrics: unknown;
    wallTimeMs: number;
    agentProcessTimeMs: number;
  };
  /** The gate snapshot of the last attempt, in evaluation order. */
  gates: { ok: boolean; gate: string; statusCode: string; agentId?: string; detail: string; waitingAgents?: string[] }[];
  /** The tail of the log of the agent behind the failing gate (or of cont-QA), for the report drill-down. */
  logExcerpt: string;
  artifacts: { workspace: string; traceDir: string | null };
}
