// A pilot run seen through the native results shape, so the HTML report and `report diff` work on
// either kind of results. Resolved counts as passing; the failure class is the status code. How an
// item's agents coordinated (its wave's records, attempts, response metrics, proofs, gates) becomes
// its metrics, response metrics and gate snapshot, so the drill-down shows it and `report diff`
// reports its changes.
import type { PilotCoordination, PilotResults, UsageTotals } from '../schema/pilot-results.js';
import type { NativeResults } from '../schema/native-results.js';
import { compareArms, epochAgreement, summariseEpochs, summariseFamilies } from '../score/stats.js';
import { describeCost } from '../score/usage.js';

const describeUsage = (u: UsageTotals) =>
  `tokens: input ${u.inputTokens} + cached ${u.cachedInputTokens} + cache writes ${u.cacheWriteInputTokens}, output ${u.outputTokens} · ${u.turns} turns over ${u.agentRuns} agent runs · ${describeCost(u.costUsd)}`;

/** The coordination figures a release diff compares, by metric name (numbers only). */
function coordinationMetrics(c: PilotCoordination): Record<string, number> {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const figures: Record<string, number | undefined> = {
    'coordination-records': c.records,
    'launcher-attempts': c.attempts,
    'overdue-acks': n(c.responseMetrics.overdueAckCount),
    'overdue-clarifications': n(c.responseMetrics.overdueClarificationCount),
    'mean-time-to-first-ack-ms': n(c.responseMetrics.meanTimeToFirstAckMs),
    'proof-bundles': c.proofs.registered,
    'gates-failed': c.gates.filter((g) => !g.ok).length,
  };
  return Object.fromEntries(Object.entries(figures).filter((e): e is [string, number] => e[1] !== undefined));
}

export function pilotAsNative(r: PilotResults): NativeResults {
  const items = r.items.map((i) => ({
    itemId: i.itemId,
    caseId: i.instanceId,
    family: i.repo,
    benchmarkId: r.metadata.manifest?.id ?? 'dataset',
    arm: i.arm,
    epoch: i.epoch,
    metrics: { resolved: i.resolved ? 100 : 0, ...(i.coordination ? coordinationMetrics(i.coordination) : {}) } as Record<string, number>,
    primary: {
      metric: 'resolved' as never,
      direction: 'higher' as const,
      value: i.resolved ? 100 : 0,
      alignedScore: i.resolved ? 100 : 0,
      threshold: 100,
      passed: i.resolved,
    },
    classification: i.resolved ? ('passed' as const) : i.infra ? ('infra-error' as const) : ('failed' as const),
    ...(i.infra ? { infraErrors: [`${i.classification}: ${i.detail}`] } : {}),
    live: {
      attempts: i.coordination?.attempts ?? 1,
      relaunchesByRole: {},
      gateOutcome: i.resolved ? ('pass' as const) : ('fail' as const),
      failingStatusCode: i.resolved ? null : i.classification,
      finalStatus: i.classification,
      exitCode: 0,
      recordsWritten: i.coordination?.records ?? 0,
      responseMetrics: {
        ...(i.coordination ? { ...i.coordination.responseMetrics, proofs: i.coordination.proofs } : {}),
        tests: i.tests,
        gate: i.gate,
        image: i.image,
        durationsMs: i.durationsMs,
        ...(i.usage ? { usage: i.usage } : {}),
      },
      wallTimeMs: i.durationsMs.total,
      agentProcessTimeMs: i.durationsMs.agent,
    },
    gates: i.coordination?.gates.length
      ? i.coordination.gates
      : i.gate
        ? [{ ok: i.gate.ok, gate: 'wave gate snapshot', statusCode: i.gate.statusCode, detail: '' }]
        : [],
    logExcerpt: `${i.classification}: ${i.detail}${i.usage ? `\n${describeUsage(i.usage)}` : ''}${i.patch.excerpt ? `\n\n--- patch (${i.patch.bytes} bytes) ---\n${i.patch.excerpt}` : ''}`,
    artifacts: { workspace: i.artifacts.dir, traceDir: null },
  }));
  const scored = items.map((i) => ({
    unitId: i.caseId,
    family: i.family,
    arm: i.arm,
    epoch: i.epoch,
    alignedScore: i.primary.alignedScore,
    passed: i.primary.passed,
  }));
  const baseline = r.metadata.baselineArm ?? items[0]?.arm ?? 'none';
  return {
    schemaVersion: 1,
    kind: 'native',
    metadata: {
      waveBenchVersion: r.metadata.waveBenchVersion,
      gitRevision: r.metadata.gitRevision,
      node: r.metadata.node,
      docker: r.metadata.docker,
      startedAt: r.metadata.startedAt,
      finishedAt: r.metadata.finishedAt,
      commandLine: r.metadata.commandLine,
      inputHashes: {
        cases: {
          dataset: r.metadata.dataset.sha256,
          ...(r.metadata.manifest ? { manifest: r.metadata.manifest.sha256 } : {}),
          ...Object.fromEntries(Object.entries(r.metadata.images).map(([id, img]) => [`image:${id}`, img.digest])),
        },
        arms: {},
      },
      fairness: {
        executor: r.metadata.fairness.executor,
        model: r.metadata.fairness.model,
        budget: { ...r.metadata.fairness.budget, turns: null },
        maxRetries: r.metadata.fairness.maxRetries,
        temperature: null,
        verifier: `docker fresh container, ${r.metadata.fairness.verifyTimeoutSec}s, network ${r.metadata.fairness.verifyNetwork?.mode ?? 'none'}`,
        dataset: r.metadata.dataset.file,
      },
      seed: r.metadata.seed,
      epochs: r.metadata.epochs,
      baselineArm: baseline,
      baselineArms: [baseline],
      arms: [...new Set(items.map((i) => i.arm))].map((id) => ({ id, kind: 'base' as const, features: {} })),
    },
    items: items as NativeResults['items'],
    families: summariseFamilies(scored),
    comparisons: compareArms(scored, { baseline, practicalWin: 10, seed: r.metadata.seed }),
    epochs: summariseEpochs(scored),
    repeats: epochAgreement(scored),
    mechanisms: [],
  };
}
