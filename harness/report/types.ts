// results.json (SPEC 3.6): the run log every report is rendered from. Versioned; see
// docs/results-schema.md for what each field means and when it is absent.
import type { NativeItemResult } from '../run/results.js';
import type { ArmComparison, EpochAgreement, EpochSummary, FamilySummary } from '../score/stats.js';

export const RESULTS_SCHEMA_VERSION = 1;
export const RESULT_FILES = { json: 'results.json', markdown: 'results.md', csv: 'results.csv', html: 'report.html', items: 'items.jsonl' } as const;

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
  fairness: { executor: string; model: string | null; budget: { agentMinutes: number; turns: number | null }; maxRetries: number; temperature: string | null; verifier: string; dataset: string };
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
