// One attempt (SPEC 2.7 step 4): run the chosen implementation agents, then the closure sweep,
// then evaluate the outcome and write the trace bundle.
import { watch } from 'node:fs';
import { dirname } from 'node:path';
import { foldControlEvents } from '../control/fold.js';
import { readControlLog } from '../control/events.js';
import { evaluateClosureGate } from '../gates/snapshot.js';
import type { GateSnapshot } from '../gates/types.js';
import { applyProofBundles } from '../proof/apply.js';
import type { Projections } from '../projections/compile.js';
import type { AgentDefinition } from '../wave/types.js';
import { runBounded } from './agent-env.js';
import type { LaunchContext } from './context.js';
import { computeOutcome, type AgentRunOutcome, type Outcome } from './outcome.js';
import { refreshProjections } from './refresh.js';
import { resolveExecutor, runAgent } from './run-agent.js';
import { closureStages } from './stages.js';
import { writeAttemptTrace } from './trace.js';
import { deliverWorldEvents } from './world-events.js';
import { rerouteOverdueRequests } from './reroute.js';
import { resolveQuestions } from './human.js';
import { findLateEvidence, type LateArrival } from '../projections/late-evidence.js';
import { CLOSURE_INVALIDATED } from '../gates/codes.js';
import type { AgentRunRecord } from './types.js';

const AGENT_CLOCK_SPACING_MS = 1_000; // each agent's logical clock starts this far after the previous one
const LIVE_REFRESH_DEBOUNCE_MS = 25;

export interface AttemptResult {
  outcome: Outcome;
  projections: Projections;
  runs: AgentRunRecord[];
  traceDir: string;
}

export interface AttemptPlan {
  attempt: number;
  implementation: AgentDefinition[];
  /** Runs already finished in this attempt before a crash (resume): not run again. */
  finished: Set<string>;
  finishedStages: Set<string>;
}

/** Runs one attempt to its outcome. */
export async function runAttempt(ctx: LaunchContext, plan: AttemptPlan, lastRuns: Map<string, AgentRunOutcome>): Promise<AttemptResult> {
  const { attempt } = plan;
  const start = ctx.clock.now();
  ctx.emit({ type: 'attempt-start', attempt, agents: plan.implementation.map((a) => a.id) });
  let projections = refreshProjections(ctx, attempt, { commit: true, now: start });
  const todo = plan.implementation.filter((a) => !plan.finished.has(a.id));
  const runs = await withLiveRefresh(ctx, attempt, () =>
    runBounded(todo, ctx.options.concurrency ?? 4, (agent, i) =>
      runAgent(ctx, agent, attempt, projections, new Date(start.getTime() + i * AGENT_CLOCK_SPACING_MS)),
    ),
  );
  ctx.budget.throwIfSpent(); // the budget stopped agents mid-run: their results are not evidence
  runs.forEach((r) => lastRuns.set(r.agentId, r));
  rerouteOverdueRequests(
    ctx,
    attempt,
    runs.map((r) => r.agentId),
  );
  if (ctx.options.humanLoop) runs.push(...(await resolveQuestions(ctx, attempt, lastRuns, ctx.options.humanLoop)));
  ctx.budget.throwIfSpent();
  let lateEvidence: LateArrival[] = [];
  if (ctx.features.closure && preClosureOk(ctx, attempt, lastRuns)) {
    const sweep = await runClosureSweep(ctx, plan, lastRuns);
    runs.push(...sweep.runs);
    lateEvidence = sweep.lateEvidence;
  }
  projections = refreshProjections(ctx, attempt, { commit: true, now: ctx.clock.now() });
  const control = foldControlEvents(readControlLog(ctx.paths.controlLog(ctx.wave.wave)).events);
  const runOutcomes = ctx.runnable.map((a) => lastRuns.get(a.id)).filter((r): r is AgentRunOutcome => r !== undefined);
  const outcome = computeOutcome({
    wave: ctx.wave,
    features: ctx.features,
    runnable: ctx.runnable,
    summaries: applyProofBundles(ctx.summaries, control.activeBundleByAgent),
    view: ctx.live,
    exists: ctx.exists,
    runs: runOutcomes,
    preferredAgents: ctx.options.preferredAgents ?? {},
    lateEvidence,
  });
  const executors = Object.fromEntries(ctx.runnable.map((a) => [a.id, resolveExecutor(ctx, a).id]));
  const traceDir = writeAttemptTrace(ctx, { attempt, projections, outcome, runs: runOutcomes, control, executors });
  return { outcome, projections, runs, traceDir };
}

