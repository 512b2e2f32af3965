// Running the native suite: every planned item through the real launcher, bounded concurrency,
// progress as items finish, then statistics and reports.
import { join } from 'node:path';
import { runBoundedTasks, type SpendLimit } from '../../orchestrator/index.js';
import { gitRevision, packageVersion } from '../version.js';
import type { Arm } from '../load/arms.js';
import type { EvalCase } from '../load/cases.js';
import { planNativeItems } from '../plan/native-plan.js';
import { RESULTS_SCHEMA_VERSION, type MechanismFinding, type NativeItemResult, type NativeResults } from '../schema/native-results.js';
import {
  compareAgainstBaselines,
  DEFAULT_SEED,
  epochAgreement,
  summariseEpochs,
  summariseFamilies,
  unitPassed,
  type ScoredItem,
} from '../score/stats.js';
import { runNativeItem } from './native-item.js';
import type { Reporter } from './reporter.js';
import type { ItemStore } from './native-resume.js';

/** The arms every other arm is compared against by default (each only when it is in the run). */
export const DEFAULT_BASELINES = ['single-agent', 'single-agent--full-info'] as const;

export interface NativeSuiteOptions {
  cases: EvalCase[];
  arms: Arm[];
  epochs: number;
  outDir: string;
  /** Item workspaces; default `<outDir>/work`. */
  workDir?: string;
  /** Arms the others are compared against, in order; those not in `arms` are skipped. */
  baselineArms: string[];
  maxRetries: number;
  itemConcurrency: number;
  agentConcurrency: number;
  agentTimeoutMinutes: number;
  seed?: number;
  /** Executor of the implementation agents (default scripted), its command template and model. */
  executor?: string;
  command?: string;
  model?: string;
  /** The per-item spend ceiling over all agent runs of an item (real CLIs). */
  spendLimit?: SpendLimit;
  commandLine: string[];
  onItem?: (result: NativeItemResult, done: number, total: number) => void;
  /** Reporters observing the run (STYLE 12): onRunStart before the first item, onItemEnd after each. */
  reporters?: Reporter[];
  /** Stores each finished item and hands back reusable ones (`run --resume`, see native-resume.ts). */
  itemStore?: ItemStore;
}

export function toScored(items: readonly NativeItemResult[]): ScoredItem[] {
  // Two epochs are identical when their classification, primary result and every metric are.
  const fingerprint = (i: NativeItemResult) =>
    JSON.stringify([i.classification, i.primary, Object.entries(i.metrics).sort(([a], [b]) => (a < b ? -1 : 1))]);
  return items.map((i) => ({
    unitId: i.caseId,
    family: i.family,
    arm: i.arm,
    epoch: i.epoch,
    alignedScore: i.primary.alignedScore,
    passed: i.primary.passed,
    fingerprint: fingerprint(i),
  }));
}

/**
 * Where each ablation lost (or gained) cases against its parent arm. A case's outcome per arm is
 * decided over its epochs by `unitPassed` (the rule McNemar uses); each flip says whether the case
 * declares the removed mechanism in its `probes`.
 */
export function findMechanisms(
  arms: readonly Arm[],
  items: readonly NativeItemResult[],
  cases: readonly EvalCase[] = [],
): MechanismFinding[] {
  const outcome = (arm: string, caseId: string) => {
    const runs = items.filter((i) => i.arm === arm && i.caseId === caseId);
    return runs.length ? unitPassed(runs.map((i) => i.primary.passed)) : undefined;
  };
  const probes = new Map<string, readonly string[]>(cases.map((c) => [c.id, c.probes]));
  return arms
    .filter((a) => a.kind === 'ablation' && a.ablationOf && arms.some((p) => p.id === a.ablationOf))
    .map((a) => {
      const removes = a.removes ?? 'unknown';
      const caseIds = [...new Set(items.filter((i) => i.arm === a.id).map((i) => i.caseId))].sort();
      const change = (id: string): 'lost' | 'gained' | undefined => {
        const [mine, parent] = [outcome(a.id, id), outcome(a.ablationOf!, id)];
        return parent === true && mine === false ? 'lost' : parent === false && mine === true ? 'gained' : undefined;
      };
      const flips = caseIds.flatMap((caseId) => {
        const c = change(caseId);
        return c ? [{ caseId, change: c, declared: probes.get(caseId)?.includes(removes) ?? false }] : [];
      });
      return {
        arm: a.id,
        ablationOf: a.ablationOf!,
        removes,
        casesLost: flips.filter((f) => f.change === 'lost').map((f) => f.caseId),
        casesGained: flips.filter((f) => f.change === 'gained').map((f) => f.caseId),
        flips,
        declaredUnflipped: caseIds.filter((id) => probes.get(id)?.includes(removes) && !flips.some((f) => f.caseId === id)),
      };
    });
}

