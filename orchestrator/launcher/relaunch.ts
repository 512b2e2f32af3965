// Choosing whom to relaunch after a failed attempt (SPEC 2.7 step 4). Pure: plain data in, plan out.
import type { GateResult, GateSnapshot } from '../gates/types.js';

/** Why an agent was chosen; reported in the persisted plan and in results (relaunches by role). */
export type RelaunchReason =
  | 'clarification-follow-up'
  | 'helper-assignee'
  | 'blocker-party'
  | 'phase-role'
  | 'component-sibling'
  | 'failed-agent'
  | 'operator-rerun';

export interface RelaunchInput {
  /** Agents that may run under the current features, in wave order. */
  eligibleAgentIds: string[];
  snapshot: GateSnapshot;
  /** Agents asked to answer an open clarification (targets of open clarification-requests and follow-ups). */
  clarificationOwners: string[];
  /** Assignees of open helper assignments. */
  helperAssignees: string[];
  /** Authors and targeted agents of open blockers. */
  blockerParties: string[];
  /** The agent whose role matches the ledger phase (e.g. A8 while integrating), if any. */
  phaseRoleAgent?: string;
  /** Agents whose own run failed: non-zero exit, timeout, executor error. */
  failedAgentIds: string[];
}

export interface RelaunchPlan {
  agentIds: string[];
  reasons: Record<string, RelaunchReason[]>;
  /** True when the only failure is shared-component-sibling-pending: does not spend retry budget. */
  continuation: boolean;
  /** Why nobody can be relaunched, when agentIds is empty. */
  barrier?: string;
}

const CLOSURE_GATES: ReadonlySet<string> = new Set(['cont-eval', 'security', 'integration', 'documentation', 'cont-qa']);

/** The agents to relaunch and why, in wave order; an empty plan carries the reason. */
export function planRelaunch(input: RelaunchInput): RelaunchPlan {
  const eligible = new Set(input.eligibleAgentIds);
  const reasons: Record<string, RelaunchReason[]> = {};
  const add = (agentId: string | undefined, reason: RelaunchReason) => {
    if (!agentId || !eligible.has(agentId)) return;
    const list = (reasons[agentId] ??= []);
    if (!list.includes(reason)) list.push(reason);
  };
  // Closure gates after an earlier failure were never reached (the sweep did not run): they say
  // nothing about who to relaunch or whether this is a continuation.
  const closureFailed = CLOSURE_GATES.has(input.snapshot.overall.gate);
  const failures = input.snapshot.gates.filter((gate) => !gate.ok && (closureFailed || !CLOSURE_GATES.has(gate.gate)));
  const continuation = failures.length > 0 && failures.every((gate) => gate.statusCode === 'shared-component-sibling-pending');
  for (const gate of failures) {
    for (const agentId of waitingOwners(gate)) add(agentId, 'component-sibling');
    if (gate.statusCode !== 'shared-component-sibling-pending' && gate.agentId) add(gate.agentId, 'failed-agent');
  }
  if (!continuation) {
    input.clarificationOwners.forEach((id) => add(id, 'clarification-follow-up'));
    input.helperAssignees.forEach((id) => add(id, 'helper-assignee'));
    input.blockerParties.forEach((id) => add(id, 'blocker-party'));
    add(input.phaseRoleAgent, 'phase-role');
    input.failedAgentIds.forEach((id) => add(id, 'failed-agent'));
  }
  const agentIds = input.eligibleAgentIds.filter((id) => reasons[id]);
  const plan: RelaunchPlan = { agentIds, reasons, continuation };
  if (agentIds.length === 0) {
    plan.barrier = `no safe relaunch target for ${input.snapshot.overall.statusCode}: ${input.snapshot.overall.detail}`;
  }
  return plan;
}

/** Owners a component gate says are still pending. */
function waitingOwners(gate: GateResult): string[] {
  return gate.statusCode === 'shared-component-sibling-pending' ? (gate.waitingAgents ?? []) : [];
}
