// Pilot reports (SPEC 3.6): results.json (kind "pilot"), results.md, results.csv, and the failure
// review (every non-resolved item with its class, split into model failures and infrastructure).
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { PilotResults } from '../schema/pilot-results.js';
import { describeCost } from '../score/usage.js';
import { writeFileAtomic } from '../fs/write-file.js';
import { renderNativeHtml } from './html.js';
import { pilotAsNative } from './pilot-view.js';

export const PILOT_CSV_COLUMNS = [
  'item_id',
  'instance_id',
  'repo',
  'language',
  'arm',
  'epoch',
  'resolved',
  'classification',
  'infra',
  'patch_bytes',
  'image_digest',
  'agent_ms',
  'verify_ms',
  'total_ms',
  'input_tokens',
  'cached_input_tokens',
  'output_tokens',
  'cost_usd',
] as const;

export function renderPilotMarkdown(r: PilotResults): string {
  const out = [
    `# wave-bench pilot${r.metadata.manifest ? `: ${r.metadata.manifest.id}` : ''}`,
    '',
    `wave-bench ${r.metadata.waveBenchVersion} · docker ${r.metadata.docker ?? 'unknown'} · ${r.items.length} items · executor ${r.metadata.fairness.executor}${r.metadata.manifest ? ` · manifest sha256 ${r.metadata.manifest.sha256.slice(0, 12)}${r.metadata.manifest.comparisonReady ? '' : ' (review-only, not comparison-ready)'}` : ''}`,
    '',
  ];
  out.push(
    '## Arms',
    '',
    '| arm | items | resolved | strict rate | infra failures | infra-adjusted rate | classes |',
    '|---|---|---|---|---|---|---|',
  );
  for (const a of r.arms)
    out.push(
      `| ${a.arm} | ${a.items} | ${a.resolved} | ${a.strictRate}% | ${a.infraFailures} | ${a.infraAdjustedRate}% | ${Object.entries(
        a.classes,
      )
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')} |`,
    );
  out.push('');
  if (r.cluster)
    out.push(
      '## Nodes',
      '',
      '| node | items | resolved | infra failures |',
      '|---|---|---|---|',
      ...r.cluster.nodes.map((n) => `| ${n.node} | ${n.items} | ${n.resolved} | ${n.infraFailures} |`),
      ...(r.cluster.itemsWithoutNode ? [`| (no job ran) | ${r.cluster.itemsWithoutNode} | 0 | – |`] : []),
      '',
    );
  const used = r.arms.filter((a) => a.usage);
  if (used.length) {
    out.push(
      '## Tokens and cost',
      '',
      '| arm | agent runs | turns | input | cached input | cache writes | output | cost | cost per resolved task |',
      '|---|---|---|---|---|---|---|---|---|',
    );
    for (const a of used)
      out.push(
        `| ${a.arm} | ${a.usage!.agentRuns} | ${a.usage!.turns} | ${a.usage!.inputTokens} | ${a.usage!.cachedInputTokens} | ${a.usage!.cacheWriteInputTokens} | ${a.usage!.outputTokens} | ${describeCost(a.usage!.costUsd)} | ${a.usage!.costPerResolvedUsd === null ? '–' : describeCost(a.usage!.costPerResolvedUsd)} |`,
      );
    out.push('');
  }
  if (r.comparisons.length) {
    out.push(
      `## Comparisons against the reference arm ${r.metadata.baselineArm}`,
      '',
      '| arm | tasks (pairs) | mean Δ resolve | 95% CI | McNemar tasks base-only / arm-only (p) |',
      '|---|---|---|---|---|',
    );
    for (const c of r.comparisons)
      out.push(
        `| ${c.arm} | ${c.distinctCases ?? '–'} (${c.pairs}) | ${c.meanDelta.toFixed(1)} | [${c.ci.low.toFixed(1)}, ${c.ci.high.toFixed(1)}] | ${c.mcnemar.baselineOnly} / ${c.mcnemar.armOnly} (${c.mcnemar.pValue}) |`,
      );
    out.push('');
  }
  if (r.quarantined.length) out.push('## Quarantined instances', '', ...r.quarantined.map((q) => `- ${q.instanceId}: ${q.reason}`), '');
  out.push(
    '## Items',
    '',
    '| item | class | detail |',
    '|---|---|---|',
    ...r.items.map((i) => `| ${i.itemId} | ${i.classification} | ${i.detail.replace(/\|/g, '\\|').replace(/\n/g, ' ').slice(0, 160)} |`),
    '',
  );
  return out.join('\n');
}

export function renderPilotCsv(r: PilotResults): string {
  return stringify([
    [...PILOT_CSV_COLUMNS],
    ...r.items.map((i) => [
      i.itemId,
      i.instanceId,
      i.repo,
      i.language,
      i.arm,
      i.epoch,
      i.resolved,
      i.classification,
      i.infra,
      i.patch.bytes,
      i.image?.digest ?? '',
      i.durationsMs.agent,
      i.durationsMs.verify,
      i.durationsMs.total,
      i.usage?.inputTokens ?? '',
      i.usage?.cachedInputTokens ?? '',
      i.usage?.outputTokens ?? '',
      i.usage ? (i.usage.costUsd ?? 'unknown') : '',
    ]),
  ]);
}

export function failureReview(r: PilotResults) {
  const failures = r.items.filter((i) => !i.resolved);
  return {
    modelFailures: failures
      .filter((i) => !i.infra)
      .map((i) => ({
        itemId: i.itemId,
        classification: i.classification,
        detail: i.detail,
        patch: join(i.artifacts.dir, 'patch.diff'),
        testOutput: join(i.artifacts.dir, 'test-output.txt'),
      })),
    infrastructureFailures: failures
      .filter((i) => i.infra)
      .map((i) => ({ itemId: i.itemId, classification: i.classification, detail: i.detail })),
  };
}

/** Writes results.json (unless only re-rendering) and every rendering of a pilot run. */
export function writePilotReports(outDir: string, r: PilotResults, options: { renderOnly?: boolean } = {}): string[] {
  mkdirSync(outDir, { recursive: true });
  const review = failureReview(r);
  const files: [string, string][] = [
    ['results.json', JSON.stringify(r, null, 2) + '\n'],
    ['results.md', renderPilotMarkdown(r)],
    ['results.csv', renderPilotCsv(r)],
    ['failure-review.json', JSON.stringify(review, null, 2) + '\n'],
    [
      'failure-review.md',
      [
        '# Failure review',
        '',
        '## Model failures (trustworthy)',
        '',
        ...(review.modelFailures.map((f) => `- ${f.itemId}: **${f.classification}** — ${f.detail}`) || []),
        '',
        '## Infrastructure failures (excluded from the infra-adjusted rate)',
        '',
        ...review.infrastructureFailures.map((f) => `- ${f.itemId}: **${f.classification}** — ${f.detail}`),
        '',
      ].join('\n'),
    ],
  ];
  files.push(['report.html', renderNativeHtml(pilotAsNative(r))]);
  const chosen = options.renderOnly ? files.filter(([name]) => name !== 'results.json') : files;
  for (const [name, data] of chosen) writeFileAtomic(join(outDir, name), data);
  return chosen.map(([name]) => join(outDir, name));
}
