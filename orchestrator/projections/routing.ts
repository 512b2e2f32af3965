// Helper assignments (SPEC 2.4): every open request target resolves to an assignee, and the
// assignment is written back to the log as a `decision` record only when it changes.
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord, CoordinationView } from '../coordination/types.js';
import type { AgentDefinition } from '../wave/types.js';

/** Source of the decision records the router writes; nothing else uses it. */
export const ROUTER_SOURCE = 'router';
/** Source of the one-request-per-agent seed records; they are task statements, not helper requests. */
export const SEED_SOURCE = 'launcher-seed';
export const UNRESOLVED = 'unresolved';

export type AssignmentReason = 'explicit-agent' | 'preferred-agent' | 'least-loaded' | 'kept' | 'no-match' | 'rerouted-overdue';

export interface HelperAssignment {
  requestId: string;
  target: string;
  /** An agent id, or `unresolved`. */
  assignee: string;
  reason: AssignmentReason;
  /** True while the request is open. */
  open: boolean;
  /** Agents this request was rerouted away from (overdue acknowledgement); never chosen again. */
  excluded?: string[];
}

export interface RoutingOptions {
  /** capability → agent id to prefer for it. */
  preferredAgents?: Record<string, string>;
}

/** Targets the router ignores: the launcher handles its own, and free text is not a routing target. */
function routable(target: string): boolean {
  return target !== 'launcher';
}

/** The assignment recorded most recently for each `<request>::<target>` key. */
export function recordedAssignments(
  view: CoordinationView,
): Map<string, { assignee: string; record: CoordinationRecord; excluded: string[] }> {
  const out = new Map<string, { assignee: string; record: CoordinationRecord; excluded: string[] }>();
  for (const record of view.byKind('decision')) {
    if (record.source !== ROUTER_SOURCE) continue;
    const parsed = parseAssignmentDetail(record.detail);
    if (parsed) out.set(assignmentKey(parsed.request, parsed.target), { assignee: parsed.assignee, record, excluded: parsed.excluded });
  }
  return out;
}

export function assignmentKey(requestId: string, target: string): string {
  return `${requestId}::${target}`;
}

/** Resolves every routable target of every open, non-seed request. Deterministic. */
export function resolveAssignments(
  view: CoordinationView,
  agents: readonly AgentDefinition[],
  options: RoutingOptions = {},
): HelperAssignment[] {
  const ids = new Set(agents.map((a) => a.id));
  const recorded = recordedAssignments(view);
  const load = new Map<string, number>(agents.map((a) => [a.id, 0]));
  const requests = view.byKind('request').filter((r) => r.source !== SEED_SOURCE && isOpen(r));
  const ordered = [...requests].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  const out: HelperAssignment[] = [];
  for (const request of ordered) {
    for (const target of request.targets.filter(routable)) {
      const kept = recorded.get(assignmentKey(request.id, target));
      const excluded = kept?.excluded ?? [];
      const choice = chooseAssignee(target, {
        ids,
        agents,
        load,
        preferred: options.preferredAgents ?? {},
        kept: kept?.assignee,
        excluded,
      });
      if (choice.assignee !== UNRESOLVED) load.set(choice.assignee, (load.get(choice.assignee) ?? 0) + 1);
      out.push({ requestId: request.id, target, ...choice, open: true, ...(excluded.length ? { excluded } : {}) });
    }
  }
  return out;
}

interface ChoiceContext {
  ids: Set<string>;
  agents: readonly AgentDefinition[];
  load: Map<string, number>;
  preferred: Record<string, string>;
  kept: string | undefined;
  excluded: readonly string[];
}

function chooseAssignee(target: string, ctx: ChoiceContext): { assignee: string; reason: AssignmentReason } {
  const explicit = target.startsWith('agent:') ? target.slice('agent:'.length) : target;
  if (ctx.ids.has(explicit)) return { assignee: explicit, reason: 'explicit-agent' };
  if (!target.startsWith('capability:')) return { assignee: UNRESOLVED, reason: 'no-match' };
  const capability = target.slice('capability:'.length);
  const preferred = ctx.preferred[capability];
  if (preferred && ctx.ids.has(preferred) && !ctx.excluded.includes(preferred)) return { assignee: preferred, reason: 'preferred-agent' };
  const able = ctx.agents.filter((a) => a.capabilities.includes(capability) && !ctx.excluded.includes(a.id)).map((a) => a.id);
  if (able.length === 0) return { assignee: UNRESOLVED, reason: 'no-match' };
  // A standing assignment is kept while its agent still qualifies, so load shifts do not flap it.
  if (ctx.kept && able.includes(ctx.kept)) return { assignee: ctx.kept, reason: 'kept' };
  const sorted = [...able].sort((a, b) => (ctx.load.get(a) ?? 0) - (ctx.load.get(b) ?? 0) || a.localeCompare(b));
  return { assignee: sorted[0]!, reason: 'least-loaded' };
}

