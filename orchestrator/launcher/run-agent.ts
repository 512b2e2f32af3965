// Running one agent once: compile its prompt, write its inputs, run its executor, parse its markers.
import { createHash } from 'node:crypto';
import { writeStateFile } from '../safe-fs.js';
import { join } from 'node:path';
import { CLI_ENDPOINT_ENV } from '../executors/cli/settings.js';
import { getExecutor } from '../executors/registry.js';
import { AGENT_CLOCK_ENV } from '../executors/scripted/executor.js';
import { PROJECTIONS_DIR_ENV } from '../executors/steward/executor.js';

/** Env var naming the agent's private observations file (outside the shared workspace), when it has one. */
export const OBSERVATIONS_ENV = 'WAVE_OBSERVATIONS_FILE';
import { ExecutorError, type ExecutorResult, type ExecutorRunRequest } from '../executors/types.js';
import type { SpendExceeded } from '../executors/spend.js';
import { parseAgentLog } from '../markers/parse.js';
import { compileAgentPrompt } from '../prompt/compile.js';
import type { Projections } from '../projections/compile.js';
import { DEFAULT_INBOX_BUDGET } from '../projections/inbox.js';
import { DEFAULT_SUMMARY_BUDGET } from '../projections/summary.js';
import type { AgentDefinition } from '../wave/types.js';
import { buildAgentEnv } from './agent-env.js';
import type { LaunchContext } from './context.js';
import { resolveSkills } from './skills.js';
import type { AgentRunRecord } from './types.js';

const DEFAULT_AGENT_MINUTES = 30;

/** The hash of an agent's captured output, recorded when its run finished; a resumed launch checks the log against it. */
export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export interface AgentRunFiles {
  dir: string;
  promptFile: string;
  inboxFile: string;
  summaryFile: string;
  logFile: string;
}

export function agentRunFiles(ctx: LaunchContext, agentId: string, attempt: number): AgentRunFiles {
  const dir = join(ctx.paths.agentDir(ctx.wave.wave, agentId), `attempt-${attempt}`);
  return {
    dir,
    promptFile: join(dir, 'prompt.md'),
    inboxFile: join(dir, 'inbox.md'),
    summaryFile: join(dir, 'shared-summary.md'),
    logFile: join(dir, 'log.txt'),
  };
}

/** The executor an agent runs under, with the settings that came with that choice. */
export function resolveExecutor(
  ctx: LaunchContext,
  agent: AgentDefinition,
): { id: string; model?: string; timeoutMinutes?: number; maxTurns?: number } {
  const lane = ctx.options.roleExecutors?.[agent.role] ?? {};
  const fallback = ctx.options.fallbackExecutor && ctx.executorFailed.has(agent.id) ? ctx.options.fallbackExecutor : undefined;
  const id = ctx.options.executor ?? fallback ?? agent.executor.id ?? lane.executor ?? ctx.options.defaultExecutor?.executor ?? 'local';
  const model = ctx.options.model ?? agent.executor.model ?? lane.model ?? ctx.options.defaultExecutor?.model;
  const timeoutMinutes = lane.timeoutMinutes ?? ctx.options.defaultExecutor?.timeoutMinutes;
  const maxTurns = lane.maxTurns ?? ctx.options.defaultExecutor?.maxTurns;
  return { id, ...(model ? { model } : {}), ...(timeoutMinutes ? { timeoutMinutes } : {}), ...(maxTurns ? { maxTurns } : {}) };
}

