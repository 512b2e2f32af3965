// `launch` (SPEC 2.7): lock the lane, load the wave, seed, then run attempts until the gate
// snapshot passes, the retry budget is spent, or nobody can safely be relaunched. Every step is
// recorded as a control-plane event, so re-running the same command after a crash resumes.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { readCoordinationLog } from '../coordination/log.js';
import { WaveBenchError } from '../errors.js';
import { writeStateFile } from '../safe-fs.js';
import { readControlLog } from '../control/events.js';
import { foldControlEvents } from '../control/fold.js';
import { isOpen } from '../coordination/status.js';
import { parseAgentLog } from '../markers/parse.js';
import { deriveLedgerPhase } from '../projections/ledger.js';
import { loadWaveFile } from '../wave/load.js';
import type { WaveDefinition } from '../wave/types.js';
import { runAttempt, type AttemptResult } from './attempt.js';
import { createLaunchContext, type LaunchContext } from './context.js';
import { writeDryRun } from './dry-run.js';
import { acquireLauncherLock } from './lock.js';
import type { AgentRunOutcome } from './outcome.js';
import { planRelaunch, type RelaunchPlan } from './relaunch.js';
import { findResumePoint, type LauncherControlEvent } from './resume.js';
import { postCoordinationNote, seedCoordination } from './seed.js';
import { currentTaskHash, sha256 } from './run-agent.js';
import { phaseRoleAgent } from './stages.js';
import { EXIT_NO_RELAUNCH_TARGET, EXIT_WAVE_FAILED, type AgentRunRecord, type LaunchOptions, type LaunchOutcome } from './types.js';

/** Attempts after the first when the retry feature is on and the caller names none: one budget for `launch` and `run`. */
export const DEFAULT_MAX_RETRIES = 2;
const MAX_CONTINUATIONS = 3; // sibling-pending continuations allowed beyond the retry budget

/** Runs one wave to completion; see LaunchOutcome for exit codes. */
export async function launchWave(options: LaunchOptions): Promise<LaunchOutcome> {
  const started = performance.now();
  checkWorkspaceDir(options.workspace);
  const wave = loadWaveFile(options.waveFile, {
    requireContQa: options.features?.closure !== false,
    ...(options.closureIds ? { closureIds: options.closureIds } : {}),
  });
  const ctx = createLaunchContext(options, wave);
  const release = acquireLauncherLock(ctx.paths.launcherLock);
  try {
    reportLogIssues(ctx);
    if (options.dryRun) return { ...writeDryRun(ctx), wallTimeMs: performance.now() - started };
    // The wave file's hash and the effective settings of this run, for the run state and its trace.
    const waveSha256 = sha256(readFileSync(options.waveFile, 'utf8'));
    ctx.settings = effectiveSettings(options, ctx);
    ctx.control('wave_run', `wave-${wave.wave}`, 'started', 0, { waveFile: options.waveFile, sha256: waveSha256, settings: ctx.settings });
    seedCoordination(ctx);
    if (options.coordinationNote?.trim()) postCoordinationNote(ctx, options.coordinationNote.trim());
    const outcome = { ...(await attemptLoop(ctx)), wallTimeMs: Math.round(performance.now() - started) };
    ctx.control('wave_run', `wave-${wave.wave}`, 'finished', outcome.attempts, {
      waveFile: options.waveFile,
      sha256: waveSha256,
      ok: outcome.ok,
      exitCode: outcome.exitCode,
    });
    return outcome;
  } finally {
    release();
  }
}

type LoopOutcome = Omit<LaunchOutcome, 'wallTimeMs'>;

/** The settings this launch actually runs with (after config and flags), as recorded in the control log. */
function effectiveSettings(options: LaunchOptions, ctx: LaunchContext): Record<string, unknown> {
  return {
    lane: ctx.lane,
    executor: options.executor ?? null,
    model: options.model ?? null,
    concurrency: options.concurrency ?? null,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    agentTimeoutMinutes: options.agentTimeoutMinutes ?? null,
    maxTurns: options.maxTurns ?? null,
    spendLimit: options.spendLimit ?? null,
    features: ctx.features,
    preferredAgents: options.preferredAgents ?? {},
    humanLoop: options.humanLoop ?? null,
    roleExecutors: options.roleExecutors ?? {},
    defaultExecutor: options.defaultExecutor ?? null,
    fallbackExecutor: options.fallbackExecutor ?? null,
    rateLimit: options.rateLimit ?? null,
    waveTimeoutMinutes: options.waveTimeoutMinutes ?? null,
    closureIds: ctx.wave.closureIds,
    ...(options.settingsSources ? { sources: options.settingsSources } : {}),
  };
}

