// A pilot run: tasks × arms (or calibration agents) × epochs through Docker, bounded concurrency,
// resume by input hash, retry of infrastructure failures only, then summaries and comparisons.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerClient as Docker } from '../sandboxes/docker/engine.js';
import { runBoundedTasks } from '../../orchestrator/index.js';
import type { DatasetRow } from '../schema/pilot.js';
import { compareArms, type ArmComparison } from '../score/stats.js';
import { addTotals } from '../score/usage.js';
import { INFRA_CLASSES, type ArmSummary, type PilotItemResult } from '../schema/pilot-results.js';
import {
  isProven,
  itemInputHash,
  verificationSettings,
  runPilotItem,
  safeName,
  agentLabel,
  type PilotAgent,
  type PilotItemSettings,
} from './pilot-item.js';
import { resolveTaskImage } from '../sandboxes/docker/task-image.js';
import { OfflineNetworkPool } from '../sandboxes/docker/offline-network.js';
import { writeFileAtomic } from '../fs/write-file.js';

export interface PilotOptions extends Omit<PilotItemSettings, 'docker'> {
  docker: Docker;
  rows: DatasetRow[];
  agents: PilotAgent[];
  epochs: number;
  concurrency: number;
  resume: boolean;
  retryInfra: number;
  onItem?: (r: PilotItemResult, reused: boolean) => void;
}

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((10_000 * n) / d) / 100);

function previousResult(outDir: string, itemId: string): PilotItemResult | undefined {
  const file = join(outDir, 'items', safeName(itemId), 'result.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as PilotItemResult;
  } catch {
    return undefined; // a damaged result is re-run, never trusted
  }
}

/** Runs every item (skipping completed ones with unchanged inputs when resuming). */
export async function runPilot(options: PilotOptions): Promise<PilotItemResult[]> {
  // One pool of loopback-only network namespaces for the run (unless the caller brought one).
  const pool = options.offlineNetworks ? undefined : new OfflineNetworkPool(options.docker, { 'wave-bench.run': options.runId });
  // Verification with the network reuses namespaces on the bridge the same way.
  const bridge =
    options.verifyNetwork === 'bridge' && !options.bridgeNetworks
      ? new OfflineNetworkPool(options.docker, { 'wave-bench.run': options.runId }, 'bridge')
      : undefined;
  const o = { ...options, ...(pool ? { offlineNetworks: pool } : {}), ...(bridge ? { bridgeNetworks: bridge } : {}) };
  try {
    return await runItems(o);
  } finally {
    await Promise.all([pool?.dispose(), bridge?.dispose()]);
  }
}

async function runItems(o: PilotOptions): Promise<PilotItemResult[]> {
  const planned = o.rows.flatMap((row) =>
    o.agents.flatMap((agent) => Array.from({ length: o.epochs }, (_, e) => ({ row, agent, epoch: e + 1 }))),
  );
  return runBoundedTasks(planned, o.concurrency, async ({ row, agent, epoch }) => {
    const itemId = `${row.instance_id}::${agentLabel(agent)}::${epoch}`;
    if (o.resume) {
      const previous = previousResult(o.outDir, itemId);
      if (previous) {
        const digest = previous.image?.digest ?? (await currentDigest(o, row));
        if (
          previous.inputHash ===
          itemInputHash(
            row,
            agent,
            epoch,
            digest,
            o.runScripts?.get(row.instance_id),
            verificationSettings(o, isProven(o.provenEnvironments, row.instance_id, digest)),
          )
        ) {
          o.onItem?.(previous, true);
          return previous;
        }
      }
    }
    let result = await runPilotItem(row, agent, epoch, o);
    let runs = 1;
    for (; result.infra && runs <= o.retryInfra; runs += 1) result = await runPilotItem(row, agent, epoch, o);
    if (runs > 1) result = recordRuns(o.outDir, result, runs);
    o.onItem?.(result, false);
    return result;
  });
}

/** Notes how many times an infra-failed item ran (with --retry-infra) in its result. */
function recordRuns(outDir: string, result: PilotItemResult, runs: number): PilotItemResult {
  const updated = { ...result, runs };
  writeFileAtomic(join(outDir, 'items', safeName(result.itemId), 'result.json'), JSON.stringify(updated, null, 2) + '\n');
  return updated;
}

async function currentDigest(o: PilotOptions, row: DatasetRow): Promise<string> {
  try {
    return (await resolveTaskImage(o.docker, row, o.images)).digest;
  } catch {
    return 'unavailable';
  }
}

export function summarisePilot(items: readonly PilotItemResult[]): ArmSummary[] {
  return [...new Set(items.map((i) => i.arm))].sort().map((arm) => {
    const mine = items.filter((i) => i.arm === arm);
    const resolved = mine.filter((i) => i.resolved).length;
    const infra = mine.filter((i) => i.infra).length;
    const classes: Record<string, number> = {};
    for (const i of mine) classes[i.classification] = (classes[i.classification] ?? 0) + 1;
    const usage = addTotals(mine.flatMap((i) => (i.usage ? [i.usage] : [])));
    const perResolved = usage && usage.costUsd !== null && resolved ? Math.round((usage.costUsd / resolved) * 1e6) / 1e6 : null;
    return {
      arm,
      items: mine.length,
      resolved,
      strictRate: pct(resolved, mine.length),
      infraFailures: infra,
      infraAdjustedRate: pct(resolved, mine.length - infra),
      classes,
      ...(usage ? { usage: { ...usage, costPerResolvedUsd: perResolved } } : {}),
    };
  });
}

