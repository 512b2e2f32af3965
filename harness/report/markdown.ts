// results.md: the human summary of a native run (SPEC 3.6). Rendered from results.json alone.
import type { NativeResults } from './types.js';

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const signed = (x: number) => `${x >= 0 ? '+' : ''}${fmt(x)}`;

function table(header: string[], rows: string[][]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
}

export function renderNativeMarkdown(r: NativeResults): string {
  const arms = [...new Set(r.items.map((i) => i.arm))];
  const out: string[] = [`# wave-bench native suite`, '', `wave-bench ${r.metadata.waveBenchVersion} · git ${r.metadata.gitRevision ?? 'unknown'} · ${r.items.length} items · ${r.metadata.epochs} epoch(s) · baseline ${r.metadata.baselineArm} · seed ${r.metadata.seed}`, ''];
  out.push('## Arms', '', ...table(['arm', 'items', 'passed', 'pass rate', 'mean aligned score', 'infra errors'], arms.map((arm) => {
    const items = r.items.filter((i) => i.arm === arm);
    const passed = items.filter((i) => i.primary.passed).length;
    return [arm, String(items.length), String(passed), `${fmt((100 * passed) / items.length)}%`, fmt(items.reduce((s, i) => s + i.primary.alignedScore, 0) / items.length), String(items.filter((i) => i.classification === 'infra-error').length)];
  })), '');
  out.push('## Families', '', ...table(['family', 'arm', 'n', 'mean aligned score', 'pass rate'], r.families.map((f) => [f.family, f.arm, String(f.n), fmt(f.meanAlignedScore), `${fmt(f.passRate)}%`])), '');
  out.push(`## Comparisons against ${r.metadata.baselineArm}`, '', ...table(['arm', 'pairs', 'mean Δ', `${Math.round((r.comparisons[0]?.ci.level ?? 0.95) * 100)}% CI`, 'McNemar (base only / arm only, p)', 'verdict'], r.comparisons.map((c) => [c.arm, String(c.pairs), signed(c.meanDelta), `[${signed(c.ci.low)}, ${signed(c.ci.high)}]`, `${c.mcnemar.baselineOnly} / ${c.mcnemar.armOnly}, p=${c.mcnemar.pValue}`, c.confidentWin ? 'confident win' : c.meanDelta < 0 && c.ci.high < 0 ? 'confident loss' : 'not confident'])), '');
  out.push(`Bootstrap: ${r.comparisons[0]?.ci.resamples ?? 0} resamples, seed ${r.metadata.seed}. A win is confident only when the CI's lower bound is above 0.`, '');
  if (r.metadata.epochs > 1) {
    out.push(`## Repeats (${r.metadata.epochs} epochs)`, '', ...table(['arm', 'pass@k', 'pass^k', 'flaky cases'], r.epochs.map((e) => [e.arm, `${fmt(e.passAtK)}%`, `${fmt(e.passHatK)}%`, e.flakyUnits.join(', ') || 'none'])), '');
  }
  if (r.mechanisms.length) {
    out.push('## Which mechanism mattered where', '', ...table(['ablation', 'removes', 'cases lost vs ' + (r.mechanisms[0]?.ablationOf ?? 'parent'), 'cases gained'], r.mechanisms.map((m) => [m.arm, m.removes, m.casesLost.join(', ') || 'none', m.casesGained.join(', ') || 'none'])), '');
  }
  out.push('## Items', '', ...table(['case', 'arm', 'epoch', 'primary metric', 'value', 'aligned', 'threshold', 'result', 'attempts', 'gate'], r.items.map((i) => [i.caseId, i.arm, String(i.epoch), i.primary.metric, fmt(i.primary.value), fmt(i.primary.alignedScore), fmt(i.primary.threshold), i.classification, String(i.live.attempts), i.live.failingStatusCode ?? i.live.gateOutcome])), '');
  const worst = r.comparisons.flatMap((c) => r.items.filter((i) => i.arm === c.arm).map((i) => ({ i, base: r.items.find((b) => b.arm === c.baseline && b.caseId === i.caseId && b.epoch === i.epoch) }))).filter((x) => x.base && x.i.primary.alignedScore < x.base.primary.alignedScore).sort((a, b) => (a.i.primary.alignedScore - a.base!.primary.alignedScore) - (b.i.primary.alignedScore - b.base!.primary.alignedScore)).slice(0, 5);
  out.push('## Worst regressions against the baseline', '', ...(worst.length ? worst.map((w) => `- ${w.i.caseId} · ${w.i.arm}: ${fmt(w.i.primary.alignedScore)} vs ${fmt(w.base!.primary.alignedScore)}`) : ['None.']), '');
  const failures = r.items.filter((i) => i.classification !== 'passed');
  out.push('## Failure review', '', ...(failures.length ? failures.map((i) => `- ${i.itemId}: ${i.classification}; ${i.primary.metric}=${fmt(i.primary.value)} (aligned ${fmt(i.primary.alignedScore)} < ${fmt(i.primary.threshold)}); final ${i.live.finalStatus}${i.live.failingStatusCode ? `, gate ${i.live.failingStatusCode}` : ''}${i.infraErrors ? `; infra: ${i.infraErrors.join('; ')}` : ''}`) : ['Every item passed.']), '');
  return out.join('\n');
}