/** The workspace must exist: a mistyped --workspace must not silently become a new empty one. */
function checkWorkspaceDir(workspace: string): void {
  if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
    throw new WaveBenchError('workspace-missing', `workspace ${workspace} does not exist or is not a directory`, {
      fix: 'pass --workspace with an existing repository directory (create it first for a new one)',
    });
  }
}

/** Torn or garbage lines of the lane's logs are skipped when folding, but always said (file and line);
 * records by someone who is not an agent of the wave (nor the operator or launcher) are flagged. */
function reportLogIssues(ctx: LaunchContext): void {
  const logs = [ctx.paths.coordinationLog(ctx.wave.wave), ctx.paths.controlLog(ctx.wave.wave)];
  const coordination = readCoordinationLog(logs[0]!);
  const issues = [
    ...coordination.issues.map((i) => ({ file: logs[0]!, ...i })),
    ...readControlLog(logs[1]!).issues.map((i) => ({ file: logs[1]!, ...i })),
  ];
  for (const i of issues) ctx.emit({ type: 'message', text: `warning: ${i.file}:${i.line}: ${i.kind}: ${i.message} (line skipped)` });
  const known = new Set([...ctx.wave.agents.map((a) => a.id), 'operator', 'launcher', 'orchestrator']);
  const strangers = [
    ...new Set(coordination.records.filter((r) => !known.has(r.agentId)).map((r) => `${r.id} (claims agent "${r.agentId}")`)),
  ];
  if (strangers.length)
    ctx.emit({
      type: 'message',
      text: `warning: ${logs[0]}: records from outside wave ${ctx.wave.wave}'s agents: ${strangers.join(', ')}`,
    });
}