export interface DecisionContext {
  lane: string;
  wave: number;
  attempt: number;
  /** ISO time stamped on new decision records (an injected clock's now). */
  now: string;
}

/** Decision records for assignments that differ from what the log already says; none when unchanged. */
export function planAssignmentDecisions(
  view: CoordinationView,
  assignments: readonly HelperAssignment[],
  ctx: DecisionContext,
): CoordinationRecord[] {
  const recorded = recordedAssignments(view);
  const out: CoordinationRecord[] = [];
  for (const a of assignments) {
    const key = assignmentKey(a.requestId, a.target);
    const before = recorded.get(key);
    if (before?.assignee === a.assignee) continue;
    const id = before?.record.id ?? `route-${a.requestId}-${slug(a.target)}`;
    out.push({
      id,
      kind: 'decision',
      lane: ctx.lane,
      wave: ctx.wave,
      agentId: 'launcher',
      targets: a.assignee === UNRESOLVED ? ['launcher'] : [`agent:${a.assignee}`],
      status: 'resolved',
      priority: a.assignee === UNRESOLVED ? 'high' : 'normal',
      summary:
        a.assignee === UNRESOLVED
          ? `No agent can take ${a.target} for request ${a.requestId}`
          : `Request ${a.requestId} (${a.target}) assigned to ${a.assignee}`,
      detail: formatAssignmentDetail({
        request: a.requestId,
        target: a.target,
        assignee: a.assignee,
        reason: a.reason,
        excluded: a.excluded ?? [],
      }),
      artifactRefs: [],
      dependsOn: [a.requestId],
      confidence: 'high',
      createdAt: before?.record.createdAt ?? ctx.now,
      updatedAt: ctx.now,
      attempt: ctx.attempt,
      source: ROUTER_SOURCE,
      required: false,
    });
  }
  return out;
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function formatAssignmentDetail(d: {
  request: string;
  target: string;
  assignee: string;
  reason: string;
  excluded: readonly string[];
}): string {
  return `request=${d.request} assignee=${d.assignee} reason=${d.reason} ${d.excluded.length ? `excluded=${d.excluded.join(',')} ` : ''}target=${d.target}`;
}

function parseAssignmentDetail(detail: string): { request: string; target: string; assignee: string; excluded: string[] } | undefined {
  // The target goes last because free-text targets may contain spaces.
  const m = /^request=(\S+) assignee=(\S+) reason=\S+ (?:excluded=(\S+) )?target=(.*)$/.exec(detail);
  return m ? { request: m[1]!, assignee: m[2]!, excluded: m[3] ? m[3].split(',') : [], target: m[4]! } : undefined;
}

export interface RerouteContext extends DecisionContext {
  /** Agents that ran (not reused) in this attempt. */
  ranAgentIds: readonly string[];
  preferredAgents: Record<string, string>;
}

export interface Reroute {
  requestId: string;
  target: string;
  from: string;
  to: string;
  record: CoordinationRecord;
}

/**
 * Overdue acknowledgements: capability requests whose assignee ran after the assignment (its
 * decision's attempt ≤ this attempt) and left the request `open`. Each is rerouted once, away from
 * every earlier assignee, to the next capable agent (or `unresolved`). Pure.
 */
export function planOverdueReroutes(view: CoordinationView, agents: readonly AgentDefinition[], ctx: RerouteContext): Reroute[] {
  const recorded = recordedAssignments(view);
  const out: Reroute[] = [];
  for (const a of resolveAssignments(view, agents, { preferredAgents: ctx.preferredAgents })) {
    if (!a.target.startsWith('capability:') || a.assignee === UNRESOLVED || !ctx.ranAgentIds.includes(a.assignee)) continue;
    const decision = recorded.get(assignmentKey(a.requestId, a.target));
    if (!decision || decision.assignee !== a.assignee || decision.record.attempt > ctx.attempt) continue;
    if (view.get(a.requestId)?.status !== 'open') continue;
    const excluded = [...(a.excluded ?? []), a.assignee];
    const able = agents
      .filter((x) => x.capabilities.includes(a.target.slice('capability:'.length)) && !excluded.includes(x.id))
      .map((x) => x.id)
      .sort();
    const to = able[0] ?? UNRESOLVED;
    const [record] = planAssignmentDecisions(view, [{ ...a, assignee: to, reason: 'rerouted-overdue', excluded }], ctx);
    if (record) out.push({ requestId: a.requestId, target: a.target, from: a.assignee, to, record });
  }
  return out;
}
