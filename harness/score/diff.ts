// Diffing two runs (SPEC 3.6): items matched by (case or task, arm, epoch), flips and metric
// deltas, paired statistics per arm, and configuration changes kept apart from behaviour changes. Pure.
import type { NativeItemResult, NativeResults } from '../schema/native-results.js';
import { compareArms, type BootstrapCi, type ScoredItem } from './stats.js';

export interface FieldChange {
  field: string;
  base: unknown;
  head: unknown;
}

export interface ItemFlip {
  itemId: string;
  from: 'pass' | 'fail';
  to: 'pass' | 'fail';
  baseClass: string;
  headClass: string;
}

export interface ArmDiff {
  arm: string;
  /** Items matched in both runs. */
  pairs: number;
  /** Cases among them: the CI resamples cases and McNemar counts cases (epochs clustered within their case). */
  distinctCases: number;
  meanDelta: number;
  ci: BootstrapCi;
  mcnemar: { passedOnlyInBase: number; passedOnlyInHead: number; pValue: number };
  confidentRegression: boolean;
  confidentImprovement: boolean;
}

export interface RunDiff {
  base: { version: string; revision: string | null; finishedAt: string };
  head: { version: string; revision: string | null; finishedAt: string };
  configuration: { changed: boolean; changes: FieldChange[] };
  added: string[];
  removed: string[];
  flips: ItemFlip[];
  classChanges: { itemId: string; base: string; head: string }[];
  metricDeltas: { itemId: string; metric: string; base: number; head: number; delta: number }[];
  arms: ArmDiff[];
  behaviourChanged: boolean;
  regression: boolean;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, Array.isArray(value) ? JSON.stringify(value) : value);
}

/** Fairness fields, input hashes, arm switches and epochs that differ, field by field. */
export function configurationChanges(base: NativeResults, head: NativeResults): FieldChange[] {
  // Arms (and cases) run in only one of the two runs show up as added/removed items and once here;
  // their switches and hashes are compared only where both runs have them.
  const armIds = (r: NativeResults) => r.metadata.arms.map((a) => a.id).sort();
  const shared = armIds(base).filter((id) => armIds(head).includes(id));
  const sharedCases = Object.keys(base.metadata.inputHashes.cases).filter((id) => id in head.metadata.inputHashes.cases);
  const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
  const pick = (r: NativeResults) => ({
    fairness: r.metadata.fairness,
    inputHashes: {
      cases: Object.fromEntries(sharedCases.map((id) => [id, r.metadata.inputHashes.cases[id]])),
      arms: Object.fromEntries(shared.map((id) => [id, r.metadata.inputHashes.arms[id]])),
    },
    arms: Object.fromEntries(r.metadata.arms.filter((a) => shared.includes(a.id)).map((a) => [a.id, a.features])),
    epochs: r.metadata.epochs,
  });
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(pick(base), '', a);
  flatten(pick(head), '', b);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const changes = keys.filter((k) => a.get(k) !== b.get(k)).map((k) => ({ field: k, base: a.get(k) ?? null, head: b.get(k) ?? null }));
  const armSets =
    only(armIds(base), armIds(head)).length || only(armIds(head), armIds(base)).length
      ? [{ field: 'arms (set)', base: armIds(base).join(','), head: armIds(head).join(',') }]
      : [];
  const caseSets =
    Object.keys(base.metadata.inputHashes.cases).sort().join(',') !== Object.keys(head.metadata.inputHashes.cases).sort().join(',')
      ? [
          {
            field: 'cases (set)',
            base: Object.keys(base.metadata.inputHashes.cases).sort().join(','),
            head: Object.keys(head.metadata.inputHashes.cases).sort().join(','),
          },
        ]
      : [];
  return [...armSets, ...caseSets, ...changes];
}

const outcome = (i: NativeItemResult): 'pass' | 'fail' => (i.primary.passed ? 'pass' : 'fail');

