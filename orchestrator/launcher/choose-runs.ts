// Earlier results and which implementation agents an attempt runs. Restoring: every finished (or
// reused) run of earlier launches, re-read from the agent's own log. Choosing: the operator's pending rerun request (applied once,
// with its reuse selectors), else the persisted relaunch plan, else every agent whose last result
// cannot be reused. A reused result is restored from the run that produced it and recorded as an
// `agent_run reused` event, so a later launch restores the same result.
import { existsSync, readFileSync } from 'node:fs';
import { readControlLog } from '../control/events.js';
import { foldControlEvents } from '../control/fold.js';
import type { FinishedRun, RerunPlan } from '../control/rerun-plan.js';
import { rerunPlanFromEvents } from '../control/reruns.js';
import type { RerunRequest } from '../control/types.js';
import { InputError } from '../errors.js';
import { parseAgentLog } from '../markers/parse.js';
import type { AgentDefinition } from '../wave/types.js';
import type { LaunchContext } from './context.js';
import type { LauncherControlEvent } from './resume.js';
import type { AgentRunOutcome } from './outcome.js';
import { currentTaskHash, sha256 } from './run-agent.js';

/** Summaries and run results of earlier launches, re-read from the agents' own logs. */
export function restoreRuns(ctx: LaunchContext, events: LauncherControlEvent[]): Map<string, AgentRunOutcome> {
  const runs = new Map<string, AgentRunOutcome>();
  for (const e of events) {
    if (e.entityType !== 'agent_run' || (e.action !== 'finished' && e.action !== 'reused')) continue;
    const d = e.data as {
      exitCode: number | null;
      timedOut: boolean;
      executorError?: string;
      logFile: string;
      outputSha256?: string;
      promptFile: string;
      inboxFile: string;
      taskHash: string;
    };
    if (!ctx.runnable.some((a) => a.id === e.entityId) || !existsSync(d.logFile)) continue;
    const log = readFileSync(d.logFile, 'utf8');
    // A log that is no longer what the launcher captured (something appended to it) is not evidence: run the agent again.
    if (d.outputSha256 !== undefined && sha256(log) !== d.outputSha256) {
      runs.delete(e.entityId);
      delete ctx.summaries[e.entityId];
      ctx.reusedExitZero.delete(e.entityId);
      continue;
    }
    runs.set(e.entityId, {
      agentId: e.entityId,
      exitCode: d.exitCode,
      timedOut: d.timedOut,
      ...(d.executorError ? { executorError: d.executorError } : {}),
    });
    ctx.summaries[e.entityId] = parseAgentLog(e.entityId, log);
    ctx.latestRun[e.entityId] = {
      logFile: d.logFile,
      promptFile: d.promptFile,
      inboxFile: d.inboxFile,
      taskHash: d.taskHash,
      attempt: typeof e.data.fromAttempt === 'number' ? e.data.fromAttempt : e.attempt,
      ...(d.outputSha256 !== undefined ? { output: log } : {}),
    };
    if (d.executorError) ctx.executorFailed.add(e.entityId);
    else ctx.executorFailed.delete(e.entityId);
    if (d.exitCode === 0 && !d.executorError) ctx.reusedExitZero.add(e.entityId);
    else ctx.reusedExitZero.delete(e.entityId);
  }
  return runs;
}

/** Refuses (exit 2, nothing written) a pending rerun whose reuse selectors no longer hold. */
export function checkPendingRerun(ctx: LaunchContext): void {
  const events = readControlLog(ctx.paths.controlLog(ctx.wave.wave)).events;
  const rerun = foldControlEvents(events).activeRerun;
  if (rerun) planFor(ctx, rerun, events);
}

/** The implementation agents of the next attempt (see the file header). */
export function chooseImplementationRuns(
  ctx: LaunchContext,
  attempt: number,
  planned: string[] | undefined,
  lastRuns: Map<string, AgentRunOutcome>,
): AgentDefinition[] {
  const impl = ctx.runnable.filter((a) => a.role === 'implementation');
  const events = readControlLog(ctx.paths.controlLog(ctx.wave.wave)).events;
  const rerun = foldControlEvents(events).activeRerun;
  if (rerun) return applyRerun(ctx, { attempt, rerun, plan: planFor(ctx, rerun, events), lastRuns });
  if (planned) return impl.filter((a) => planned.includes(a.id));
  return impl.filter((a) => !reusable(ctx, a.id));
}