/** The executor request for an agent, with its prompt written to disk. */
export function prepareAgentRun(
  ctx: LaunchContext,
  agent: AgentDefinition,
  attempt: number,
  projections: Projections,
  clockStart: Date,
): { request: ExecutorRunRequest; executorId: string; taskHash: string } {
  const files = agentRunFiles(ctx, agent.id, attempt); // its folder is made by the first state write, after the symlink checks
  const inbox = projections.inboxes[agent.id]?.markdown ?? '';
  const summary = projections.sharedSummary.markdown;
  const chosen = resolveExecutor(ctx, agent);
  const executorId = chosen.id;
  const controlCommand =
    ctx.options.controlCommand ?? `wave-bench control --workspace ${ctx.workspace} --lane ${ctx.lane} --wave ${ctx.wave.wave}`;
  const privateFile = ctx.options.observationFiles?.[agent.id];
  const prompt = compileAgentPrompt({
    wave: ctx.wave,
    agent,
    attempt,
    skills: resolveSkills(agent, executorId),
    sharedSummary: summary,
    inbox,
    summaryBound: DEFAULT_SUMMARY_BUDGET,
    inboxBound: DEFAULT_INBOX_BUDGET,
    controlCommand,
    ...(privateFile ? { observationsFile: privateFile } : {}),
  });
  writeStateFile(ctx.workspace, files.promptFile, prompt.text);
  writeStateFile(ctx.workspace, files.inboxFile, inbox);
  writeStateFile(ctx.workspace, files.summaryFile, summary);
  writeStateFile(ctx.workspace, files.logFile, '');
  const observations = ctx.options.observationFiles?.[agent.id];
  const env = buildAgentEnv({
    allowlist: [...(ctx.options.envAllowlist ?? []), ...(CLI_ENDPOINT_ENV[executorId] ?? [])],
    agentDir: files.dir,
    extra: {
      [AGENT_CLOCK_ENV]: clockStart.toISOString(),
      WAVE_AGENT_ID: agent.id,
      WAVE_LANE: ctx.lane,
      WAVE_NUMBER: String(ctx.wave.wave),
      WAVE_COORDINATION_LOG: ctx.live.logPath,
      [PROJECTIONS_DIR_ENV]: ctx.paths.projectionsDir(ctx.wave.wave),
      ...(observations ? { [OBSERVATIONS_ENV]: observations } : {}),
    },
  });
  const minutes =
    ctx.options.agentTimeoutMinutes ??
    (agent.executor['timeout-minutes'] ? Number(agent.executor['timeout-minutes']) : (chosen.timeoutMinutes ?? DEFAULT_AGENT_MINUTES));
  const turns = ctx.options.maxTurns ?? (agent.executor['max-turns'] ? Number(agent.executor['max-turns']) : chosen.maxTurns);
  const rl = ctx.options.rateLimit;
  const rateLimit = rl
    ? { rateLimit: { retries: rl.retries, baseDelayMs: rl.baseDelaySeconds * 1000, maxDelayMs: rl.maxDelaySeconds * 1000 } }
    : {};
  const request: ExecutorRunRequest = {
    agent,
    lane: ctx.lane,
    wave: ctx.wave.wave,
    attempt,
    workspace: ctx.workspace,
    prompt: prompt.text,
    promptFile: files.promptFile,
    inboxFile: files.inboxFile,
    summaryFile: files.summaryFile,
    logFile: files.logFile,
    coordinationLog: ctx.live.logPath,
    ...(chosen.model ? { model: chosen.model } : {}),
    env,
    budget: { minutes, ...(turns ? { turns } : {}), ...rateLimit, ...(ctx.spend ? { spend: ctx.spend } : {}) },
  };
  return { request, executorId, taskHash: prompt.taskHash };
}

/** The hash of the agent's stable prompt part as it would be compiled now. */
export function currentTaskHash(ctx: LaunchContext, agent: AgentDefinition): string {
  const executorId = resolveExecutor(ctx, agent).id;
  const controlCommand =
    ctx.options.controlCommand ?? `wave-bench control --workspace ${ctx.workspace} --lane ${ctx.lane} --wave ${ctx.wave.wave}`;
  return compileAgentPrompt({
    wave: ctx.wave,
    agent,
    attempt: 0,
    skills: resolveSkills(agent, executorId),
    sharedSummary: '',
    inbox: '',
    summaryBound: DEFAULT_SUMMARY_BUDGET,
    inboxBound: DEFAULT_INBOX_BUDGET,
    controlCommand,
  }).taskHash;
}

