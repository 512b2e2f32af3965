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
import { deriveLedgerPhase } from '../projections/ledger.js';
import { loadWaveFile } from '../wave/load.js';
import { runAttempt, type AttemptResult } from './attempt.js';
import { checkPendingRerun, chooseImplementationRuns, restoreRuns } from './choose-runs.js';
import { createLaunchContext, type LaunchContext } from './context.js';
import { writeDryRun } from './dry-run.js';
import { acquireLauncherLock } from './lock.js';
import type { AgentRunOutcome } from './outcome.js';
import { planRelaunch, type RelaunchPlan } from './relaunch.js';
import { refreshProjections } from './refresh.js';
import { startResidentOrchestrator } from './resident.js';
import { findResumePoint, type LauncherControlEvent, type ResumePoint } from './resume.js';
import { postCoordinationNote, seedCoordination } from './seed.js';
import { resolveExecutor, runAgent, sha256 } from './run-agent.js';
import { cliExecutors } from '../executors/cli/index.js';
import { isPricedModel } from '../executors/cli/usage.js';
import { phaseRoleAgent } from './stages.js';
import { startWaveBudget, WaveBudgetSpent } from './wave-budget.js';
import {
  EXIT_NO_RELAUNCH_TARGET,
  EXIT_WAVE_BUDGET_SPENT,
  EXIT_WAVE_FAILED,
  type AgentRunRecord,
  type LaunchOptions,
  type LaunchOutcome,
} from './types.js';

/** Attempts after the first when the retry feature is on and the caller names none: one budget for `launch` and `run`. */
export const DEFAULT_MAX_RETRIES = 2;
const MAX_CONTINUATIONS = 3; // sibling-pending continuations allowed beyond the retry budget

/** A spend ceiling needs an agent whose executor reports usage (a real CLI); otherwise it could never be checked. */
function checkSpendMeasurable(ctx: LaunchContext): void {
  const limit = ctx.options.spendLimit;
  if (!limit) return;
  const metered = ctx.runnable.map((a) => resolveExecutor(ctx, a)).filter((e) => e.id in cliExecutors);
  if (!metered.length)
    throw new WaveBenchError(
      'spend-ceiling-unmeasurable',
      `a token or cost ceiling was set, but no agent of wave ${ctx.wave.wave} runs under an executor that reports usage (${Object.keys(cliExecutors).join(', ')}), so it could never be checked`,
      { fix: 'run the agents under a real CLI (--executor claude|codex|opencode or their ### Executor), or drop --max-tokens/--max-cost' },
    );
  if (limit.costUsd !== undefined && !metered.some((e) => isPricedModel(e.model)))
    throw new WaveBenchError(
      'spend-ceiling-unmeasurable',
      `a cost ceiling was set, but no agent of wave ${ctx.wave.wave} runs a model with a price in orchestrator/executors/cli/model-prices.ts, so its cost would be unknown`,
      { fix: 'give the agents a priced model (--model or their ### Executor), or use --max-tokens instead' },
    );
}

