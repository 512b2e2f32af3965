// Every projection of one refresh in one call, shaped by the arm's projection features.
import type { CoordinationRecord, CoordinationView } from '../coordination/types.js';
import type { AgentSummary } from '../markers/types.js';
import type { AgentDefinition } from '../wave/types.js';
import { renderRecordLine, selectWithinBudget } from './bounded.js';
import { compileInbox, DEFAULT_INBOX_BUDGET, inboxReason, type AgentInbox } from './inbox.js';
import { compileIntegrationSummary, type IntegrationSummary } from './integration.js';
import { computeResponseMetrics, type ResponseMetrics } from './metrics.js';
import { planAssignmentDecisions, resolveAssignments, SEED_SOURCE, type HelperAssignment, type RoutingOptions } from './routing.js';
import { compileCountsSummary, compileSharedSummary, DEFAULT_SUMMARY_BUDGET, type SharedSummary } from './summary.js';

export interface ProjectionFeatures {
  summary: 'compiled' | 'counts' | 'none';
  inboxes: boolean;
  routing: boolean;
  /** Closure mechanisms the integration summary honours; default on. */
  conflictGating?: boolean;
  evidenceRanking?: boolean;
  unroutableBlocking?: boolean;
}

export interface ProjectionInput {
  view: CoordinationView;
  agents: readonly AgentDefinition[];
  features: ProjectionFeatures;
  lane: string;
  wave: number;
  attempt: number;
  now: Date;
  summaries?: Readonly<Record<string, AgentSummary>>;
  integrationStewardId?: string;
  routing?: RoutingOptions;
  summaryBudget?: number;
  inboxBudget?: number;
  ackTimeoutMs?: number;
  staleClarificationMs?: number;
  /**
   * The previous refresh's inboxes and the ids changed since: an agent's inbox is reused when no
   * changed record concerns it (now or before) and the assignments are the same. Keeps a live
   * refresh proportional to what changed.
   */
  previous?: { inboxes: Record<string, AgentInbox>; assignments: readonly HelperAssignment[]; changedIds: readonly string[] };
}

export interface Projections {
  sharedSummary: SharedSummary;
  inboxes: Record<string, AgentInbox>;
  assignments: HelperAssignment[];
  /** Decision records to append because an assignment changed; empty when nothing changed. */
  assignmentDecisions: CoordinationRecord[];
  metrics: ResponseMetrics;
  integration: IntegrationSummary;
}

export function integrationMechanisms(f: { conflictGating?: boolean; evidenceRanking?: boolean; unroutableBlocking?: boolean }): {
  conflictGating: boolean;
  evidenceRanking: boolean;
  unroutableBlocking: boolean;
} {
  return {
    conflictGating: f.conflictGating ?? true,
    evidenceRanking: f.evidenceRanking ?? true,
    unroutableBlocking: f.unroutableBlocking ?? true,
  };
}

/** Compiles the shared summary, inboxes, assignments, metrics and integration summary. Pure. */
export function compileProjections(input: ProjectionInput): Projections {
  const assignments = input.features.routing ? resolveAssignments(input.view, input.agents, input.routing) : [];
  const assignmentDecisions = input.features.routing
    ? planAssignmentDecisions(input.view, assignments, {
        lane: input.lane,
        wave: input.wave,
        attempt: input.attempt,
        now: input.now.toISOString(),
      })
    : [];
  const summaries = input.summaries ?? {};
  const steward = input.integrationStewardId ? summaries[input.integrationStewardId] : undefined;
  return {
    sharedSummary: compileSummaryFor(input),
    inboxes: Object.fromEntries(
      input.agents.map((agent) => [agent.id, reusableInbox(input, agent, assignments) ?? compileInboxFor(input, agent, assignments)]),
    ),
    assignments,
    assignmentDecisions,
    metrics: computeResponseMetrics(input.view, {
      now: input.now,
      ackTimeoutMs: input.ackTimeoutMs,
      staleClarificationMs: input.staleClarificationMs,
    }),
    integration: compileIntegrationSummary({
      view: input.view,
      agents: input.agents,
      summaries,
      assignments,
      mechanisms: integrationMechanisms(input.features),
      ...(steward ? { stewardSummary: steward } : {}),
    }),
  };
}

function compileSummaryFor(input: ProjectionInput): SharedSummary {
  if (input.features.summary === 'compiled')
    return compileSharedSummary(
      input.view,
      input.features.routing ? resolveAssignments(input.view, input.agents, input.routing) : [],
      input.summaryBudget ?? DEFAULT_SUMMARY_BUDGET,
    );
  if (input.features.summary === 'counts') return compileCountsSummary(input.view);
  return { markdown: '# Shared summary\n\n_Not available in this arm._\n', includedIds: [], omittedCount: 0 };
}

function reusableInbox(input: ProjectionInput, agent: AgentDefinition, assignments: readonly HelperAssignment[]): AgentInbox | undefined {
  const prev = input.previous;
  const before = prev?.inboxes[agent.id];
  if (!prev || !before || JSON.stringify(prev.assignments) !== JSON.stringify(assignments)) return undefined;
  const assigned = new Set(assignments.filter((a) => a.assignee === agent.id).map((a) => a.requestId));
  const shown = new Set(before.includedIds);
  const concerns = (r: CoordinationRecord) =>
    input.features.inboxes ? inboxReason(r, agent, assigned) !== undefined : r.agentId === agent.id;
  for (const id of prev.changedIds) {
    if (shown.has(id)) return undefined;
    // The new version may now concern the agent, or an earlier one did (and was counted as omitted).
    if (input.view.versionsOf(id).some(concerns)) return undefined;
  }
  return before;
}

function compileInboxFor(input: ProjectionInput, agent: AgentDefinition, assignments: readonly HelperAssignment[]): AgentInbox {
  const budget = input.inboxBudget ?? DEFAULT_INBOX_BUDGET;
  if (input.features.inboxes) return compileInbox(input.view, agent, assignments, budget);
  return compileOwnRecords(input.view, agent, budget);
}

/** Without targeted inboxes an agent sees only its task statement and the records it wrote. */
export function compileOwnRecords(view: CoordinationView, agent: AgentDefinition, budget: number): AgentInbox {
  const mine = view.latest().filter((r) => r.agentId === agent.id || (r.source === SEED_SOURCE && r.targets.includes(`agent:${agent.id}`)));
  const { kept, omitted } = selectWithinBudget(mine, budget, (r) => renderRecordLine(r));
  const lines = [`# Your own records (${agent.id})`, '', ...kept.map((r) => renderRecordLine(r)), ''];
  if (omitted.length) lines.push(`_${omitted.length} record(s) omitted to respect the size bound._`, '');
  return { agentId: agent.id, markdown: lines.join('\n'), includedIds: kept.map((r) => r.id).sort(), omittedCount: omitted.length };
}
