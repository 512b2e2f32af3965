// Coordination records as operator tasks (SPEC 2.7 "Operator surface"): create, ack, update, list,
// get, escalate, dismiss and cancel. Every action appends to the coordination log; nothing is edited.
import { appendCoordinationRecords, readCoordinationLog } from '../coordination/log.js';
import { materialize } from '../coordination/materialize.js';
import { createRecord, systemClock, updateRecord } from '../coordination/records.js';
import type { CoordinationRecord, Priority, RecordKind } from '../coordination/types.js';
import { WaveBenchError } from '../errors.js';
import { checkActor, currentRecord, logOf, type LaneRef } from './lane-ref.js';

export interface TaskInput {
  agentId: string;
  kind: RecordKind;
  summary: string;
  detail?: string;
  targets?: string[];
  priority?: Priority;
  dependsOn?: string[];
  closureCondition?: string;
  artifactRefs?: string[];
  /** An id chosen by the author; writing it again makes a new version of the author's own record. */
  id?: string;
}

const OWN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function createTask(ref: LaneRef, input: TaskInput): CoordinationRecord {
  checkActor(ref, input.agentId, '--agent');
  if (input.id !== undefined) {
    const existing = ownRecord(ref, input.id, input.agentId);
    if (existing) {
      const { id: _id, ...patch } = input;
      const next = updateRecord(
        existing,
        { ...patch, status: 'open', targets: input.targets ?? existing.targets },
        ref.clock ?? systemClock,
      );
      appendCoordinationRecords(logOf(ref), [next]);
      return next;
    }
  }
  const record = createRecord(
    { lane: ref.lane, wave: ref.wave, source: input.agentId === 'operator' ? 'operator' : 'agent', ...input },
    ref.clock ?? systemClock,
  );
  appendCoordinationRecords(logOf(ref), [record]);
  return record;
}

/** The author's earlier record with this id (undefined when new); someone else's id is refused. */
function ownRecord(ref: LaneRef, id: string, agentId: string): CoordinationRecord | undefined {
  if (!OWN_ID.test(id))
    throw new WaveBenchError('bad-record-id', `record id "${id}" is not allowed`, {
      fix: 'use letters, digits, ".", "_" and "-" (at most 128), starting with a letter or digit',
    });
  const existing = materialize(readCoordinationLog(logOf(ref)).records).get(id);
  if (existing && existing.agentId !== agentId)
    throw new WaveBenchError('record-id-taken', `record ${id} belongs to ${existing.agentId}, not ${agentId}`, {
      fix: 'choose another id, or leave --id out to get a fresh one',
    });
  return existing;
}

/** A new version of a record with a patched status or targets. */
export function updateTask(ref: LaneRef, id: string, patch: Partial<CoordinationRecord>): CoordinationRecord {
  const next = updateRecord(currentRecord(ref, id), patch, ref.clock ?? systemClock);
  appendCoordinationRecords(logOf(ref), [next]);
  return next;
}

/** Acknowledges a record: the ack and the acknowledged version are appended together, and only
 * when the record exists (an unknown id writes nothing). */
export function ackTask(ref: LaneRef, id: string, by: string): CoordinationRecord[] {
  checkActor(ref, by, '--agent');
  const record = currentRecord(ref, id);
  const clock = ref.clock ?? systemClock;
  const ack = createRecord(
    {
      lane: ref.lane,
      wave: ref.wave,
      source: by === 'operator' ? 'operator' : 'agent',
      agentId: by,
      kind: 'ack',
      summary: `ack ${id}`,
      dependsOn: [id],
    },
    clock,
  );
  const acknowledged = updateRecord(record, { status: 'acknowledged' }, clock);
  appendCoordinationRecords(logOf(ref), [ack, acknowledged]);
  return [ack, acknowledged];
}

/** Coordination records of the wave (latest versions), optionally only open ones or one agent's. */
export function listTasks(ref: LaneRef, filter: { open?: boolean; agent?: string; kind?: string } = {}): CoordinationRecord[] {
  const view = materialize(readCoordinationLog(logOf(ref)).records);
  return view
    .latest()
    .filter(
      (r) =>
        (!filter.open || isOpenRecord(r)) &&
        (!filter.kind || r.kind === filter.kind) &&
        (!filter.agent || r.agentId === filter.agent || r.targets.includes(`agent:${filter.agent}`) || r.targets.includes(filter.agent)),
    );
}

const isOpenRecord = (r: CoordinationRecord) => r.status === 'open' || r.status === 'acknowledged' || r.status === 'in_progress';

/** One record's latest version and every version written, oldest first. */
export function getTask(ref: LaneRef, id: string): { record: CoordinationRecord; versions: CoordinationRecord[] } {
  const record = currentRecord(ref, id);
  return { record, versions: readCoordinationLog(logOf(ref)).records.filter((r) => r.id === id) };
}

/** Raises a record to a person: a human-escalation that depends on it (the record itself is unchanged). */
export function escalateTask(ref: LaneRef, id: string, by: string, reason: string): CoordinationRecord {
  checkActor(ref, by, '--agent');
  const record = currentRecord(ref, id);
  const escalation = createRecord(
    {
      lane: ref.lane,
      wave: ref.wave,
      kind: 'human-escalation',
      agentId: by,
      targets: ['operator'],
      summary: `${reason || 'needs a person'}: ${record.summary}`,
      dependsOn: [id],
      priority: 'high',
      source: by === 'operator' ? 'operator' : 'agent',
    },
    ref.clock ?? systemClock,
  );
  appendCoordinationRecords(logOf(ref), [escalation]);
  return escalation;
}

/** Closes (dismiss) or cancels an open record with a reason, as a new version. */
export function closeTask(ref: LaneRef, id: string, how: 'closed' | 'cancelled', reason: string): CoordinationRecord {
  const record = currentRecord(ref, id);
  if (!isOpenRecord(record))
    throw new WaveBenchError('record-not-open', `record ${id} is already ${record.status}`, {
      fix: 'only open, acknowledged or in-progress records can be dismissed or cancelled',
    });
  return updateTask(ref, id, {
    status: how,
    detail: `${record.detail}${record.detail ? '\n' : ''}${how === 'closed' ? 'dismissed' : 'cancelled'} by operator: ${reason}`,
  });
}
