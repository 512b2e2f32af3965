// Operator rerun requests (SPEC 2.7): ask the next launch to rerun agents, reusing what need not run
// again (an agent's last result, an earlier attempt's accepted results, an active proof bundle);
// see the pending request and its history; withdraw it. Each action is one appended control event.
import { InputError, WaveBenchError } from '../errors.js';
import { launchedWave } from './coord.js';
import { foldControlEvents } from './fold.js';
import { appendOperatorEvent, checkActor, checkWorkspace, controlEventsOf, controlLogOf, type LaneRef } from './lane-ref.js';
import { finishedRuns, planRerun, type RerunPlan, type RerunSelectors } from './rerun-plan.js';
import type { ControlEvent } from './types.js';

export type RerunInput = Partial<Omit<RerunSelectors, 'agentIds'>>;

/** Records a rerun request; with reuse selectors it is checked first (what it would reuse now is returned). */
export function requestRerun(
  ref: LaneRef,
  agentIds: string[],
  phase?: string,
  selectors: RerunInput = {},
): { event: ControlEvent; plan?: RerunPlan } {
  for (const id of agentIds) checkActor(ref, id, '--agent');
  for (const id of selectors.reuse ?? []) checkActor(ref, id, '--reuse');
  const request: RerunSelectors = {
    agentIds,
    reuse: selectors.reuse ?? [],
    invalidateComponents: selectors.invalidateComponents ?? [],
    reuseAttempts: selectors.reuseAttempts ?? [],
    reuseProofBundles: selectors.reuseProofBundles ?? [],
  };
  const plan = request.reuseAttempts.length || request.reuseProofBundles.length ? checkRerunPlan(ref, request) : undefined;
  const id = `rerun-${Date.now().toString(36)}`;
  const event = appendOperatorEvent(ref, { type: 'rerun_request', id }, 'requested', { ...request, ...(phase ? { phase } : {}) });
  return { event, ...(plan ? { plan } : {}) };
}

/** What the request would relaunch and reuse now; any problem is exit 2 and nothing is written. */
export function checkRerunPlan(ref: LaneRef, request: RerunSelectors, where = 'control rerun'): RerunPlan {
  const implementation = launchedWave(ref).wave.agents.filter((a) => a.role === 'implementation');
  const plan = rerunPlanFromEvents(implementation, request, controlEventsOf(ref));
  if (plan.problems.length)
    throw new InputError(
      plan.problems.map((p) => ({ file: controlLogOf(ref), where: `${where} ${p.where}`, message: p.message })),
      'see the attempts with `wave-bench control status --agent <id>` and the bundles with `wave-bench control proof get`; withdraw a pending request with `wave-bench control rerun clear`',
    );
  return plan;
}

/** The rerun plan of a request against a wave's control events. */
export function rerunPlanFromEvents(
  implementation: readonly { id: string; components: readonly string[] }[],
  request: RerunSelectors,
  events: readonly ControlEvent[],
): RerunPlan {
  const finishedAttempts = [...new Set(events.filter((e) => e.entityType === 'attempt' && e.action === 'finished').map((e) => e.attempt))];
  return planRerun({
    implementation,
    request,
    runs: finishedRuns(events),
    finishedAttempts,
    bundles: foldControlEvents(events).proofBundles,
  });
}

/** The pending rerun request (if any) and every rerun request ever made, from the control log. */
export function rerunState(ref: LaneRef): {
  active: ReturnType<typeof foldControlEvents>['activeRerun'] | null;
  history: { id: string; action: string; agentIds: string[]; at: string; actor: string; data: Record<string, unknown> }[];
} {
  checkWorkspace(ref.workspace);
  const events = controlEventsOf(ref);
  const history = events
    .filter((e) => e.entityType === 'rerun_request')
    .map((e) => ({
      id: e.entityId,
      action: e.action,
      agentIds: Array.isArray(e.data.agentIds) ? (e.data.agentIds as string[]) : [],
      at: e.recordedAt,
      actor: e.actor,
      data: e.data,
    }));
  return { active: foldControlEvents(events).activeRerun ?? null, history };
}

/** Withdraws the pending rerun request (a `cancelled` event); an error when there is none. */
export function clearRerun(ref: LaneRef) {
  const { active } = rerunState(ref);
  if (!active)
    throw new WaveBenchError('no-rerun-request', `lane ${ref.lane} wave ${ref.wave} has no pending rerun request`, {
      fix: 'see `wave-bench control rerun get`',
    });
  return appendOperatorEvent(ref, { type: 'rerun_request', id: active.id }, 'cancelled', { agentIds: active.agentIds });
}