function planFor(ctx: LaunchContext, rerun: RerunRequest, events: Parameters<typeof rerunPlanFromEvents>[2]): RerunPlan {
  const impl = ctx.runnable.filter((a) => a.role === 'implementation');
  const plan = rerunPlanFromEvents(impl, rerun, events);
  if (plan.problems.length)
    throw new InputError(
      plan.problems.map((p) => ({
        file: ctx.paths.controlLog(ctx.wave.wave),
        where: `rerun request ${rerun.id} ${p.where}`,
        message: p.message,
      })),
      `withdraw the request with \`wave-bench control rerun clear --workspace ${ctx.workspace} --lane ${ctx.lane} --wave ${ctx.wave.wave}\` and request again`,
    );
  return plan;
}

/** Restores the reused results, records the request as applied, and returns the agents to relaunch. */
function applyRerun(
  ctx: LaunchContext,
  input: { attempt: number; rerun: RerunRequest; plan: RerunPlan; lastRuns: Map<string, AgentRunOutcome> },
): AgentDefinition[] {
  const { attempt, rerun, plan } = input;
  const relaunch = new Set(plan.relaunch);
  const notReused: { agentId: string; why: string }[] = [];
  const reused: Record<string, unknown>[] = [];
  for (const r of plan.reused) {
    const why = r.run ? restoreRun(ctx, r.run, input.lastRuns) : undefined;
    if (why) {
      notReused.push({ agentId: r.agentId, why });
      relaunch.add(r.agentId);
      continue;
    }
    if (r.run) ctx.control('agent_run', r.agentId, 'reused', attempt, { ...r.run.data, fromAttempt: r.run.attempt, rerunId: rerun.id });
    reused.push({
      agentId: r.agentId,
      from: r.from,
      ...(r.run ? { attempt: r.run.attempt } : {}),
      ...(r.bundleId ? { bundleId: r.bundleId } : {}),
    });
    ctx.emit({ type: 'agent-reused', attempt, agentId: r.agentId });
  }
  for (const n of notReused) ctx.emit({ type: 'message', text: `rerun ${rerun.id}: ${n.agentId} runs again: ${n.why}` });
  ctx.control('rerun_request', rerun.id, 'applied', attempt, { relaunch: [...relaunch], reused, notReused });
  return ctx.runnable.filter((a) => a.role === 'implementation' && relaunch.has(a.id));
}

/** Makes an earlier run the agent's current result; the reason when it cannot be trusted any more. */
function restoreRun(ctx: LaunchContext, run: FinishedRun, lastRuns: Map<string, AgentRunOutcome>): string | undefined {
  const d = run.data as { logFile?: string; outputSha256?: string; promptFile?: string; inboxFile?: string; taskHash?: string };
  const agent = ctx.runnable.find((a) => a.id === run.agentId)!;
  if (!d.logFile || !existsSync(d.logFile)) return `the log of its attempt ${run.attempt} run is gone`;
  const log = readFileSync(d.logFile, 'utf8');
  if (d.outputSha256 !== undefined && sha256(log) !== d.outputSha256)
    return `the log of its attempt ${run.attempt} run changed since it was captured`;
  if (d.taskHash !== currentTaskHash(ctx, agent)) return `its task changed since attempt ${run.attempt}`;
  lastRuns.set(run.agentId, { agentId: run.agentId, exitCode: 0, timedOut: false });
  ctx.summaries[run.agentId] = parseAgentLog(run.agentId, log);
  ctx.latestRun[run.agentId] = {
    logFile: d.logFile,
    promptFile: d.promptFile ?? '',
    inboxFile: d.inboxFile ?? '',
    taskHash: d.taskHash,
    attempt: run.attempt,
    output: log,
  };
  ctx.reusedExitZero.add(run.agentId);
  ctx.executorFailed.delete(run.agentId);
  return undefined;
}

/** An agent whose last run exited 0 with the same task is reused rather than run again. */
function reusable(ctx: LaunchContext, agentId: string): boolean {
  const run = ctx.latestRun[agentId];
  const agent = ctx.runnable.find((a) => a.id === agentId);
  return run !== undefined && agent !== undefined && ctx.reusedExitZero.has(agentId) && run.taskHash === currentTaskHash(ctx, agent);
}
