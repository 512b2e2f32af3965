// The result model of a native run (SPEC 3.6): one item's result, the summaries computed over them,
// and results.json as a whole. Versioned; see docs/results-schema.md for what each field means and
// when it is absent. Plain types: the zod schema that validates a file read back is in ./results.ts.
import type { MetricId } from './metrics.js';

export const RESULTS_SCHEMA_VERSION = 1;
export const RESULT_FILES = {
  json: 'results.json',
  markdown: 'results.md',
  csv: 'results.csv',
  html: 'report.html',
  items: 'items.jsonl',
} as const;

/** What produced a run and when: shared by native and pilot results. */
export interface RunProvenance {
  waveBenchVersion: string;
  gitRevision: string | null;
  node: string;
  docker: string | null;
  startedAt: string;
  finishedAt: string;
  commandLine: string[];
}

export interface RunMetadata extends RunProvenance {
  /** sha256 of every input file, by kind and id: a changed input is a configuration change. */
  inputHashes: { cases: Record<string, string>; arms: Record<string, string> };
  /** Fields that must be equal across compared runs (SPEC 3.1 fairness). */
  fairness: {
    executor: string;
    model: string | null;
    /** `maxTokensPerItem`/`maxCostPerItemUsd`: pilot item ceilings, when the run set them. */
    budget: { agentMinutes: number; turns: number | null; maxTokensPerItem?: number; maxCostPerItemUsd?: number };
    maxRetries: number;
    temperature: string | null;
    verifier: string;
    dataset: string;
  };
  seed: number;
  epochs: number;
  /** The first baseline of the run (kept for readers of older results; see `baselineArms`). */
  baselineArm: string;
  /** Every baseline the comparisons are made against, in order (absent in older results: then `[baselineArm]`). */
  baselineArms?: string[];
  /** The arms of the run with their feature switches, as read from their files. */
  arms: { id: string; kind: 'base' | 'ablation'; ablationOf?: string; removes?: string; features: Record<string, unknown> }[];
}

/** For each ablation arm: the cases its parent passes and it fails, i.e. where the removed mechanism mattered. */
export interface MechanismFinding {
  arm: string;
  ablationOf: string;
  removes: string;
  casesLost: string[];
  casesGained: string[];
  /** Each flipped case and whether it declares the removed mechanism in its `probes` (absent in older results). */
  flips?: { caseId: string; change: 'lost' | 'gained'; declared: boolean }[];
  /** Cases that declare the removed mechanism in `probes` but did not flip (absent in older results). */
  declaredUnflipped?: string[];
}

/** The baselines of a run: `baselineArms`, or `[baselineArm]` in results written before there were several. */
export function baselinesOf(r: NativeResults): string[] {
  return r.metadata.baselineArms ?? [r.metadata.baselineArm];
}

export interface NativeResults {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  kind: 'native';
  metadata: RunMetadata;
  items: NativeItemResult[];
  families: FamilySummary[];
  comparisons: ArmComparison[];
  epochs: EpochSummary[];
  /** Distinct cases and whether repeated epochs were identical (absent in older results). */
  repeats?: EpochAgreement;
  mechanisms: MechanismFinding[];
}

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
  /** The item's spend ceiling (`run --max-tokens-per-item|--max-cost-per-item`) was passed: its agents were stopped, so it cannot pass. */
  budgetExceeded?: string;
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

export interface FamilySummary {
  family: string;
  arm: string;
  n: number;
  meanAlignedScore: number;
  passRate: number;
}

/** A bootstrap confidence interval of a mean, with what reproduces it. */
export interface BootstrapCi {
  level: number;
  low: number;
  high: number;
  resamples: number;
  seed: number;
}

export interface ArmComparison {
  baseline: string;
  arm: string;
  /** Paired (unit, epoch) items. */
  pairs: number;
  /** Paired units (cases): the observations the CI and McNemar are computed over (absent in results written before epochs were clustered). */
  distinctCases?: number;
  /** Mean over units of each unit's mean epoch delta. */
  meanDelta: number;
  ci: BootstrapCi;
  /** Discordant units (cases), each unit's outcome per arm by `unitPassed`. */
  mcnemar: { baselineOnly: number; armOnly: number; pValue: number };
  /** The CI's lower bound is above 0. */
  confidentWin: boolean;
  /** Mean delta at or above the practical-win threshold. */
  practicalWin: boolean;
}

/** Whether repeated epochs reproduced each other: one observation per unit when they did. */
export interface EpochAgreement {
  /** Most epochs any unit × arm ran. */
  epochs: number;
  /** Distinct units (cases) in the run. */
  distinctCases: number;
  /** Every unit × arm's epochs have identical fingerprints (true when each ran once). */
  identicalEpochs: boolean;
  /** `unit::arm` cells whose epochs differ, sorted. */
  differingCells: string[];
}

export interface EpochSummary {
  arm: string;
  epochs: number;
  passAtK: number;
  passHatK: number;
  flakyUnits: string[];
}
