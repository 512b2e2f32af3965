// Statistics over item results (SPEC 3.4): family summaries, paired arm comparisons with a seeded
// bootstrap CI and an exact McNemar test, and epoch figures (pass@k, pass^k, flakiness). Pure.
//
// Epochs are clustered within their case (unit): a comparison first pairs items by (unit, epoch),
// then folds each unit's pairs into one observation — its delta is the mean of its epoch deltas,
// and its outcome per arm follows `unitPassed`. The bootstrap resamples units and McNemar counts
// discordant units, so bit-identical epochs of a deterministic run add no false confidence.

import type { ArmComparison, BootstrapCi, EpochAgreement, EpochSummary, FamilySummary } from '../schema/native-results.js';

export type { ArmComparison, BootstrapCi, EpochAgreement, EpochSummary, FamilySummary };

export interface ScoredItem {
  /** The unit items are paired on across arms (case or task id). */
  unitId: string;
  family: string;
  arm: string;
  epoch: number;
  alignedScore: number;
  passed: boolean;
  /** What must be equal for two epochs of a unit × arm to count as identical (e.g. its metrics as JSON); default score and outcome. */
  fingerprint?: string;
}

export const DEFAULT_RESAMPLES = 2_000;
export const DEFAULT_SEED = 20_261_124;

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function summariseFamilies(items: readonly ScoredItem[]): FamilySummary[] {
  const groups = new Map<string, ScoredItem[]>();
  for (const it of items) groups.set(`${it.family}\u0000${it.arm}`, [...(groups.get(`${it.family}\u0000${it.arm}`) ?? []), it]);
  return [...groups.entries()]
    .map(([key, list]) => {
      const [family, arm] = key.split('\u0000') as [string, string];
      return {
        family,
        arm,
        n: list.length,
        meanAlignedScore: round(mean(list.map((i) => i.alignedScore))),
        passRate: round((100 * list.filter((i) => i.passed).length) / list.length),
      };
    })
    .sort((a, b) => a.family.localeCompare(b.family) || a.arm.localeCompare(b.arm));
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same resamples everywhere. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Percentile bootstrap CI of the mean of `deltas`. */
export function bootstrapMeanCi(
  deltas: readonly number[],
  options: { resamples?: number; seed?: number; level?: number } = {},
): BootstrapCi {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const level = options.level ?? 0.95;
  if (deltas.length === 0) return { level, low: 0, high: 0, resamples, seed };
  const random = seededRandom(seed);
  const means: number[] = [];
  for (let r = 0; r < resamples; r += 1) {
    let sum = 0;
    for (let i = 0; i < deltas.length; i += 1) sum += deltas[Math.floor(random() * deltas.length)]!;
    means.push(sum / deltas.length);
  }
  means.sort((a, b) => a - b);
  const at = (q: number) => means[Math.min(means.length - 1, Math.max(0, Math.floor(q * means.length)))]!;
  return { level, low: round(at((1 - level) / 2)), high: round(at(1 - (1 - level) / 2)), resamples, seed };
}

/** Exact two-sided McNemar p-value from the discordant counts. */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  let tail = 0;
  let coef = 1; // C(n, 0)
  for (let i = 0; i <= k; i += 1) {
    if (i > 0) coef = (coef * (n - i + 1)) / i;
    tail += coef;
  }
  return round(Math.min(1, (2 * tail) / 2 ** n), 6);
}

/**
 * A unit passes for an arm when at least half of its epochs passed (mean pass rate >= 0.5). When
 * every epoch agrees this is simply that outcome; a 1-of-2 split counts as a pass.
 */
export function unitPassed(outcomes: readonly boolean[]): boolean {
  return outcomes.length > 0 && 2 * outcomes.filter(Boolean).length >= outcomes.length;
}

interface ComparisonOptions {
  practicalWin: number;
  seed?: number;
  resamples?: number;
}