/** Gates before the sweep: implementation, components and barriers. The sweep starts only when they pass. */
function preClosureOk(ctx: LaunchContext, attempt: number, lastRuns: Map<string, AgentRunOutcome>): boolean {
  refreshProjections(ctx, attempt, { commit: true, now: ctx.clock.now() }); // conflict blockers and routing settle first
  const control = foldControlEvents(readControlLog(ctx.paths.controlLog(ctx.wave.wave)).events);
  const implOnly = ctx.runnable.filter((a) => a.role === 'implementation');
  const outcome = computeOutcome({
    wave: ctx.wave,
    features: ctx.features,
    runnable: implOnly,
    summaries: applyProofBundles(ctx.summaries, control.activeBundleByAgent),
    view: ctx.live,
    exists: ctx.exists,
    runs: [...lastRuns.values()],
    preferredAgents: ctx.options.preferredAgents ?? {},
  });
  return outcome.snapshot.ok;
}

/**
 * cont-EVAL → security → integration → documentation → cont-QA; stops at the first failing stage.
 * Before each stage (and after the last) the late-evidence mechanism checks whether a record
 * reached an earlier claim since the sweep started; if so the closure is invalidated.
 */
async function runClosureSweep(
  ctx: LaunchContext,
  plan: AttemptPlan,
  lastRuns: Map<string, AgentRunOutcome>,
): Promise<{ runs: AgentRunRecord[]; lateEvidence: LateArrival[] }> {
  const runs: AgentRunRecord[] = [];
  const stewards = { ...ctx.wave, agents: ctx.runnable };
  const sweepStart = ctx.clock.now().toISOString();
  const stewardIds = new Set(ctx.wave.agents.filter((a) => a.role !== 'implementation').map((a) => a.id));
  const lateCheck = (stage: string): LateArrival[] => {
    ctx.live.refresh();
    const late = ctx.features.lateEvidence ? findLateEvidence(ctx.live, sweepStart, stewardIds) : [];
    if (late.length) {
      ctx.control('gate', stage, 'closure-invalidated', plan.attempt, { stage, arrivals: late });
      ctx.emit({ type: 'stage', attempt: plan.attempt, stage, ok: false, statusCode: CLOSURE_INVALIDATED });
    }
    return late;
  };
  for (const stage of closureStages(stewards)) {
    deliverWorldEvents(ctx, stage.stage, plan.attempt);
    const late = lateCheck(stage.stage);
    if (late.length) return { runs, lateEvidence: late };
    const stageStart = ctx.clock.now();
    const projections = refreshProjections(ctx, plan.attempt, { commit: true, now: stageStart });
    if (!plan.finishedStages.has(stage.stage)) {
      ctx.budget.throwIfSpent();
      const stageRuns = await runBounded(stage.agents, ctx.options.concurrency ?? 4, (agent, i) =>
        runAgent(ctx, agent, plan.attempt, projections, new Date(stageStart.getTime() + i * AGENT_CLOCK_SPACING_MS)),
      );
      ctx.budget.throwIfSpent();
      stageRuns.forEach((r) => lastRuns.set(r.agentId, r));
      runs.push(...stageRuns);
    }
    const conflicts = projections.integration.conflictsBlock ? projections.integration.conflicts : [];
    const results = stage.agents.map((agent) => evaluateClosureGate(ctx.wave, agent, ctx.summaries[agent.id], conflicts)!);
    const failed = results.find((r) => !r.ok);
    ctx.control('gate', stage.stage, 'stage-finished', plan.attempt, {
      stage: stage.stage,
      ok: !failed,
      statusCode: failed?.statusCode ?? 'pass',
    });
    ctx.emit({ type: 'stage', attempt: plan.attempt, stage: stage.stage, ok: !failed, statusCode: failed?.statusCode ?? 'pass' });
    if (failed) return { runs, lateEvidence: [] };
  }
  return { runs, lateEvidence: lateCheck('closed') };
}

/**
 * Keeps projection files current while agents run: refresh on log change, debounced, files only.
 * A refresh that fails (an agent planted a symlink for the log, say) is raised once the agents of
 * the stage have ended, as the stage's own refresh would: thrown from the timer it would crash the
 * launcher with a stack trace instead of the error's exit code and fix.
 */
async function withLiveRefresh<T>(ctx: LaunchContext, attempt: number, body: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let watcher: ReturnType<typeof watch> | undefined;
  let failure: { error: unknown } | undefined;
  const refresh = () => {
    try {
      refreshProjections(ctx, attempt, { commit: false });
    } catch (error) {
      failure ??= { error };
    }
  };
  try {
    watcher = watch(dirname(ctx.live.logPath), () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, LIVE_REFRESH_DEBOUNCE_MS);
    });
  } catch {
    watcher = undefined; // no watcher support: projections still refresh at stage boundaries
  }
  try {
    const result = await body();
    if (failure) throw failure.error;
    return result;
  } finally {
    clearTimeout(timer);
    watcher?.close();
  }
}

export type { GateSnapshot };