async function attemptLoop(ctx: LaunchContext): Promise<LoopOutcome> {
  const events = readControlLog(ctx.paths.controlLog(ctx.wave.wave)).events as LauncherControlEvent[];
  const resume = findResumePoint(events);
  const lastRuns = restoreRuns(ctx, events);
  const pendingRerun = foldControlEvents(events as never).activeRerun;
  if (resume.alreadyPassed && !pendingRerun) {
    const last = resume.completedAttempts.at(-1)!;
    return {
      ok: true,
      exitCode: 0,
      wave: ctx.wave.wave,
      attempts: last.attempt,
      reason: `wave ${ctx.wave.wave} already passed in attempt ${last.attempt}; nothing to do`,
      relaunchesByRole: {},
      agentRuns: [],
      traceDirs: [],
      agentProcessTimeMs: 0,
    };
  }
  const maxRetries = ctx.features.retry ? (ctx.options.maxRetries ?? DEFAULT_MAX_RETRIES) : 0;
  let retriesUsed = resume.completedAttempts.filter((a) => !a.ok && !a.continuation).length;
  let continuations = resume.completedAttempts.filter((a) => a.continuation).length;
  let nextIds = resume.plannedAgentIds ?? resume.nextPlan?.agentIds;
  const relaunches: Record<string, number> = {};
  const allRuns: AgentRunRecord[] = [];
  const traceDirs: string[] = [];
  const loopStarted = Date.now();
  for (let attempt = resume.attempt; ; attempt += 1) {
    const budget = ctx.options.waveTimeoutMinutes;
    if (budget !== undefined && attempt > resume.attempt && Date.now() - loopStarted > budget * 60_000) {
      ctx.control('wave_run', `wave-${ctx.wave.wave}`, 'budget-spent', attempt, { waveTimeoutMinutes: budget, attemptNotStarted: attempt });
      return {
        ok: false,
        exitCode: EXIT_WAVE_FAILED,
        wave: ctx.wave.wave,
        attempts: attempt - 1,
        reason: `the wave's time budget (${budget} minute(s)) is spent; attempt ${attempt} was not started`,
        relaunchesByRole: relaunches,
        agentRuns: allRuns,
        traceDirs,
        agentProcessTimeMs: allRuns.reduce((s, r) => s + r.durationMs, 0),
      };
    }
    const implementation = chooseImplementationRuns(ctx, nextIds, attempt === resume.attempt ? resume.plannedAgentIds !== undefined : true);
    if (attempt !== resume.attempt || resume.plannedAgentIds === undefined)
      ctx.control('attempt', `attempt-${attempt}`, 'started', attempt, { agentIds: implementation.map((a) => a.id) });
    const fresh = attempt === resume.attempt;
    const result = await runAttempt(
      ctx,
      {
        attempt,
        implementation,
        finished: fresh ? new Set(resume.finishedRuns.keys()) : new Set(),
        finishedStages: fresh ? resume.finishedStages : new Set(),
      },
      lastRuns,
    );
    allRuns.push(...result.runs);
    traceDirs.push(result.traceDir);
    const snapshot = result.outcome.snapshot;
    ctx.emit({ type: 'attempt-end', attempt, ok: snapshot.ok, statusCode: snapshot.overall.statusCode });
    const base = {
      wave: ctx.wave.wave,
      attempts: attempt,
      snapshot,
      relaunchesByRole: relaunches,
      agentRuns: allRuns,
      traceDirs,
      agentProcessTimeMs: allRuns.reduce((s, r) => s + r.durationMs, 0),
    };
    const ceiling = ctx.spend?.exceeded();
    if (ceiling) {
      // Spent more than the launch may: no retry can undo that, whatever the gates say.
      const detail = ctx.spend!.describe();
      ctx.control('attempt', `attempt-${attempt}`, 'finished', attempt, { ok: false, continuation: false, statusCode: 'budget-exceeded' });
      ctx.control('wave_run', `wave-${ctx.wave.wave}`, 'budget-spent', attempt, { ceiling, detail });
      return {
        ...base,
        ok: false,
        exitCode: EXIT_WAVE_FAILED,
        reason: `budget-exceeded: the ${ceiling} ceiling was passed (${detail})`,
        budgetExceeded: { ceiling, detail },
      };
    }
    if (snapshot.ok) {
      ctx.control('attempt', `attempt-${attempt}`, 'finished', attempt, { ok: true, continuation: false, statusCode: 'pass' });
      return { ...base, ok: true, exitCode: 0, reason: `wave ${ctx.wave.wave} passed its gate snapshot` };
    }
    if (snapshot.overall.statusCode === 'helper-assignment-unresolved' && ctx.features.unroutableBlocking) {
      // Nobody can take the request: relaunching cannot help, so the wave ends now and stays unclosed.
      ctx.control('attempt', `attempt-${attempt}`, 'finished', attempt, {
        ok: false,
        continuation: false,
        statusCode: snapshot.overall.statusCode,
        reasons: {},
      });
      return {
        ...base,
        ok: false,
        exitCode: EXIT_NO_RELAUNCH_TARGET,
        reason: `closure blocked: ${snapshot.overall.detail} (request-unroutable: no agent has the capability; the wave cannot close until someone can take it)`,
      };
    }
    const plan = relaunchPlanFor(ctx, result, lastRuns);
    const budgetLeft = plan.continuation ? continuations < MAX_CONTINUATIONS : retriesUsed < maxRetries;
    const stop = !budgetLeft || plan.agentIds.length === 0;
    ctx.control('attempt', `attempt-${attempt}`, 'finished', attempt, {
      ok: false,
      continuation: plan.continuation,
      statusCode: snapshot.overall.statusCode,
      ...(stop ? {} : { nextAgentIds: plan.agentIds }),
      reasons: plan.reasons,
    });
    if (plan.agentIds.length === 0)
      return {
        ...base,
        ok: false,
        exitCode: EXIT_NO_RELAUNCH_TARGET,
        reason: `${plan.barrier ?? 'no safe relaunch target'}${humanHint(ctx, snapshot.overall.statusCode)}`,
      };
    if (!budgetLeft)
      return {
        ...base,
        ok: false,
        exitCode: EXIT_WAVE_FAILED,
        reason: `gate ${snapshot.overall.gate} failed with ${snapshot.overall.statusCode} after ${attempt} attempt(s): ${snapshot.overall.detail}`,
      };
    persistPlan(ctx, attempt + 1, plan);
    for (const id of plan.agentIds) {
      const role = ctx.wave.agents.find((a) => a.id === id)?.role ?? 'implementation';
      relaunches[role] = (relaunches[role] ?? 0) + 1;
    }
    if (plan.continuation) continuations += 1;
    else retriesUsed += 1;
    nextIds = plan.agentIds;
  }
}

/** Operator rerun override, else the planned ids, else every runnable implementation agent. */
function chooseImplementationRuns(ctx: LaunchContext, planned: string[] | undefined, _resuming: boolean): WaveDefinition['agents'] {
  const control = foldControlEvents(readControlLog(ctx.paths.controlLog(ctx.wave.wave)).events);
  const impl = ctx.runnable.filter((a) => a.role === 'implementation');
  if (control.activeRerun) {
    // Named agents, plus the owners of invalidated components, minus the agents whose results are reused.
    const rerun = control.activeRerun;
    const owners = impl.filter((a) => a.components.some((c) => rerun.invalidateComponents.includes(c))).map((a) => a.id);
    const ids = new Set([...rerun.agentIds, ...owners].filter((id) => !rerun.reuse.includes(id)));
    ctx.control('rerun_request', control.activeRerun.id, 'applied', 0, {});
    return impl.filter((a) => ids.has(a.id));
  }
  if (planned) return impl.filter((a) => planned.includes(a.id));
  return impl.filter((a) => !reusable(ctx, a.id));
}