/** Runs one wave to completion; see LaunchOutcome for exit codes. */
export async function launchWave(options: LaunchOptions): Promise<LaunchOutcome> {
  const started = performance.now();
  checkWorkspaceDir(options.workspace);
  const wave = loadWaveFile(options.waveFile, {
    requireContQa: options.features?.closure !== false,
    ...(options.closureIds ? { closureIds: options.closureIds } : {}),
  });
  const ctx = createLaunchContext(options, wave);
  checkSpendMeasurable(ctx);
  const release = acquireLauncherLock(ctx.paths.launcherLock);
  try {
    reportLogIssues(ctx);
    checkPendingRerun(ctx);
    if (options.dryRun) return { ...writeDryRun(ctx), wallTimeMs: performance.now() - started };
    // The wave file's hash and the effective settings of this run, for the run state and its trace.
    const waveSha256 = sha256(readFileSync(options.waveFile, 'utf8'));
    ctx.settings = effectiveSettings(options, ctx);
    ctx.control('wave_run', `wave-${wave.wave}`, 'started', 0, { waveFile: options.waveFile, sha256: waveSha256, settings: ctx.settings });
    seedCoordination(ctx);
    if (options.coordinationNote?.trim()) postCoordinationNote(ctx, options.coordinationNote.trim());
    ctx.budget = startWaveBudget(options.waveTimeoutMinutes, () =>
      ctx.emit({
        type: 'message',
        text: `wave ${wave.wave}: the time budget (${options.waveTimeoutMinutes} minute(s)) is spent; stopping the running agents`,
      }),
    );
    const outcome = { ...(await attemptLoop(ctx)), wallTimeMs: Math.round(performance.now() - started) };
    ctx.control('wave_run', `wave-${wave.wave}`, 'finished', outcome.attempts, {
      waveFile: options.waveFile,
      sha256: waveSha256,
      ok: outcome.ok,
      exitCode: outcome.exitCode,
    });
    return outcome;
  } finally {
    ctx.budget.dispose();
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
  // The resident orchestrator runs alongside every attempt of this launch and is stopped however the launch ends.
  const resident = startResidentOrchestrator(ctx, resume.attempt, (agent, options) =>
    runAgent(ctx, agent, resume.attempt, refreshProjections(ctx, resume.attempt, { commit: false }), ctx.clock.now(), options),
  );
  let outcome: LoopOutcome | undefined;
  try {
    outcome = await runAttempts(ctx, resume, lastRuns);
    return outcome;
  } finally {
    const record = await resident?.stop();
    if (record && outcome) outcome.agentRuns.push(record);
  }
}

/** Attempts from the resume point until the wave passes, a budget is spent or nobody can be relaunched. */
async function runAttempts(ctx: LaunchContext, resume: ResumePoint, lastRuns: Map<string, AgentRunOutcome>): Promise<LoopOutcome> {
  const maxRetries = ctx.features.retry ? (ctx.options.maxRetries ?? DEFAULT_MAX_RETRIES) : 0;
  let retriesUsed = resume.completedAttempts.filter((a) => !a.ok && !a.continuation).length;
  let continuations = resume.completedAttempts.filter((a) => a.continuation).length;
  let nextIds = resume.plannedAgentIds ?? resume.nextPlan?.agentIds;
  const relaunches: Record<string, number> = {};
  const allRuns: AgentRunRecord[] = [];
  const traceDirs: string[] = [];
  const sofar = () => ({ relaunchesByRole: relaunches, agentRuns: allRuns, traceDirs });
  for (let attempt = resume.attempt; ; attempt += 1) {
    if (attempt > resume.attempt && ctx.budget.signal.aborted) return budgetSpentOutcome(ctx, attempt, false, sofar());
    const implementation = chooseImplementationRuns(ctx, attempt, nextIds, lastRuns);
    if (attempt !== resume.attempt || resume.plannedAgentIds === undefined)
      ctx.control('attempt', `attempt-${attempt}`, 'started', attempt, { agentIds: implementation.map((a) => a.id) });
    const fresh = attempt === resume.attempt;
    let result: AttemptResult;
    try {
      result = await runAttempt(
        ctx,
        {
          attempt,
          implementation,
          finished: fresh ? new Set(resume.finishedRuns.keys()) : new Set(),
          finishedStages: fresh ? resume.finishedStages : new Set(),
        },
        lastRuns,
      );
    } catch (error) {
      if (error instanceof WaveBudgetSpent) return budgetSpentOutcome(ctx, attempt, true, sofar());
      throw error;
    }
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

/** The wave's time budget ended this launch: recorded, told apart from agent failures (exit 45); the next launch resumes. */
function budgetSpentOutcome(
  ctx: LaunchContext,
  attempt: number,
  interrupted: boolean,
  sofar: Pick<LoopOutcome, 'relaunchesByRole' | 'agentRuns' | 'traceDirs'>,
): LoopOutcome {
  const minutes = ctx.budget.minutes ?? 0;
  const stoppedAgents = readControlLog(ctx.paths.controlLog(ctx.wave.wave))
    .events.filter(
      (e) => e.entityType === 'agent_run' && e.action === 'finished' && e.attempt === attempt && e.data.stoppedBy === 'wave-timeout',
    )
    .map((e) => e.entityId);
  ctx.control('wave_run', `wave-${ctx.wave.wave}`, 'budget-spent', attempt, {
    waveTimeoutMinutes: minutes,
    ...(interrupted ? { attemptInterrupted: attempt, stoppedAgents } : { attemptNotStarted: attempt }),
  });
  const what = interrupted
    ? `attempt ${attempt} was stopped${stoppedAgents.length ? ` (running agents killed: ${stoppedAgents.join(', ')})` : ''}; run the same command to resume it`
    : `attempt ${attempt} was not started`;
  return {
    ok: false,
    exitCode: EXIT_WAVE_BUDGET_SPENT,
    stoppedBy: 'wave-timeout',
    wave: ctx.wave.wave,
    attempts: interrupted ? attempt : attempt - 1,
    reason: `the wave's time budget (${minutes} minute(s)) is spent; ${what}`,
    ...sofar,
    agentProcessTimeMs: sofar.agentRuns.reduce((s, r) => s + r.durationMs, 0),
  };
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
