// The native metrics of SPEC 3.2 and their direction. alignedScore flips lower-is-better ones.
export const METRICS = {
  'distributed-info-accuracy': 'higher',
  'latent-asymmetry-surfacing-rate': 'higher',
  'premature-convergence-rate': 'lower',
  'global-state-reconstruction-rate': 'higher',
  'summary-fact-retention-rate': 'higher',
  'communication-reasoning-gap': 'lower',
  'projection-consistency-rate': 'higher',
  'targeted-inbox-recall': 'higher',
  'integration-coherence-rate': 'higher',
  'contradiction-detection-rate': 'higher',
  'repair-closure-rate': 'higher',
  'false-consensus-rate': 'lower',
  'deadlock-rate': 'lower',
  'contention-resolution-rate': 'higher',
  'symmetry-breaking-rate': 'higher',
  'expert-preservation-rate': 'higher',
  'capability-routing-precision': 'higher',
  'expert-performance-gap': 'lower',
} as const;

export type MetricId = keyof typeof METRICS;
export const METRIC_IDS = Object.keys(METRICS) as MetricId[];

/** The score oriented so that higher is always better (SPEC 3.2). */
export function alignedScore(metric: MetricId, value: number): number {
  return METRICS[metric] === 'lower' ? 100 - value : value;
}