export function diffRuns(base: NativeResults, head: NativeResults, options: { seed?: number } = {}): RunDiff {
  const baseItems = new Map(base.items.map((i) => [i.itemId, i]));
  const headItems = new Map(head.items.map((i) => [i.itemId, i]));
  const shared = [...headItems.keys()].filter((id) => baseItems.has(id)).sort();
  const pairs = shared.map((id) => [baseItems.get(id)!, headItems.get(id)!] as const);
  const flips = pairs
    .filter(([b, h]) => outcome(b) !== outcome(h))
    .map(([b, h]) => ({ itemId: h.itemId, from: outcome(b), to: outcome(h), baseClass: b.classification, headClass: h.classification }));
  const classChanges = pairs
    .filter(([b, h]) => b.classification !== h.classification || (b.live.failingStatusCode ?? '') !== (h.live.failingStatusCode ?? ''))
    .map(([b, h]) => ({
      itemId: h.itemId,
      base: `${b.classification}${b.live.failingStatusCode ? `/${b.live.failingStatusCode}` : ''}`,
      head: `${h.classification}${h.live.failingStatusCode ? `/${h.live.failingStatusCode}` : ''}`,
    }));
  const metricDeltas = pairs.flatMap(([b, h]) =>
    [...new Set([...Object.keys(b.metrics), ...Object.keys(h.metrics)])].sort().flatMap((m) => {
      const bv = (b.metrics as Record<string, number>)[m];
      const hv = (h.metrics as Record<string, number>)[m];
      return bv !== undefined && hv !== undefined && bv !== hv
        ? [{ itemId: h.itemId, metric: m, base: bv, head: hv, delta: Math.round((hv - bv) * 100) / 100 }]
        : [];
    }),
  );
  const seed = options.seed ?? head.metadata.seed;
  const arms = [...new Set(pairs.map(([, h]) => h.arm))].sort().map((arm): ArmDiff => {
    // The two runs as two "arms" of one paired comparison: the same clustering by case as results.json.
    const scored = (run: 'base' | 'head', i: NativeItemResult): ScoredItem => ({
      unitId: i.caseId,
      family: i.family,
      arm: run,
      epoch: i.epoch,
      alignedScore: i.primary.alignedScore,
      passed: i.primary.passed,
    });
    const armPairs = pairs.filter(([, h]) => h.arm === arm);
    const c = compareArms(
      armPairs.flatMap(([b, h]) => [scored('base', b), scored('head', h)]),
      { baseline: 'base', practicalWin: 0, seed },
    )[0]!;
    const some = armPairs.length > 0;
    return {
      arm,
      pairs: c.pairs,
      distinctCases: c.distinctCases ?? 0,
      meanDelta: c.meanDelta,
      ci: c.ci,
      mcnemar: { passedOnlyInBase: c.mcnemar.baselineOnly, passedOnlyInHead: c.mcnemar.armOnly, pValue: c.mcnemar.pValue },
      confidentRegression: some && c.ci.high < 0,
      confidentImprovement: some && c.ci.low > 0,
    };
  });
  const changes = configurationChanges(base, head);
  return {
    base: { version: base.metadata.waveBenchVersion, revision: base.metadata.gitRevision, finishedAt: base.metadata.finishedAt },
    head: { version: head.metadata.waveBenchVersion, revision: head.metadata.gitRevision, finishedAt: head.metadata.finishedAt },
    configuration: { changed: changes.length > 0, changes },
    added: [...headItems.keys()].filter((id) => !baseItems.has(id)).sort(),
    removed: [...baseItems.keys()].filter((id) => !headItems.has(id)).sort(),
    flips,
    classChanges,
    metricDeltas,
    arms,
    behaviourChanged: flips.length > 0 || metricDeltas.length > 0 || classChanges.length > 0,
    regression: flips.some((f) => f.from === 'pass') || arms.some((a) => a.confidentRegression),
  };
}

/** The diff as markdown, configuration changes first so nobody reads a config change as a regression. */
/** Rounded for reading (one decimal, sign on deltas); `--json` keeps the exact numbers. */
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const signed = (x: number) => `${x > 0 ? '+' : ''}${fmt(x)}`;
const pValue = (p: number) => (p >= 0.0001 ? String(Number(p.toFixed(4))) : '<0.0001');

export function renderDiffMarkdown(d: RunDiff): string {
  const out = [
    `# wave-bench diff`,
    '',
    `base: ${d.base.version} (${d.base.revision?.slice(0, 12) ?? 'unknown'}, ${d.base.finishedAt}) · head: ${d.head.version} (${d.head.revision?.slice(0, 12) ?? 'unknown'}, ${d.head.finishedAt})`,
    '',
  ];
  out.push(
    '## Configuration changed',
    '',
    ...(d.configuration.changes.length
      ? [
          '| field | base | head |',
          '|---|---|---|',
          ...d.configuration.changes.map((c) => `| ${c.field} | ${JSON.stringify(c.base)} | ${JSON.stringify(c.head)} |`),
        ]
      : ['No: fairness fields, input hashes and arm switches are identical.']),
    '',
  );
  out.push(
    '## Behaviour changed',
    '',
    d.behaviourChanged
      ? `Yes: ${d.flips.length} flip(s), ${d.metricDeltas.length} metric change(s).`
      : 'No: every matched item scored the same.',
    '',
  );
  if (d.flips.length)
    out.push(
      '### Flips',
      '',
      '| item | base | head |',
      '|---|---|---|',
      ...d.flips.map((f) => `| ${f.itemId} | ${f.from} (${f.baseClass}) | ${f.to} (${f.headClass}) |`),
      '',
    );
  if (d.metricDeltas.length)
    out.push(
      '### Metric deltas',
      '',
      '| item | metric | base | head | Δ |',
      '|---|---|---|---|---|',
      ...d.metricDeltas.map((m) => `| ${m.itemId} | ${m.metric} | ${fmt(m.base)} | ${fmt(m.head)} | ${signed(m.delta)} |`),
      '',
    );
  out.push(
    '## Per arm (paired by item, clustered by case)',
    '',
    '| arm | cases (pairs) | mean Δ aligned | 95% CI | cases passing only in base / head (McNemar p) | verdict |',
    '|---|---|---|---|---|---|',
    ...d.arms.map(
      (a) =>
        `| ${a.arm} | ${a.distinctCases} (${a.pairs}) | ${signed(a.meanDelta)} | [${signed(a.ci.low)}, ${signed(a.ci.high)}] | ${a.mcnemar.passedOnlyInBase} / ${a.mcnemar.passedOnlyInHead} (${pValue(a.mcnemar.pValue)}) | ${a.confidentRegression ? 'confident regression' : a.confidentImprovement ? 'confident improvement' : 'no confident change'} |`,
    ),
    '',
  );
  if (d.added.length || d.removed.length)
    out.push('## Items added / removed', '', ...d.added.map((i) => `- added ${i}`), ...d.removed.map((i) => `- removed ${i}`), '');
  out.push(`Regression: ${d.regression ? 'yes' : 'no'}.`, '');
  return out.join('\n');
}