/** Runs every item and returns the results document (the caller writes the reports). */
export async function runNativeSuite(o: NativeSuiteOptions): Promise<NativeResults> {
  const startedAt = new Date().toISOString();
  const planned = planNativeItems(o.cases, o.arms, o.epochs);
  const settings = {
    workRoot: o.workDir ?? join(o.outDir, 'work'),
    maxRetries: o.maxRetries,
    concurrency: o.agentConcurrency,
    agentTimeoutMinutes: o.agentTimeoutMinutes,
    executor: o.executor ?? 'scripted',
    ...(o.command ? { command: o.command } : {}),
    ...(o.model ? { model: o.model } : {}),
    ...(o.spendLimit ? { spendLimit: o.spendLimit } : {}),
  };
  let done = 0;
  for (const r of o.reporters ?? []) await r.onRunStart?.({ outDir: o.outDir, total: planned.length });
  const items = await runBoundedTasks(planned, o.itemConcurrency, async (p) => {
    const reused = o.itemStore?.lookup(p);
    const result = reused ?? (await runNativeItem(p.case, p.arm, p.epoch, settings));
    if (!reused) o.itemStore?.store(p, result);
    for (const r of o.reporters ?? []) await r.onItemEnd?.(result);
    done += 1;
    o.onItem?.(result, done, planned.length);
    return result;
  });
  const seed = o.seed ?? DEFAULT_SEED;
  const scored = toScored(items);
  const baselines = o.baselineArms.filter((b) => o.arms.some((a) => a.id === b));
  const practicalWin = o.cases.reduce((s, c) => s + c.scoring.practicalWin, 0) / Math.max(1, o.cases.length);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    kind: 'native',
    metadata: {
      waveBenchVersion: packageVersion(),
      gitRevision: gitRevision(),
      node: process.version,
      docker: null,
      startedAt,
      finishedAt: new Date().toISOString(),
      commandLine: o.commandLine,
      inputHashes: {
        cases: Object.fromEntries(o.cases.map((c) => [c.id, c.sha256])),
        arms: Object.fromEntries(o.arms.map((a) => [a.id, a.sha256])),
      },
      fairness: {
        executor: o.executor ?? 'scripted',
        model: o.model ?? null,
        budget: {
          agentMinutes: o.agentTimeoutMinutes,
          turns: null,
          ...(o.spendLimit?.tokens !== undefined ? { maxTokensPerItem: o.spendLimit.tokens } : {}),
          ...(o.spendLimit?.costUsd !== undefined ? { maxCostPerItemUsd: o.spendLimit.costUsd } : {}),
        },
        maxRetries: o.maxRetries,
        temperature: null,
        verifier: 'native-artifact-scoring',
        dataset: 'cases/',
      },
      seed,
      epochs: o.epochs,
      baselineArm: baselines[0] ?? o.arms[0]?.id ?? 'none',
      baselineArms: baselines,
      arms: o.arms.map((a) => ({
        id: a.id,
        kind: a.kind,
        ...(a.ablationOf ? { ablationOf: a.ablationOf } : {}),
        ...(a.removes ? { removes: a.removes } : {}),
        features: { ...a.features },
      })),
    },
    items,
    families: summariseFamilies(scored),
    comparisons: compareAgainstBaselines(scored, { baselines, practicalWin, seed }),
    epochs: summariseEpochs(scored),
    repeats: epochAgreement(scored),
    mechanisms: findMechanisms(o.arms, items, o.cases),
  };
}
