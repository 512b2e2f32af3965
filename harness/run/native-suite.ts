// Running the native suite: every planned item through the real launcher, bounded concurrency,
// progress as items finish, then statistics and reports.
import { join } from 'node:path';
import { runBoundedTasks } from '../../orchestrator/index.js';
import { gitRevision, packageVersion } from '../cli/version.js';
import type { Arm } from '../load/arms.js';
import type { EvalCase } from '../load/cases.js';
import { planNativeItems } from '../plan/native-plan.js';
import { RESULTS_SCHEMA_VERSION, type MechanismFinding, type NativeResults } from '../report/types.js';
import { compareArms, DEFAULT_SEED, summariseEpochs, summariseFamilies, type ScoredItem } from '../score/stats.js';
import { runNativeItem } from './native-item.js';
import type { NativeItemResult } from './results.js';
import type { Reporter } from '../report/reporters.js';

export interface NativeSuiteOptions {
  cases: EvalCase[];
  arms: Arm[];
  epochs: number;
  outDir: string;
  /** Item workspaces; default `<outDir>/work`. */
  workDir?: string;
  baselineArm: string;
  maxRetries: number;
  itemConcurrency: number;
  agentConcurrency: number;
  agentTimeoutMinutes: number;
  seed?: number;
  /** Executor of the implementation agents (default scripted), its command template and model. */
  executor?: string;
  command?: string;
  model?: string;
  commandLine: string[];
  onItem?: (result: NativeItemResult, done: number, total: number) => void;
  /** Reporters observing the run (STYLE 12): onRunStart before the first item, onItemEnd after each. */
  reporters?: Reporter[];
}

export function toScored(items: readonly NativeItemResult[]): ScoredItem[] {
  return items.map((i) => ({ unitId: i.caseId, family: i.family, arm: i.arm, epoch: i.epoch, alignedScore: i.primary.alignedScore, passed: i.primary.passed }));
}

/** Where each ablation lost (or gained) cases against its parent arm, pairing by case and epoch. */
export function findMechanisms(arms: readonly Arm[], items: readonly NativeItemResult[]): MechanismFinding[] {
  const passed = new Map(items.map((i) => [`${i.arm}::${i.caseId}::${i.epoch}`, i.primary.passed]));
  return arms
    .filter((a) => a.kind === 'ablation' && a.ablationOf && arms.some((p) => p.id === a.ablationOf))
    .map((a) => {
      const mine = items.filter((i) => i.arm === a.id);
      const parent = (i: NativeItemResult) => passed.get(`${a.ablationOf}::${i.caseId}::${i.epoch}`);
      return {
        arm: a.id, ablationOf: a.ablationOf!, removes: a.removes ?? 'unknown',
        casesLost: [...new Set(mine.filter((i) => parent(i) === true && !i.primary.passed).map((i) => i.caseId))].sort(),
        casesGained: [...new Set(mine.filter((i) => parent(i) === false && i.primary.passed).map((i) => i.caseId))].sort(),
      };
    });
}

/** Runs every item and returns the results document (the caller writes the reports). */
export async function runNativeSuite(o: NativeSuiteOptions): Promise<NativeResults> {
  const startedAt = new Date().toISOString();
  const planned = planNativeItems(o.cases, o.arms, o.epochs);
  const settings = { workRoot: o.workDir ?? join(o.outDir, 'work'), maxRetries: o.maxRetries, concurrency: o.agentConcurrency, agentTimeoutMinutes: o.agentTimeoutMinutes, executor: o.executor ?? 'scripted', ...(o.command ? { command: o.command } : {}), ...(o.model ? { model: o.model } : {}) };
  let done = 0;
  for (const r of o.reporters ?? []) await r.onRunStart?.({ outDir: o.outDir, total: planned.length });
  const items = await runBoundedTasks(planned, o.itemConcurrency, async (p) => {
    const result = await runNativeItem(p.case, p.arm, p.epoch, settings);
    for (const r of o.reporters ?? []) await r.onItemEnd?.(result);
    done += 1;
    o.onItem?.(result, done, planned.length);
    return result;
  });
  const seed = o.seed ?? DEFAULT_SEED;
  const scored = toScored(items);
  const practicalWin = o.cases.reduce((s, c) => s + c.scoring.practicalWin, 0) / Math.max(1, o.cases.length);
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    kind: 'native',
    metadata: {
      waveBenchVersion: packageVersion(), gitRevision: gitRevision(), node: process.version, docker: null, startedAt, finishedAt: new Date().toISOString(), commandLine: o.commandLine,
      inputHashes: { cases: Object.fromEntries(o.cases.map((c) => [c.id, c.sha256])), arms: Object.fromEntries(o.arms.map((a) => [a.id, a.sha256])) },
      fairness: { executor: o.executor ?? 'scripted', model: o.model ?? null, budget: { agentMinutes: o.agentTimeoutMinutes, turns: null }, maxRetries: o.maxRetries, temperature: null, verifier: 'native-artifact-scoring', dataset: 'cases/' },
      seed, epochs: o.epochs, baselineArm: o.baselineArm,
      arms: o.arms.map((a) => ({ id: a.id, kind: a.kind, ...(a.ablationOf ? { ablationOf: a.ablationOf } : {}), ...(a.removes ? { removes: a.removes } : {}), features: { ...a.features } })),
    },
    items,
    families: summariseFamilies(scored),
    comparisons: compareArms(scored, { baseline: o.baselineArm, practicalWin, seed }),
    epochs: summariseEpochs(scored),
    mechanisms: findMechanisms(o.arms, items),
  };
}
