// Coordination response metrics (SPEC 2.4), measured against an injected `now`.
//
// A request is acknowledged from the first moment either (a) an `ack` record lists it in
// `dependsOn`, or (b) one of its own versions has a status other than `open`. It is resolved from
// its first version with a terminal status. Targeted requests (any target besides `launcher`) and
// clarification-linked requests (closureCondition `clarification:<id>`) are subject to the ack
// timeout; an open clarification request untouched for the stale threshold is stale.
import { isOpen, isOpenStatus } from '../coordination/status.js';
import type { CoordinationRecord, CoordinationView } from '../coordination/types.js';
import { SEED_SOURCE } from './routing.js';

export const ACK_TIMEOUT_MS = 5 * 60_000; // requests older than this without an ack are overdue
export const STALE_CLARIFICATION_MS = 30 * 60_000; // clarifications untouched this long are stale

export interface MetricsOptions {
  now: Date;
  ackTimeoutMs?: number;
  staleClarificationMs?: number;
}

export interface ResponseMetrics {
  measuredAt: string;
  overdueAckCount: number;
  overdueAckIds: string[];
  overdueClarificationCount: number;
  overdueClarificationIds: string[];
  openHumanEscalations: number;
  /** Milliseconds; 0 when nothing is open. */
  oldestOpenCoordinationAgeMs: number;
  oldestUnackedRequestAgeMs: number;
  /** Milliseconds; null when no request has been acknowledged / resolved. */
  meanTimeToFirstAckMs: number | null;
  meanTimeToResolutionMs: number | null;
}

/** Computes every response metric from the materialised view. Pure. */
export function computeResponseMetrics(view: CoordinationView, options: MetricsOptions): ResponseMetrics {
  const now = options.now.getTime();
  const ackTimeout = options.ackTimeoutMs ?? ACK_TIMEOUT_MS;
  const stale = options.staleClarificationMs ?? STALE_CLARIFICATION_MS;
  const ackTimes = firstAckRecordTimes(view);
  const requests = view.byKind('request').filter((r) => r.source !== SEED_SOURCE);
  const overdueAcks: string[] = [];
  let oldestUnacked = 0;
  const ackDurations: number[] = [];
  const resolveDurations: number[] = [];
  for (const request of requests) {
    const created = Date.parse(request.createdAt);
    const acked = firstAckTime(view, request, ackTimes.get(request.id));
    const resolved = firstResolutionTime(view, request);
    if (acked !== undefined) ackDurations.push(acked - created);
    if (resolved !== undefined) resolveDurations.push(resolved - created);
    if (!isOpen(request) || acked !== undefined || !subjectToAckTimeout(request)) continue;
    oldestUnacked = Math.max(oldestUnacked, now - created);
    if (now - created >= ackTimeout) overdueAcks.push(request.id); // due at the deadline itself, not one tick later
  }
  const clarifications = view.byKind('clarification-request').filter(isOpen);
  const overdueClar = clarifications.filter((r) => now - Date.parse(r.updatedAt) > stale).map((r) => r.id);
  const openRecords = view.open().filter((r) => r.source !== SEED_SOURCE);
  return {
    measuredAt: options.now.toISOString(),
    overdueAckCount: overdueAcks.length,
    overdueAckIds: overdueAcks.sort(),
    overdueClarificationCount: overdueClar.length,
    overdueClarificationIds: overdueClar.sort(),
    openHumanEscalations: view.byKind('human-escalation').filter(isOpen).length,
    oldestOpenCoordinationAgeMs: Math.max(0, ...openRecords.map((r) => now - Date.parse(r.createdAt))),
    oldestUnackedRequestAgeMs: oldestUnacked,
    meanTimeToFirstAckMs: mean(ackDurations),
    meanTimeToResolutionMs: mean(resolveDurations),
  };
}

function subjectToAckTimeout(request: CoordinationRecord): boolean {
  return request.targets.some((t) => t !== 'launcher') || (request.closureCondition ?? '').startsWith('clarification:');
}

function firstAckRecordTimes(view: CoordinationView): Map<string, number> {
  const out = new Map<string, number>();
  for (const ack of view.byKind('ack')) {
    const at = Date.parse(ack.createdAt);
    for (const id of ack.dependsOn) if (!out.has(id) || out.get(id)! > at) out.set(id, at);
  }
  return out;
}

function firstAckTime(view: CoordinationView, request: CoordinationRecord, ackRecordAt: number | undefined): number | undefined {
  const moved = view.versionsOf(request.id).find((v) => v.status !== 'open');
  const movedAt = moved ? Date.parse(moved.updatedAt) : undefined;
  if (movedAt === undefined) return ackRecordAt;
  return ackRecordAt === undefined ? movedAt : Math.min(movedAt, ackRecordAt);
}

function firstResolutionTime(view: CoordinationView, request: CoordinationRecord): number | undefined {
  const done = view.versionsOf(request.id).find((v) => !isOpenStatus(v.status));
  return done ? Date.parse(done.updatedAt) : undefined;
}

function mean(values: number[]): number | null {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

export type AlertName = 'coordination_ack_overdue' | 'clarification_chain_stale';

export interface CoordinationAlert {
  alert: AlertName;
  /** Identifies the overdue set; an alert is emitted once per distinct key. */
  key: string;
  ids: string[];
  detail: string;
}

/** Alerts for overdue sets that are non-empty and differ from the last set alerted for that alert. */
export function alertsToEmit(lastKeys: Partial<Record<AlertName, string>>, metrics: ResponseMetrics): CoordinationAlert[] {
  const sets: [AlertName, string[], string][] = [
    ['coordination_ack_overdue', metrics.overdueAckIds, 'requests waiting for an ack past the timeout'],
    ['clarification_chain_stale', metrics.overdueClarificationIds, 'clarification requests untouched past the stale threshold'],
  ];
  const out: CoordinationAlert[] = [];
  for (const [alert, ids, what] of sets) {
    if (ids.length === 0) continue;
    const key = `${alert}:${ids.join(',')}`;
    if (lastKeys[alert] === key) continue;
    out.push({ alert, key, ids, detail: `${ids.length} ${what}: ${ids.join(', ')}` });
  }
  return out;
}
