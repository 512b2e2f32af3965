// Per-agent inboxes (SPEC 2.4): what one agent must see, bounded in size.
//
// A record reaches an agent's inbox when it targets the agent (`agent:X`, `X`, or a capability the
// agent has), when the agent authored it and it is still open, when it is a clarification the
// agent must answer, when an artifactRef lies under one of the agent's owned paths, when it
// targets `component:<id>` for one of the agent's components, when it is a request assigned to the
// agent by the router, and, for the integration steward, when it is integration-relevant.
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord, CoordinationView, RecordKind } from '../coordination/types.js';
import type { AgentDefinition } from '../wave/types.js';
import { renderRecordLine, selectWithinBudget } from './bounded.js';
import { ROUTER_SOURCE, type HelperAssignment } from './routing.js';

export const DEFAULT_INBOX_BUDGET = 4_000; // characters per agent

const INTEGRATION_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>([
  'claim',
  'blocker',
  'evidence',
  'decision',
  'integration-summary',
  'handoff',
]);

export interface AgentInbox {
  agentId: string;
  markdown: string;
  /** Ids of the records shown, sorted (scorers read this). */
  includedIds: string[];
  omittedCount: number;
}

/** Why a record is in an agent's inbox, or undefined when it is not. */
export function inboxReason(record: CoordinationRecord, agent: AgentDefinition, assignedToAgent: ReadonlySet<string>): string | undefined {
  if (record.source === ROUTER_SOURCE) return undefined;
  if (record.targets.some((t) => t === `agent:${agent.id}` || t === agent.id)) return 'targeted';
  if (assignedToAgent.has(record.id)) return 'assigned';
  if (record.targets.some((t) => t.startsWith('capability:') && agent.capabilities.includes(t.slice('capability:'.length))))
    return 'capability';
  if (record.agentId === agent.id && isOpen(record)) return 'own-open';
  if (record.targets.some((t) => t.startsWith('component:') && agent.components.includes(t.slice('component:'.length)))) return 'component';
  if (record.artifactRefs.some((ref) => agent.ownedPaths.some((owned) => isUnder(ref, owned)))) return 'owned-path';
  if (agent.role === 'integration' && INTEGRATION_KINDS.has(record.kind) && record.source !== 'launcher-seed') return 'integration';
  return undefined;
}

function isUnder(ref: string, owned: string): boolean {
  const dir = owned.replace(/\/+$/, '');
  return ref === dir || ref.startsWith(`${dir}/`);
}

/** Records that may concern the agent, found through the view's indexes instead of a full scan. */
function inboxCandidates(view: CoordinationView, agent: AgentDefinition, assigned: ReadonlySet<string>): CoordinationRecord[] {
  const out = new Map<string, CoordinationRecord>();
  const add = (records: readonly CoordinationRecord[]) => records.forEach((r) => out.set(r.id, r));
  add(view.byTarget(`agent:${agent.id}`));
  add(view.byTarget(agent.id));
  agent.capabilities.forEach((c) => add(view.byTarget(`capability:${c}`)));
  agent.components.forEach((c) => add(view.byTarget(`component:${c}`)));
  add(view.byAuthor(agent.id));
  for (const id of assigned) {
    const r = view.get(id);
    if (r) out.set(id, r);
  }
  if (agent.role === 'integration') INTEGRATION_KINDS.forEach((k) => add(view.byKind(k)));
  if (agent.ownedPaths.length) add(view.latest().filter((r) => r.artifactRefs.length > 0));
  return [...out.values()];
}

/** One agent's inbox: relevant records, most important first within the budget. */
export function compileInbox(
  view: CoordinationView,
  agent: AgentDefinition,
  assignments: readonly HelperAssignment[],
  budget = DEFAULT_INBOX_BUDGET,
): AgentInbox {
  const assigned = new Set(assignments.filter((a) => a.assignee === agent.id).map((a) => a.requestId));
  const reasons = new Map<string, string>();
  for (const record of inboxCandidates(view, agent, assigned)) {
    const reason = inboxReason(record, agent, assigned);
    if (reason) reasons.set(record.id, reason);
  }
  const candidates = [...reasons.keys()].map((id) => view.get(id)!);
  const render = (r: CoordinationRecord) => renderRecordLine(r, ` (${reasons.get(r.id)})`);
  const { kept, omitted } = selectWithinBudget(candidates, budget, render);
  const open = kept.filter(isOpen);
  const closed = kept.filter((r) => !isOpen(r));
  const lines = [`# Inbox for ${agent.id}`, ''];
  if (open.length) lines.push('## Needs your attention', ...open.map(render), '');
  if (closed.length) lines.push('## Settled', ...closed.map(render), '');
  if (kept.length === 0) lines.push('_Nothing for you yet._', '');
  if (omitted.length) lines.push(`_${omitted.length} less important record(s) omitted to respect the size bound._`, '');
  return { agentId: agent.id, markdown: lines.join('\n'), includedIds: kept.map((r) => r.id).sort(), omittedCount: omitted.length };
}