export function comparePilotArms(items: readonly PilotItemResult[], baseline: string, seed: number): ArmComparison[] {
  return compareArms(
    items.map((i) => ({
      unitId: i.instanceId,
      family: i.repo,
      arm: i.arm,
      epoch: i.epoch,
      alignedScore: i.resolved ? 100 : 0,
      passed: i.resolved,
    })),
    { baseline, practicalWin: 10, seed },
  );
}

/**
 * Calibration proves each instance's environment: the gold patch must resolve in every epoch; the
 * unchanged base (`empty`) must run its tests and fail every fail_to_pass test (FAILED or ERROR —
 * a test the runner never reported is no evidence that the base fails) while passing every
 * pass_to_pass test. One exception: a base whose tests were killed at the time limit (it hangs)
 * when gold resolved in every epoch — the same environment ran the same tests to the end, so the
 * hang is the base's bug; then a fail_to_pass test may be unreported, and a pass_to_pass test that
 * reported must have passed. Anything else is quarantined with the reason.
 */
export function quarantine(items: readonly PilotItemResult[]): { instanceId: string; reason: string }[] {
  const ids = [...new Set(items.map((i) => i.instanceId))].sort();
  return ids.flatMap((id) => {
    const gold = items.filter((i) => i.instanceId === id && i.arm === 'gold');
    const empty = items.filter((i) => i.instanceId === id && i.arm === 'empty');
    const reasons: string[] = [];
    const goldNotRun = gold.filter((i) => i.classification === 'tests-not-run');
    if (goldNotRun.length)
      reasons.push(
        `tests did not run under the gold patch in ${goldNotRun.length}/${gold.length} epoch(s), the environment is broken: ${goldNotRun[0]!.detail.slice(0, 300)}`,
      );
    else if (gold.length && !gold.every((i) => i.resolved))
      reasons.push(
        `gold patch resolved ${gold.filter((i) => i.resolved).length}/${gold.length} epochs (${[...new Set(gold.map((i) => i.classification))].join(', ')})`,
      );
    const goldProven = gold.length > 0 && gold.every((i) => i.resolved);
    for (const i of empty) {
      if (INFRA_CLASSES.has(i.classification)) {
        reasons.push(`the empty patch could not be verified (epoch ${i.epoch}, ${i.classification}): ${i.detail.slice(0, 200)}`);
        continue;
      }
      // Killed at the time limit (tests-not-run or timeout): the base hangs.
      const hung = (i.classification === 'tests-not-run' || i.classification === 'timeout') && i.tests.exitCode === null;
      if (hung && goldProven) {
        const f2p = Object.entries(i.tests.failToPass)
          .filter(([, s]) => s === 'PASSED' || s === 'SKIPPED')
          .map(([t, s]) => `${t}: ${s}`);
        const p2p = Object.entries(i.tests.passToPass)
          .filter(([, s]) => s !== 'PASSED' && s !== 'MISSING')
          .map(([t, s]) => `${t}: ${s}`);
        if (f2p.length)
          reasons.push(`the unchanged base does not fail its fail_to_pass tests (epoch ${i.epoch}: ${f2p.slice(0, 3).join('; ')})`);
        if (p2p.length)
          reasons.push(`the unchanged base does not pass its pass_to_pass tests (epoch ${i.epoch}: ${p2p.slice(0, 3).join('; ')})`);
        continue;
      }
      if (i.classification === 'tests-not-run') {
        reasons.push(`tests did not run under the empty patch (epoch ${i.epoch}), the environment is broken: ${i.detail.slice(0, 300)}`);
        continue;
      }
      const notFailing = Object.entries(i.tests.failToPass)
        .filter(([, s]) => s !== 'FAILED' && s !== 'ERROR')
        .map(([t, s]) => `${t}: ${s}`);
      const notPassing = Object.entries(i.tests.passToPass)
        .filter(([, s]) => s !== 'PASSED')
        .map(([t, s]) => `${t}: ${s}`);
      if (notFailing.length)
        reasons.push(`the unchanged base does not fail its fail_to_pass tests (epoch ${i.epoch}: ${notFailing.slice(0, 3).join('; ')})`);
      if (notPassing.length)
        reasons.push(`the unchanged base does not pass its pass_to_pass tests (epoch ${i.epoch}: ${notPassing.slice(0, 3).join('; ')})`);
    }
    return reasons.length ? [{ instanceId: id, reason: [...new Set(reasons)].join('; ') }] : [];
  });
}

/**
 * Instances whose calibration proved the environment — gold resolved in every epoch, all on one
 * image, and nothing quarantined them — with that image's digest.
 */
export function provenEnvironments(items: readonly PilotItemResult[], quarantined: readonly { instanceId: string }[]): Map<string, string> {
  const out = new Map<string, string>();
  const bad = new Set(quarantined.map((q) => q.instanceId));
  for (const id of new Set(items.filter((i) => i.arm === 'gold').map((i) => i.instanceId))) {
    const gold = items.filter((i) => i.instanceId === id && i.arm === 'gold');
    const digests = new Set(gold.map((i) => i.image?.digest));
    const [digest] = digests;
    if (!bad.has(id) && gold.every((i) => i.resolved) && digests.size === 1 && digest) out.set(id, digest);
  }
  return out;
}
