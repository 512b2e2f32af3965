// Coordination barriers (SPEC 2.6): open coordination that must settle before the wave can close.
//
// helper-assignment-unresolved: an open request target no agent can take.
// helper-assignment-open: an open helper request (not a launcher seed) still has an assignee working.
// clarification-open: an open clarification-request.
// clarification-follow-up-open: an open record whose closureCondition is `clarification:<id>`.
// human-feedback-open: an open human-escalation or human-feedback record.
// dependency-open: an open blocker, or an open record marked `required`.
import type { CoordinationRecord, CoordinationView } from '../coordination/types.js';
import { PASS } from './codes.js';
import type { GateResult } from './types.js';

/** A helper assignment as the barrier sees it (from the router). */
export interface BarrierAssignment {
  requestId: string;
  assignee: string;
  open: boolean;
}

export interface BarrierInput {
  view: CoordinationView;
  assignments: readonly BarrierAssignment[];
  /** Sources whose records are task statements rather than coordination (the launcher's seeds). */
  ignoredSources?: readonly string[];
  /** The unroutable-blocking mechanism (default on): a request no agent can take blocks closure. */
  unroutableBlocking?: boolean;
}

const result = (statusCode: string, records: readonly { id: string }[], what: string): GateResult => ({
  ok: false,
  gate: 'barrier',
  statusCode,
  detail: `${records.length} ${what}: ${records.map((r) => r.id).join(', ')}`,
});

/** The first barrier that holds, or a pass. */
export function evaluateBarriers(input: BarrierInput): GateResult {
  const ignored = new Set(input.ignoredSources ?? []);
  const open = input.view.open().filter((r) => !ignored.has(r.source));
  const unresolved = input.assignments.filter((a) => a.open && a.assignee === 'unresolved').map((a) => ({ id: a.requestId }));
  if (unresolved.length && input.unroutableBlocking !== false)
    return result('helper-assignment-unresolved', unresolved, 'request(s) have no agent to take them');
  const assigned = input.assignments.filter((a) => a.open && a.assignee !== 'unresolved').map((a) => ({ id: a.requestId }));
  if (assigned.length) return result('helper-assignment-open', dedupe(assigned), 'helper request(s) still open');
  const checks: [string, (r: CoordinationRecord) => boolean, string][] = [
    ['clarification-open', (r) => r.kind === 'clarification-request', 'clarification request(s) unanswered'],
    ['clarification-follow-up-open', (r) => (r.closureCondition ?? '').startsWith('clarification:'), 'clarification follow-up(s) open'],
    ['human-feedback-open', (r) => r.kind === 'human-escalation' || r.kind === 'human-feedback', 'human escalation(s) waiting'],
    ['dependency-open', (r) => r.kind === 'blocker' || r.required, 'blocker(s) or required record(s) open'],
  ];
  for (const [code, matches, what] of checks) {
    const hits = open.filter(matches);
    if (hits.length) return result(code, hits, what);
  }
  return { ok: true, gate: 'barrier', statusCode: PASS, detail: 'no open coordination barriers' };
}

function dedupe(items: { id: string }[]): { id: string }[] {
  return [...new Map(items.map((i) => [i.id, i])).values()];
}
