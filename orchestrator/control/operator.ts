// Operator actions (SPEC 2.7 "Operator surface"): every action is appended to the coordination or
// control log, never edited in place. Used by `wave-bench control` and by agents through it.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendCoordinationRecords, readCoordinationLog } from '../coordination/log.js';
import { materialize } from '../coordination/materialize.js';
import { createRecord, updateRecord, systemClock, type Clock } from '../coordination/records.js';
import type { CoordinationRecord, Priority, RecordKind } from '../coordination/types.js';
import { InputError, WaveBenchError } from '../errors.js';
import { lanePaths } from '../paths.js';
import { deriveLedgerPhase } from '../projections/ledger.js';
import { ACK_TIMEOUT_MS } from '../projections/metrics.js';
import { SEED_SOURCE } from '../projections/routing.js';
import { ProofBundleFileSchema } from '../schema/control-event.js';
import { unsafePathReason } from '../wave/validate.js';
import { appendControlEvents, createControlEvent, readControlLog } from './events.js';
import { foldControlEvents } from './fold.js';

export interface LaneRef {
  workspace: string;
  lane: string;
  wave: number;
  clock?: Clock;
}

function logOf(ref: LaneRef): string {
  return lanePaths(ref.workspace, ref.lane).coordinationLog(ref.wave);
}

/**
 * The clock an agent's own control calls use when the launcher gave it a logical start
 * (WAVE_AGENT_CLOCK): never before that start, and always after the newest record in the log, so a
 * real agent's records land in the run's logical timeline (late-evidence and ordering rely on it).
 */
export function agentClock(ref: LaneRef, startIso: string): Clock {
  return {
    now: () => {
      const newest = materialize(readCoordinationLog(logOf(ref)).records).newestTimestamp;
      const after = newest ? Date.parse(newest) + 1 : 0;
      return new Date(Math.max(Date.parse(startIso), after));
    },
  };
}

function current(ref: LaneRef, id: string): CoordinationRecord {
  const record = materialize(readCoordinationLog(logOf(ref)).records).get(id);
  if (!record) throw new WaveBenchError('unknown-record', `no coordination record ${id} in lane ${ref.lane} wave ${ref.wave}`, { fix: 'list open records with `wave-bench control status`' });
  return record;
}

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
  if (input.id !== undefined) {
    if (!OWN_ID.test(input.id)) throw new WaveBenchError('bad-record-id', `record id "${input.id}" is not allowed`, { fix: 'use letters, digits, ".", "_" and "-" (at most 128), starting with a letter or digit' });
    const existing = materialize(readCoordinationLog(logOf(ref)).records).get(input.id);
    if (existing && existing.agentId !== input.agentId) throw new WaveBenchError('record-id-taken', `record ${input.id} belongs to ${existing.agentId}, not ${input.agentId}`, { fix: 'choose another id, or leave --id out to get a fresh one' });
    if (existing) {
      const { id: _id, ...patch } = input;
      const next = updateRecord(existing, { ...patch, status: 'open', targets: input.targets ?? existing.targets }, ref.clock ?? systemClock);
      appendCoordinationRecords(logOf(ref), [next]);
      return next;
    }
  }
  const record = createRecord({ lane: ref.lane, wave: ref.wave, source: input.agentId === 'operator' ? 'operator' : 'agent', ...input }, ref.clock ?? systemClock);
  appendCoordinationRecords(logOf(ref), [record]);
  return record;
}

/** A new version of a record with a patched status or targets. */
export function updateTask(ref: LaneRef, id: string, patch: Partial<CoordinationRecord>): CoordinationRecord {
  const next = updateRecord(current(ref, id), patch, ref.clock ?? systemClock);
  appendCoordinationRecords(logOf(ref), [next]);
  return next;
}

/** Answers a clarification or escalation: posts the answer as human feedback and resolves the question. */
export function answerTask(ref: LaneRef, id: string, answer: string, by = 'operator'): CoordinationRecord[] {
  const question = current(ref, id);
  const feedback = createRecord({ lane: ref.lane, wave: ref.wave, kind: 'human-feedback', agentId: by, targets: [`agent:${question.agentId}`], summary: answer, dependsOn: [id], status: 'resolved', source: 'operator' }, ref.clock ?? systemClock);
  const resolved = updateRecord(question, { status: 'resolved', detail: `${question.detail}${question.detail ? '\n' : ''}answer: ${answer}` }, ref.clock ?? systemClock);
  appendCoordinationRecords(logOf(ref), [feedback, resolved]);
  return [feedback, resolved];
}