/** Runs the agent; executor failures are recorded as infrastructure, never as the agent's exit. */
export async function runAgent(
  ctx: LaunchContext,
  agent: AgentDefinition,
  attempt: number,
  projections: Projections,
  clockStart: Date,
  options: { signal?: AbortSignal; minutes?: number } = {},
): Promise<AgentRunRecord> {
  const signal = options.signal ?? ctx.budget.signal;
  if (signal.aborted)
    return { agentId: agent.id, attempt, exitCode: null, timedOut: false, durationMs: 0, promptHash: '', stoppedBy: 'wave-timeout' };
  const passed = ctx.spend?.exceeded();
  if (passed) return skipForSpend(ctx, agent, attempt, passed);
  const prepared = prepareAgentRun(ctx, agent, attempt, projections, clockStart);
  const { executorId, taskHash } = prepared;
  const budget = options.minutes ? { ...prepared.request.budget, minutes: options.minutes } : prepared.request.budget;
  const request = { ...prepared.request, signal, budget };
  ctx.emit({ type: 'agent-start', attempt, agentId: agent.id });
  ctx.control('agent_run', agent.id, 'started', attempt, { executor: executorId, taskHash });
  let result: ExecutorResult | undefined;
  let executorError: string | undefined;
  try {
    result = await (ctx.options.executors?.[executorId] ?? getExecutor(executorId)).run(request);
  } catch (error) {
    if (!(error instanceof ExecutorError)) throw error;
    executorError = `${error.code}: ${error.message}`;
  }
  // The model endpoint failing (as the CLI reported it) is infrastructure too.
  if (!executorError && result?.modelError) executorError = `model-endpoint-error: ${result.modelError}`;
  // Markers come only from what the launcher read from the agent's pipes: the log file on disk is
  // writable by any process of this user, other agents included.
  const output = result?.output ?? '';
  const summary = parseAgentLog(agent.id, output);
  writeStateFile(ctx.workspace, join(agentRunFiles(ctx, agent.id, attempt).dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  ctx.summaries[agent.id] = summary;
  ctx.latestRun[agent.id] = {
    logFile: request.logFile,
    promptFile: request.promptFile,
    inboxFile: request.inboxFile,
    taskHash,
    attempt,
    output,
  };
  const record: AgentRunRecord = {
    agentId: agent.id,
    attempt,
    exitCode: result?.exitCode ?? null,
    timedOut: result?.timedOut ?? false,
    durationMs: result?.durationMs ?? 0,
    promptHash: taskHash,
    ...(executorError ? { executorError } : {}),
    ...(result?.usage ? { usage: result.usage } : {}),
    ...(result?.rateLimitRetries ? { rateLimitRetries: result.rateLimitRetries } : {}),
    ...(result?.budgetExhausted ? { budgetExhausted: result.budgetExhausted } : {}),
    // Stopped from outside before it finished (the wave's time budget, or the end of the wave for the resident orchestrator).
    ...(signal.aborted && result?.exitCode !== 0 ? { stoppedBy: stopReason(signal) } : {}),
  };
  if (executorError) ctx.executorFailed.add(agent.id);
  else ctx.executorFailed.delete(agent.id);
  ctx.control('agent_run', agent.id, 'finished', attempt, {
    ...record,
    logFile: request.logFile,
    outputSha256: sha256(output),
    promptFile: request.promptFile,
    inboxFile: request.inboxFile,
    taskHash,
    executor: executorId,
  });
  ctx.emit({ type: 'agent-end', attempt, agentId: agent.id, result: executorError ? { error: executorError } : result! });
  return record;
}

/** Why a run was stopped from outside, from its abort signal's reason. */
function stopReason(signal: AbortSignal): string {
  const reason = signal.reason as { name?: string } | string | undefined;
  if (typeof reason === 'string') return reason;
  return reason?.name === 'WaveBudgetSpent' ? 'wave-timeout' : 'stopped';
}

/** The launch's token/cost ceiling is already passed: the agent is not started, and the record says why. */
function skipForSpend(ctx: LaunchContext, agent: AgentDefinition, attempt: number, passed: SpendExceeded): AgentRunRecord {
  const record: AgentRunRecord = {
    agentId: agent.id,
    attempt,
    exitCode: null,
    timedOut: false,
    durationMs: 0,
    promptHash: '',
    budgetExhausted: passed,
    notStarted: 'budget-exceeded',
  };
  ctx.control('agent_run', agent.id, 'not-started', attempt, { reason: 'budget-exceeded', ceiling: passed, spend: ctx.spend?.describe() });
  return record;
}