/** An agent whose last run exited 0 with the same task is reused rather than run again. */
function reusable(ctx: LaunchContext, agentId: string): boolean {
  const run = ctx.latestRun[agentId];
  const agent = ctx.runnable.find((a) => a.id === agentId);
  return run !== undefined && agent !== undefined && ctx.reusedExitZero.has(agentId) && run.taskHash === currentTaskHash(ctx, agent);
}

/** Summaries and run results of earlier launches, re-read from the agents' own logs. */
function restoreRuns(ctx: LaunchContext, events: LauncherControlEvent[]): Map<string, AgentRunOutcome> {
  const runs = new Map<string, AgentRunOutcome>();
  for (const e of events) {
    if (e.entityType !== 'agent_run' || e.action !== 'finished') continue;
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
      attempt: e.attempt,
      ...(d.outputSha256 !== undefined ? { output: log } : {}),
    };
    if (d.executorError) ctx.executorFailed.add(e.entityId);
    else ctx.executorFailed.delete(e.entityId);
    if (d.exitCode === 0 && !d.executorError) ctx.reusedExitZero.add(e.entityId);
    else ctx.reusedExitZero.delete(e.entityId);
  }
  return runs;
}

/** When the wave waits for a person, say exactly how to answer. */
function humanHint(ctx: LaunchContext, statusCode: string): string {
  if (statusCode !== 'human-feedback-open' && statusCode !== 'clarification-open') return '';
  const waiting = ctx.live
    .open()
    .filter(
      (r) =>
        r.kind === 'human-feedback' ||
        r.kind === 'human-escalation' ||
        (statusCode === 'clarification-open' && r.kind === 'clarification-request'),
    );
  return waiting
    .map(
      (r) =>
        `\n  waiting for an answer to ${r.id} ("${r.summary}"): wave-bench control task answer --workspace ${ctx.workspace} --lane ${ctx.lane} --wave ${ctx.wave.wave} --id ${r.id} --answer "..."`,
    )
    .join('');
}

function relaunchPlanFor(ctx: LaunchContext, result: AttemptResult, lastRuns: Map<string, AgentRunOutcome>): RelaunchPlan {
  const view = ctx.live;
  const ids = new Set(ctx.wave.agents.map((a) => a.id));
  const agentsOf = (targets: string[]) => targets.map((t) => t.replace(/^agent:/, '')).filter((t) => ids.has(t));
  const openClar = [
    ...view.byKind('clarification-request'),
    ...view.open().filter((r) => (r.closureCondition ?? '').startsWith('clarification:')),
  ].filter(isOpen);
  const blockers = view.byKind('blocker').filter(isOpen);
  const phase = deriveLedgerPhase({
    openBlockers: blockers.length,
    openClarifications: openClar.length,
    implementationActive: false,
    ...(closureStageOf(result) ? { closureStage: closureStageOf(result)! } : {}),
    snapshotPassed: false,
  });
  return planRelaunch({
    eligibleAgentIds: ctx.runnable.map((a) => a.id),
    snapshot: result.outcome.snapshot,
    clarificationOwners: openClar.flatMap((r) => agentsOf(r.targets)),
    helperAssignees: result.projections.assignments.filter((a) => a.open && a.assignee !== 'unresolved').map((a) => a.assignee),
    blockerParties: blockers.flatMap((b) => [b.agentId, ...agentsOf(b.targets)]).filter((id) => ids.has(id)),
    ...(phaseRoleAgent(ctx.wave, phase) ? { phaseRoleAgent: phaseRoleAgent(ctx.wave, phase)! } : {}),
    failedAgentIds: [...lastRuns.values()].filter((r) => r.exitCode !== 0 || r.timedOut || r.executorError).map((r) => r.agentId),
  });
}

function closureStageOf(result: AttemptResult): 'cont-eval' | 'security' | 'integration' | 'documentation' | 'cont-qa' | undefined {
  const gate = result.outcome.snapshot.overall.gate;
  return gate === 'cont-eval' || gate === 'security' || gate === 'integration' || gate === 'documentation' || gate === 'cont-qa'
    ? gate
    : undefined;
}

function persistPlan(ctx: LaunchContext, attempt: number, plan: RelaunchPlan): void {
  const file = ctx.paths.relaunchPlan(ctx.wave.wave);
  writeStateFile(ctx.workspace, file, JSON.stringify({ attempt, ...plan }, null, 2) + '\n');
}