function control(ref: LaneRef, entityType: 'rerun_request' | 'proof_bundle', entityId: string, action: string, data: Record<string, unknown>) {
  const event = createControlEvent({ lane: ref.lane, wave: ref.wave, runId: 'operator', entityType, entityId, action, actor: 'operator', source: 'operator', data }, systemClock);
  appendControlEvents(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave), [event]);
  return event;
}

export function requestRerun(ref: LaneRef, agentIds: string[], phase?: string) {
  const id = `rerun-${Date.now().toString(36)}`;
  return control(ref, 'rerun_request', id, 'requested', { agentIds, ...(phase ? { phase } : {}) });
}

/** Registers a proof bundle file; artifact hashes are computed (and checked when given). */
export function registerProofBundle(ref: LaneRef, file: string) {
  const parsed = ProofBundleFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new InputError(parsed.error.issues.map((i) => ({ file, where: i.path.join('.') || '(file)', message: i.message })), 'see docs/control.md for the proof bundle format');
  const issues: { file: string; where: string; message: string }[] = [];
  const artifacts = parsed.data.artifacts.map((a, i) => {
    const unsafe = unsafePathReason(a.path);
    const path = join(ref.workspace, a.path);
    if (unsafe || !existsSync(path)) {
      issues.push({ file, where: `artifacts[${i}].path`, message: unsafe ? `"${a.path}" ${unsafe}` : `${a.path} does not exist in the workspace` });
      return a;
    }
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (a.sha256 && a.sha256 !== sha256) issues.push({ file, where: `artifacts[${i}].sha256`, message: `expected ${a.sha256}, the file hashes to ${sha256}` });
    return { ...a, sha256 };
  });
  if (issues.length) throw new InputError(issues, 'fix the bundle or the artifacts, then register again');
  const id = `proof-${parsed.data.agentId}-${Date.now().toString(36)}`;
  return control(ref, 'proof_bundle', id, 'registered', { ...parsed.data, artifacts });
}

export function revokeProofBundle(ref: LaneRef, id: string, reason: string) {
  const state = foldControlEvents(readControlLog(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave)).events);
  if (!state.proofBundles.some((b) => b.id === id)) throw new WaveBenchError('unknown-proof-bundle', `no proof bundle ${id}`, { fix: 'see registered bundles with `wave-bench control status --json`' });
  return control(ref, 'proof_bundle', id, 'revoked', { reason });
}

export interface LaneStatus {
  phase: string;
  blockingEdge: string | null;
  openTasks: { id: string; kind: string; by: string; targets: string[]; priority: string; summary: string; status: string }[];
  nextDeadline: { id: string; dueAt: string } | null;
  proofBundles: { id: string; agentId: string; state: string }[];
  activeRerun: string[] | null;
}

/** What is happening in a lane's wave now: phase, what blocks, open tasks, the next ack deadline. */
export function laneStatus(ref: LaneRef): LaneStatus {
  const view = materialize(readCoordinationLog(logOf(ref)).records);
  const open = view.open().filter((r) => r.source !== SEED_SOURCE);
  const blockers = open.filter((r) => r.kind === 'blocker');
  const clar = open.filter((r) => r.kind === 'clarification-request');
  const state = foldControlEvents(readControlLog(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave)).events);
  const last = state.attempts.at(-1);
  const phase = deriveLedgerPhase({ openBlockers: blockers.length, openClarifications: clar.length, implementationActive: last?.state === 'started', snapshotPassed: last?.ok === true });
  const unacked = open.filter((r) => r.kind === 'request' && r.status === 'open' && r.targets.length).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const edge = blockers[0] ?? clar[0] ?? unacked[0];
  return {
    phase,
    blockingEdge: edge ? `${edge.kind} ${edge.id} by ${edge.agentId} → ${edge.targets.join(', ') || 'anyone'}: ${edge.summary}` : last && !last.ok && last.state === 'finished' ? `last attempt failed: ${last.statusCode}` : null,
    openTasks: open.map((r) => ({ id: r.id, kind: r.kind, by: r.agentId, targets: r.targets, priority: r.priority, summary: r.summary, status: r.status })),
    nextDeadline: unacked[0] ? { id: unacked[0].id, dueAt: new Date(Date.parse(unacked[0].createdAt) + ACK_TIMEOUT_MS).toISOString() } : null,
    proofBundles: state.proofBundles.map((b) => ({ id: b.id, agentId: b.agentId, state: b.state })),
    activeRerun: state.activeRerun?.agentIds ?? null,
  };
}
