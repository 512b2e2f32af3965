// Everything one launch shares across attempts: paths, the live coordination state, clocks,
// features and the latest marker summary per agent.
import { LiveCoordinationState } from '../coordination/materialize.js';
import { systemClock, type Clock } from '../coordination/records.js';
import { appendControlEvents, createControlEvent } from '../control/events.js';
import type { ControlEvent, EntityType } from '../control/types.js';
import type { AgentSummary } from '../markers/types.js';
import { lanePaths, type LanePaths } from '../paths.js';
import { isWorkspaceFile } from '../safe-fs.js';
import type { AgentDefinition, WaveDefinition } from '../wave/types.js';
import { startWaveBudget, type WaveBudget } from './wave-budget.js';
import { SpendPool } from '../executors/spend.js';
import { FULL_WAVE_FEATURES, type LaunchOptions, type LauncherEvent, type OrchestrationFeatures } from './types.js';

export interface LaunchContext {
  options: LaunchOptions;
  wave: WaveDefinition;
  lane: string;
  workspace: string;
  paths: LanePaths;
  features: OrchestrationFeatures;
  /** Stamps coordination records and agent clocks (logical in deterministic runs). */
  clock: Clock;
  live: LiveCoordinationState;
  runId: string;
  /** Agents that may run under the features, in wave order. */
  runnable: AgentDefinition[];
  summaries: Record<string, AgentSummary>;
  /** Log file of each agent's latest run, for traces. */
  /** `output`: the agent's output as the launcher captured it (the trace writes it, not the log file others could append to). */
  latestRun: Record<string, { logFile: string; promptFile: string; inboxFile: string; taskHash: string; attempt: number; output?: string }>;
  alertKeys: Record<string, string>;
  /** The last compiled projections, reused in part by live refreshes. */
  lastProjections?: import('../projections/compile.js').Projections;
  /** Agents whose latest finished run (from any launch) exited 0: reusable when their task is unchanged. */
  reusedExitZero: Set<string>;
  /** Agents whose latest run failed in the executor (infrastructure): they get the fallback executor next. */
  executorFailed: Set<string>;
  /** The wave's time budget for this launch: its signal stops running agents when it is spent. */
  budget: WaveBudget;
  /** The launch's token/cost ceiling over all its agent runs (`spendLimit`), shared by every run. */
  spend?: SpendPool;
  /** The effective settings of this launch (recorded in the control log and each trace's metadata). */
  settings?: Record<string, unknown>;
  emit(event: LauncherEvent): void;
  control(entityType: EntityType, entityId: string, action: string, attempt: number, data?: Record<string, unknown>): ControlEvent;
  exists(relativePath: string): boolean;
}

/** The agents that run under the features: the primary only, or all, plus stewards when closure is on. */
export function runnableAgents(wave: WaveDefinition, features: OrchestrationFeatures, primary?: string): AgentDefinition[] {
  const impl = wave.agents.filter((a) => a.role === 'implementation');
  const chosen = features.agents === 'primary' ? impl.filter((a) => a.id === (primary ?? impl[0]?.id)) : impl;
  return features.closure ? [...chosen, ...wave.agents.filter((a) => a.role !== 'implementation')] : chosen;
}

export function createLaunchContext(options: LaunchOptions, wave: WaveDefinition): LaunchContext {
  const lane = options.lane ?? 'main';
  const paths = lanePaths(options.workspace, lane);
  const features = { ...FULL_WAVE_FEATURES, ...options.features };
  const clock = options.clock ?? systemClock;
  const runId =
    options.runId ??
    `run-${new Date()
      .toISOString()
      .replace(/[-:.TZ]/g, '')
      .slice(0, 14)}-${process.pid}`;
  const ctx: LaunchContext = {
    options,
    wave,
    lane,
    workspace: options.workspace,
    paths,
    features,
    clock,
    live: new LiveCoordinationState(paths.coordinationLog(wave.wave)),
    runId,
    runnable: runnableAgents(wave, features, options.primaryAgent),
    summaries: {},
    latestRun: {},
    alertKeys: {},
    reusedExitZero: new Set(),
    executorFailed: new Set(),
    budget: startWaveBudget(undefined),
    ...(options.spendLimit ? { spend: new SpendPool(options.spendLimit) } : {}),
    emit: (event) => options.onEvent?.(event),
    control(entityType, entityId, action, attempt, data = {}) {
      const event = createControlEvent(
        { lane, wave: wave.wave, runId, entityType, entityId, action, actor: 'launcher', attempt, data },
        systemClock,
      );
      appendControlEvents(paths.controlLog(wave.wave), [event]);
      return event;
    },
    exists: (p) => isWorkspaceFile(options.workspace, p),
  };
  return ctx;
}
