// results.md: the human summary of a native run (SPEC 3.6). Rendered from results.json alone.
import { comparisonVerdict, describeEpochAgreement } from '../score/stats.js';
import { armOverview, seconds } from './arm-overview.js';
import { baselinesOf, type NativeItemResult, type NativeResults } from '../schema/native-results.js';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const signed = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x)}`;

/** `↓ lower` / `↑ higher`: which way the raw value of a metric is better. */
export const directionLabel = (direction: 'higher' | 'lower') => (direction === 'lower' ? '↓ lower' : '↑ higher');

/** Why an item did not pass, in one line: infrastructure, the primary metric against its threshold, the failing gate. */
export function failureReason(i: NativeItemResult): string {
  if (i.classification === 'passed') return 'passed';
  const p = i.primary;
  const metric = `${p.metric} = ${fmt(p.value)} (${directionLabel(p.direction)} is better; aligned ${fmt(p.alignedScore)} < threshold ${fmt(p.threshold)})`;
  const gate = i.gates.find((g) => !g.ok);
  const parts = [
    ...(i.infraErrors?.length ? [`infrastructure: ${i.infraErrors.join('; ')}`] : []),
    ...(i.budgetExceeded ? [`spend ceiling passed, agents stopped: ${i.budgetExceeded}`] : []),
    ...(p.passed ? [] : [metric]),
    ...(gate
      ? [`gate ${gate.gate}${gate.agentId ? ` (${gate.agentId})` : ''} failed: ${gate.statusCode}${gate.detail ? ` — ${gate.detail}` : ''}`]
      : i.live.failingStatusCode
        ? [`gate failed: ${i.live.failingStatusCode}`]
        : []),
  ];
  return parts.join('; ') || `final status ${i.live.finalStatus}`;
}

/** How to get a comparison when a run had a single arm. */
export const NO_COMPARISON =
  'Only one arm ran, so there is nothing to compare against. Run two or more arms (for example `wave-bench run --arm single-agent --arm full-wave`, or no `--arm` for every base arm) to get paired comparisons and bootstrap CIs.';

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function comparisonRows(r: NativeResults, baseline: string): string[][] {
  return r.comparisons
    .filter((c) => c.baseline === baseline)
    .map((c) => [
      c.arm,
      c.distinctCases === undefined ? String(c.pairs) : `${c.distinctCases} (${c.pairs})`,
      signed(c.meanDelta),
      `[${signed(c.ci.low)}, ${signed(c.ci.high)}]`,
      `${c.mcnemar.baselineOnly} / ${c.mcnemar.armOnly}, p=${c.mcnemar.pValue}`,
      comparisonVerdict(c),
    ]);
}

function mechanismRows(r: NativeResults): string[][] {
  const flipped = (m: NativeResults['mechanisms'][number], change: 'lost' | 'gained', cases: string[]) =>
    (m.flips
      ? m.flips.filter((f) => f.change === change).map((f) => `${f.caseId} (${f.declared ? 'declared' : 'not declared'})`)
      : cases
    ).join(', ') || 'none';
  return r.mechanisms.map((m) => [
    m.arm,
    m.removes,
    m.ablationOf,
    flipped(m, 'lost', m.casesLost),
    flipped(m, 'gained', m.casesGained),
    m.declaredUnflipped ? m.declaredUnflipped.join(', ') || 'none' : 'n/a',
  ]);
}

export function renderNativeMarkdown(r: NativeResults): string {
  const baselines = baselinesOf(r);
  const out: string[] = [
    `# wave-bench native suite`,
    '',
    `wave-bench ${r.metadata.waveBenchVersion} · git ${r.metadata.gitRevision ?? 'unknown'} · ${r.items.length} items · ${r.metadata.epochs} epoch(s) · ${r.comparisons.length ? `reference arm${baselines.length > 1 ? 's' : ''} ${baselines.join(', ')}` : 'one arm, no comparison'} · seed ${r.metadata.seed} · retries ${r.metadata.fairness.maxRetries}`,
    '',
  ];
  if (r.repeats) out.push(describeEpochAgreement(r.repeats), '');
  out.push(
    '## Arms',
    '',
    "Agent process time, attempts and records written are summed over the arm's items: what the scores cost (process time varies by machine; reported, never scored).",
    '',
  );
  out.push(
    ...table(
      ['arm', 'items', 'passed', 'pass rate', 'mean aligned score', 'agent process time', 'attempts', 'records written', 'infra errors'],
      armOverview(r.items).map((a) => [
        a.arm,
        String(a.items),
        String(a.passed),
        `${fmt((100 * a.passed) / a.items)}%`,
        fmt(a.meanAlignedScore),
        seconds(a.agentProcessTimeMs),
        String(a.attempts),
        String(a.recordsWritten),
        String(a.infraErrors),
      ]),
    ),
    '',
  );
  out.push(
    '## Families',
    '',
    ...table(
      ['family', 'arm', 'n', 'mean aligned score', 'pass rate'],
      r.families.map((f) => [f.family, f.arm, String(f.n), fmt(f.meanAlignedScore), `${fmt(f.passRate)}%`]),
    ),
    '',
  );
  const level = `${Math.round((r.comparisons[0]?.ci.level ?? 0.95) * 100)}% CI`;
  if (r.comparisons.length === 0) out.push('## Comparisons', '', NO_COMPARISON, '');
  for (const baseline of r.comparisons.length ? baselines : []) {
    out.push(
      `## Comparisons against the reference arm ${baseline}`,
      '',
      ...table(
        ['arm', 'cases (pairs)', 'mean Δ aligned', level, `McNemar cases (only ${baseline} passes / only arm passes, p)`, 'verdict'],
        comparisonRows(r, baseline),
      ),
      '',
    );
  }
  if (r.comparisons.length)
    out.push(
      `Bootstrap: ${r.comparisons[0]?.ci.resamples ?? 0} resamples of cases, seed ${r.metadata.seed}; each case's delta is the mean over its epochs, and a case passes for an arm when at least half its epochs passed. A win is confident only when the CI's lower bound is above 0.`,
      '',
    );
  if (r.metadata.epochs > 1) {
    out.push(
      `## Repeats (${r.metadata.epochs} epochs)`,
      '',
      ...table(
        ['arm', 'pass@k', 'pass^k', 'flaky cases'],
        r.epochs.map((e) => [e.arm, `${fmt(e.passAtK)}%`, `${fmt(e.passHatK)}%`, e.flakyUnits.join(', ') || 'none']),
      ),
      '',
    );
  }
  if (r.mechanisms.length) {
    out.push('## Which mechanism mattered where', '', 'A flipped case is *declared* when its `probes` name the removed mechanism.', '');
    out.push(
      ...table(['ablation', 'removes', 'parent', 'cases lost vs parent', 'cases gained', 'declared but not flipped'], mechanismRows(r)),
      '',
    );
  }
  out.push(
    'Aligned score: the primary metric turned so that higher is always better (a ↓ lower-is-better metric scores 100 − value). An item passes when its aligned score reaches the threshold.',
    '',
  );
  out.push(
    '## Items',
    '',
    ...table(
      ['case', 'arm', 'epoch', 'primary metric', 'better', 'value', 'aligned', 'threshold', 'result', 'attempts', 'wave gate'],
      r.items.map((i) => [
        i.caseId,
        i.arm,
        String(i.epoch),
        i.primary.metric,
        directionLabel(i.primary.direction),
        fmt(i.primary.value),
        fmt(i.primary.alignedScore),
        fmt(i.primary.threshold),
        i.classification,
        String(i.live.attempts),
        i.live.failingStatusCode ?? i.live.gateOutcome,
      ]),
    ),
    '',
  );
  const worst = r.comparisons
    .filter((c) => c.baseline === baselines[0])
    .flatMap((c) =>
      r.items
        .filter((i) => i.arm === c.arm)
        .map((i) => ({ i, base: r.items.find((b) => b.arm === c.baseline && b.caseId === i.caseId && b.epoch === i.epoch) })),
    )
    .filter((x) => x.base && x.i.primary.alignedScore < x.base.primary.alignedScore)
    .sort((a, b) => a.i.primary.alignedScore - a.base!.primary.alignedScore - (b.i.primary.alignedScore - b.base!.primary.alignedScore))
    .slice(0, 5);
  if (r.comparisons.length)
    out.push(
      `## Worst regressions against the reference arm ${baselines[0]}`,
      '',
      ...(worst.length
        ? worst.map((w) => `- ${w.i.caseId} · ${w.i.arm}: aligned ${fmt(w.i.primary.alignedScore)} vs ${fmt(w.base!.primary.alignedScore)}`)
        : ['None.']),
      '',
    );
  const failures = r.items.filter((i) => i.classification !== 'passed');
  out.push(
    '## Failure review',
    '',
    ...(failures.length
      ? failures.map((i) => `- ${i.itemId}: ${i.classification}; ${failureReason(i)}; launcher: wave ${i.live.finalStatus}`)
      : ['Every item passed.']),
    '',
  );
  return out.join('\n');
}
