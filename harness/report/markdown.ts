// results.md: the human summary of a native run (SPEC 3.6). Rendered from results.json alone.
import { comparisonVerdict, describeEpochAgreement } from '../score/stats.js';
import { armOverview, seconds } from './arm-overview.js';
import { baselinesOf, type NativeResults } from './types.js';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const signed = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x)}`;

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

function comparisonRows(r: NativeResults, baseline: string): string[][] {
  return r.comparisons.filter((c) => c.baseline === baseline).map((c) => [c.arm, c.distinctCases === undefined ? String(c.pairs) : `${c.distinctCases} (${c.pairs})`, signed(c.meanDelta), `[${signed(c.ci.low)}, ${signed(c.ci.high)}]`, `${c.mcnemar.baselineOnly} / ${c.mcnemar.armOnly}, p=${c.mcnemar.pValue}`, comparisonVerdict(c)]);
}

function mechanismRows(r: NativeResults): string[][] {
  const flipped = (m: NativeResults['mechanisms'][number], change: 'lost' | 'gained', cases: string[]) =>
    (m.flips ? m.flips.filter((f) => f.change === change).map((f) => `${f.caseId} (${f.declared ? 'declared' : 'not declared'})`) : cases).join(', ') || 'none';
  return r.mechanisms.map((m) => [m.arm, m.removes, m.ablationOf, flipped(m, 'lost', m.casesLost), flipped(m, 'gained', m.casesGained), m.declaredUnflipped ? m.declaredUnflipped.join(', ') || 'none' : 'n/a']);
}

export function renderNativeMarkdown(r: NativeResults): string {
  const baselines = baselinesOf(r);
  const out: string[] = [`# wave-bench native suite`, '', `wave-bench ${r.metadata.waveBenchVersion} · git ${r.metadata.gitRevision ?? 'unknown'} · ${r.items.length} items · ${r.metadata.epochs} epoch(s) · baseline${baselines.length > 1 ? 's' : ''} ${baselines.join(', ')} · seed ${r.metadata.seed} · retries ${r.metadata.fairness.maxRetries}`, ''];
  if (r.repeats) out.push(describeEpochAgreement(r.repeats), '');
  out.push('## Arms', '', 'Agent process time, attempts and records written are summed over the arm\'s items: what the scores cost (process time varies by machine; reported, never scored).', '');
  out.push(...table(['arm', 'items', 'passed', 'pass rate', 'mean aligned score', 'agent process time', 'attempts', 'records written', 'infra errors'], armOverview(r.items).map((a) => [a.arm, String(a.items), String(a.passed), `${fmt((100 * a.passed) / a.items)}%`, fmt(a.meanAlignedScore), seconds(a.agentProcessTimeMs), String(a.attempts), String(a.recordsWritten), String(a.infraErrors)])), '');
  out.push('## Families', '', ...table(['family', 'arm', 'n', 'mean aligned score', 'pass rate'], r.families.map((f) => [f.family, f.arm, String(f.n), fmt(f.meanAlignedScore), `${fmt(f.passRate)}%`])), '');
  const level = `${Math.round((r.comparisons[0]?.ci.level ?? 0.95) * 100)}% CI`;
  for (const baseline of baselines) {
    out.push(`## Comparisons against ${baseline}`, '', ...table(['arm', 'cases (pairs)', 'mean Δ', level, 'McNemar cases (base only / arm only, p)', 'verdict'], comparisonRows(r, baseline)), '');
  }
  out.push(`Bootstrap: ${r.comparisons[0]?.ci.resamples ?? 0} resamples of cases, seed ${r.metadata.seed}; each case's delta is the mean over its epochs, and a case passes for an arm when at least half its epochs passed. A win is confident only when the CI's lower bound is above 0.`, '');
  if (r.metadata.epochs > 1) {
    out.push(`## Repeats (${r.metadata.epochs} epochs)`, '', ...table(['arm', 'pass@k', 'pass^k', 'flaky cases'], r.epochs.map((e) => [e.arm, `${fmt(e.passAtK)}%`, `${fmt(e.passHatK)}%`, e.flakyUnits.join(', ') || 'none'])), '');
  }
  if (r.mechanisms.length) {
    out.push('## Which mechanism mattered where', '', 'A flipped case is *declared* when its `probes` name the removed mechanism.', '');
    out.push(...table(['ablation', 'removes', 'parent', 'cases lost vs parent', 'cases gained', 'declared but not flipped'], mechanismRows(r)), '');
  }
  out.push('## Items', '', ...table(['case', 'arm', 'epoch', 'primary metric', 'value', 'aligned', 'threshold', 'result', 'attempts', 'gate'], r.items.map((i) => [i.caseId, i.arm, String(i.epoch), i.primary.metric, fmt(i.primary.value), fmt(i.primary.alignedScore), fmt(i.primary.threshold), i.classification, String(i.live.attempts), i.live.failingStatusCode ?? i.live.gateOutcome])), '');
  const worst = r.comparisons.filter((c) => c.baseline === baselines[0]).flatMap((c) => r.items.filter((i) => i.arm === c.arm).map((i) => ({ i, base: r.items.find((b) => b.arm === c.baseline && b.caseId === i.caseId && b.epoch === i.epoch) }))).filter((x) => x.base && x.i.primary.alignedScore < x.base.primary.alignedScore).sort((a, b) => (a.i.primary.alignedScore - a.base!.primary.alignedScore) - (b.i.primary.alignedScore - b.base!.primary.alignedScore)).slice(0, 5);
  out.push(`## Worst regressions against ${baselines[0]}`, '', ...(worst.length ? worst.map((w) => `- ${w.i.caseId} · ${w.i.arm}: ${fmt(w.i.primary.alignedScore)} vs ${fmt(w.base!.primary.alignedScore)}`) : ['None.']), '');
  const failures = r.items.filter((i) => i.classification !== 'passed');
  out.push('## Failure review', '', ...(failures.length ? failures.map((i) => `- ${i.itemId}: ${i.classification}; ${i.primary.metric}=${fmt(i.primary.value)} (aligned ${fmt(i.primary.alignedScore)} < ${fmt(i.primary.threshold)}); final ${i.live.finalStatus}${i.live.failingStatusCode ? `, gate ${i.live.failingStatusCode}` : ''}${i.infraErrors ? `; infra: ${i.infraErrors.join('; ')}` : ''}`) : ['Every item passed.']), '');
  return out.join('\n');
}
