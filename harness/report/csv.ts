// results.csv: one row per item × arm with a stable column order (SPEC 3.6).
import { stringify } from 'csv-stringify/sync';
import { METRIC_IDS } from '../schema/metrics.js';
import type { NativeResults } from '../schema/native-results.js';

export const NATIVE_CSV_COLUMNS = [
  'item_id',
  'case_id',
  'family',
  'arm',
  'epoch',
  'primary_metric',
  'primary_value',
  'aligned_score',
  'threshold',
  'passed',
  'classification',
  'attempts',
  'gate_outcome',
  'failing_status_code',
  'records_written',
  'wall_time_ms',
  ...METRIC_IDS,
] as const;

export function renderNativeCsv(r: NativeResults): string {
  const rows = r.items.map((i) => [
    i.itemId,
    i.caseId,
    i.family,
    i.arm,
    i.epoch,
    i.primary.metric,
    i.primary.value,
    i.primary.alignedScore,
    i.primary.threshold,
    i.primary.passed,
    i.classification,
    i.live.attempts,
    i.live.gateOutcome,
    i.live.failingStatusCode ?? '',
    i.live.recordsWritten,
    i.live.wallTimeMs,
    ...METRIC_IDS.map((m) => i.metrics[m] ?? ''),
  ]);
  return stringify([[...NATIVE_CSV_COLUMNS], ...rows]);
}