/** Every non-baseline arm against the baseline: pairs by (unit, epoch), clustered by unit. */
export function compareArms(
  items: readonly ScoredItem[],
  options: ComparisonOptions & { baseline: string; exclude?: readonly string[] },
): ArmComparison[] {
  const key = (i: ScoredItem) => `${i.unitId}\u0000${i.epoch}`;
  const base = new Map(items.filter((i) => i.arm === options.baseline).map((i) => [key(i), i]));
  const arms = [...new Set(items.map((i) => i.arm))].filter((a) => a !== options.baseline && !options.exclude?.includes(a)).sort();
  return arms.map((arm) => {
    const pairs = items.filter((i) => i.arm === arm && base.has(key(i))).map((i) => [base.get(key(i))!, i] as const);
    const units = new Map<string, (typeof pairs)[number][]>();
    for (const p of pairs) units.set(p[1].unitId, [...(units.get(p[1].unitId) ?? []), p]);
    // Sorted by unit so the resamples do not depend on the order items finished in.
    const clusters = [...units.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, ps]) => ({
        delta: mean(ps.map(([b, a]) => a.alignedScore - b.alignedScore)),
        basePassed: unitPassed(ps.map(([b]) => b.passed)),
        armPassed: unitPassed(ps.map(([, a]) => a.passed)),
      }));
    const deltas = clusters.map((c) => c.delta);
    const ci = bootstrapMeanCi(deltas, {
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.resamples !== undefined ? { resamples: options.resamples } : {}),
    });
    const baselineOnly = clusters.filter((c) => c.basePassed && !c.armPassed).length;
    const armOnly = clusters.filter((c) => !c.basePassed && c.armPassed).length;
    const meanDelta = round(mean(deltas));
    return {
      baseline: options.baseline,
      arm,
      pairs: pairs.length,
      distinctCases: clusters.length,
      meanDelta,
      ci,
      mcnemar: { baselineOnly, armOnly, pValue: mcnemarExact(baselineOnly, armOnly) },
      confidentWin: clusters.length > 0 && ci.low > 0,
      practicalWin: meanDelta >= options.practicalWin,
    };
  });
}

/** How a comparison reads: a confident win or loss only when the whole CI is on one side of 0. */
export function comparisonVerdict(c: Pick<ArmComparison, 'ci' | 'confidentWin'>): 'confident win' | 'confident loss' | 'not confident' {
  return c.confidentWin ? 'confident win' : c.ci.high < 0 ? 'confident loss' : 'not confident';
}

/**
 * Every arm against each baseline in turn (baselines absent from `items` are skipped). An arm that
 * is an earlier baseline is not compared again against a later one (that would be the mirror image).
 */
export function compareAgainstBaselines(
  items: readonly ScoredItem[],
  options: ComparisonOptions & { baselines: readonly string[] },
): ArmComparison[] {
  const present = new Set(items.map((i) => i.arm));
  const baselines = [...new Set(options.baselines)].filter((b) => present.has(b));
  return baselines.flatMap((baseline, n) => compareArms(items, { ...options, baseline, exclude: baselines.slice(0, n) }));
}

export function epochAgreement(items: readonly ScoredItem[]): EpochAgreement {
  const cells = new Map<string, Set<string>>();
  const runs = new Map<string, number>();
  for (const i of items) {
    const cell = `${i.unitId}::${i.arm}`;
    cells.set(cell, (cells.get(cell) ?? new Set()).add(i.fingerprint ?? JSON.stringify([i.alignedScore, i.passed])));
    runs.set(cell, (runs.get(cell) ?? 0) + 1);
  }
  const differingCells = [...cells.entries()]
    .filter(([, f]) => f.size > 1)
    .map(([c]) => c)
    .sort();
  return {
    epochs: Math.max(0, ...runs.values()),
    distinctCases: new Set(items.map((i) => i.unitId)).size,
    identicalEpochs: differingCells.length === 0,
    differingCells,
  };
}

/** One line for reports: "deterministic: 3 identical epochs", or how many cells differed. */
export function describeEpochAgreement(a: EpochAgreement): string {
  const cases = `${a.distinctCases} distinct case${a.distinctCases === 1 ? '' : 's'}`;
  if (a.epochs <= 1) return `${cases}, 1 epoch`;
  if (a.identicalEpochs) return `${cases} · deterministic: ${a.epochs} identical epochs (each case counted once)`;
  return `${cases} · ${a.epochs} epochs, not identical in ${a.differingCells.length} case × arm cell(s); epochs clustered by case`;
}

/** pass@k (some epoch passed), pass^k (every epoch passed) and units whose outcome varies. */
export function summariseEpochs(items: readonly ScoredItem[]): EpochSummary[] {
  const arms = [...new Set(items.map((i) => i.arm))].sort();
  return arms.map((arm) => {
    const units = new Map<string, boolean[]>();
    for (const i of items.filter((x) => x.arm === arm)) units.set(i.unitId, [...(units.get(i.unitId) ?? []), i.passed]);
    const outcomes = [...units.values()];
    return {
      arm,
      epochs: Math.max(0, ...outcomes.map((o) => o.length)),
      passAtK: round((100 * outcomes.filter((o) => o.some(Boolean)).length) / Math.max(1, outcomes.length)),
      passHatK: round((100 * outcomes.filter((o) => o.every(Boolean)).length) / Math.max(1, outcomes.length)),
      flakyUnits: [...units.entries()]
        .filter(([, o]) => o.some(Boolean) && !o.every(Boolean))
        .map(([u]) => u)
        .sort(),
    };
  });
}
