// Making and reading coordination records: defaults, ids and timestamps from an injected clock.
import { randomBytes } from 'node:crypto';
import { parseCoordinationRecord } from '../schema/coordination-record.js';
import type { CoordinationRecord, RecordKind } from './types.js';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What a caller must say about a new record; everything else has a default. */
export type NewRecord = Partial<CoordinationRecord> & Pick<CoordinationRecord, 'kind' | 'lane' | 'wave' | 'agentId'>;

/** A complete record: id `<kind>-<agent>-<time>-<random>` unless given, timestamps from the clock. */
export function createRecord(input: NewRecord, clock: Clock = systemClock): CoordinationRecord {
  const now = clock.now().toISOString();
  const record: CoordinationRecord = {
    id: input.id ?? newRecordId(input.kind, input.agentId, now),
    kind: input.kind,
    lane: input.lane,
    wave: input.wave,
    agentId: input.agentId,
    targets: input.targets ?? [],
    status: input.status ?? 'open',
    priority: input.priority ?? 'normal',
    summary: input.summary ?? '',
    detail: input.detail ?? '',
    artifactRefs: input.artifactRefs ?? [],
    dependsOn: input.dependsOn ?? [],
    confidence: input.confidence ?? 'medium',
    createdAt: input.createdAt ?? now,
    updatedAt: input.updatedAt ?? now,
    attempt: input.attempt ?? 0,
    source: input.source ?? 'agent',
    required: input.required ?? false,
  };
  if (input.closureCondition !== undefined) record.closureCondition = input.closureCondition;
  return record;
}

/** A new version of an existing record: same id, patched fields, updatedAt from the clock. */
export function updateRecord(
  current: CoordinationRecord,
  patch: Partial<CoordinationRecord>,
  clock: Clock = systemClock,
): CoordinationRecord {
  return { ...current, ...patch, id: current.id, createdAt: current.createdAt, updatedAt: clock.now().toISOString() };
}

export function newRecordId(kind: RecordKind, agentId: string, isoTime: string): string {
  const stamp = isoTime.replace(/[-:.TZ]/g, '').slice(0, 17);
  return `${kind}-${agentId}-${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Validates a raw log value; `where` locates it in messages. */
export function parseRecord(value: unknown, where: string): { ok: true; record: CoordinationRecord } | { ok: false; message: string } {
  const parsed = parseCoordinationRecord(value);
  if (parsed.ok) return { ok: true, record: parsed.record as CoordinationRecord };
  return { ok: false, message: `${where}: ${parsed.message}` };
}
