// Operator actions (SPEC 2.7 "Operator surface"): every action is appended to the coordination or
// control log, never edited in place. Used by `wave-bench control` and by agents through it.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
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
import { workspaceEscapeReason } from '../safe-fs.js';
import { appendControlEvents, createControlEvent, readControlLog } from './events.js';
import { foldControlEvents } from './fold.js';

export interface LaneRef {
  workspace: string;
  lane: string;
  wave: number;
  clock?: Clock;
}

function logOf(ref: LaneRef): string {
  checkWorkspace(ref.workspace);
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

/** The control commands act on an existing workspace; a typo must not create a new one. */
function checkWorkspace(workspace: string): void {
  if (!existsSync(workspace) || !statSync(workspace).isDirectory()) {
    throw new WaveBenchError('workspace-missing', `workspace ${workspace} does not exist or is not a directory`, {
      fix: 'pass --workspace with the repository the wave was launched in',
    });
  }
}

/** The agents of the wave as the launcher seeded them (empty before the first launch). */
export function waveRoster(ref: LaneRef): string[] {
  const records = readCoordinationLog(logOf(ref)).records;
  const ids = records
    .filter((r) => r.source === SEED_SOURCE)
    .flatMap((r) => r.targets.filter((t) => t.startsWith('agent:')).map((t) => t.slice('agent:'.length)));
  return [...new Set(ids)].sort();
}

const NON_AGENT_ACTORS = ['operator', 'launcher', 'orchestrator']; // orchestrator: the resident orchestrator (--resident-orchestrator)

/** Refuses an actor that is not an agent of the wave (once the wave has been seeded). */
function checkActor(ref: LaneRef, agentId: string, where: string): void {
  if (NON_AGENT_ACTORS.includes(agentId)) return;
  const roster = waveRoster(ref);
  if (roster.length && !roster.includes(agentId)) {
    throw new WaveBenchError(
      'unknown-agent',
      `${where}: "${agentId}" is not an agent of lane ${ref.lane} wave ${ref.wave} (agents: ${roster.join(', ')})`,
      { fix: `act as one of ${roster.join(', ')}, or as operator` },
    );
  }
}

function current(ref: LaneRef, id: string): CoordinationRecord {
  const record = materialize(readCoordinationLog(logOf(ref)).records).get(id);
  if (!record)
    throw new WaveBenchError('unknown-record', `no coordination record ${id} in lane ${ref.lane} wave ${ref.wave}`, {
      fix: 'list open records with `wave-bench control status`',
    });
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
  checkActor(ref, input.agentId, '--agent');
  if (input.id !== undefined) {
    if (!OWN_ID.test(input.id))
      throw new WaveBenchError('bad-record-id', `record id "${input.id}" is not allowed`, {
        fix: 'use letters, digits, ".", "_" and "-" (at most 128), starting with a letter or digit',
      });
    const existing = materialize(readCoordinationLog(logOf(ref)).records).get(input.id);
    if (existing && existing.agentId !== input.agentId)
      throw new WaveBenchError('record-id-taken', `record ${input.id} belongs to ${existing.agentId}, not ${input.agentId}`, {
        fix: 'choose another id, or leave --id out to get a fresh one',
      });
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

/** A new version of a record with a patched status or targets. */
export function updateTask(ref: LaneRef, id: string, patch: Partial<CoordinationRecord>): CoordinationRecord {
  const next = updateRecord(current(ref, id), patch, ref.clock ?? systemClock);
  appendCoordinationRecords(logOf(ref), [next]);
  return next;
}

/** Acknowledges a record: the ack and the acknowledged version are appended together, and only
 * when the record exists (an unknown id writes nothing). */
export function ackTask(ref: LaneRef, id: string, by: string): CoordinationRecord[] {
  checkActor(ref, by, '--agent');
  const record = current(ref, id);
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

/** Answers a clarification or escalation: posts the answer as human feedback and resolves the question. */
export function answerTask(ref: LaneRef, id: string, answer: string, by = 'operator'): CoordinationRecord[] {
  checkActor(ref, by, '--agent');
  const question = current(ref, id);
  const feedback = createRecord(
    {
      lane: ref.lane,
      wave: ref.wave,
      kind: 'human-feedback',
      agentId: by,
      targets: [`agent:${question.agentId}`],
      summary: answer,
      dependsOn: [id],
      status: 'resolved',
      source: 'operator',
    },
    ref.clock ?? systemClock,
  );
  const resolved = updateRecord(
    question,
    { status: 'resolved', detail: `${question.detail}${question.detail ? '\n' : ''}answer: ${answer}` },
    ref.clock ?? systemClock,
  );
  appendCoordinationRecords(logOf(ref), [feedback, resolved]);
  return [feedback, resolved];
}

function control(
  ref: LaneRef,
  entityType: 'rerun_request' | 'proof_bundle',
  entityId: string,
  action: string,
  data: Record<string, unknown>,
) {
  const event = createControlEvent(
    { lane: ref.lane, wave: ref.wave, runId: 'operator', entityType, entityId, action, actor: 'operator', source: 'operator', data },
    systemClock,
  );
  appendControlEvents(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave), [event]);
  return event;
}

export function requestRerun(
  ref: LaneRef,
  agentIds: string[],
  phase?: string,
  selectors: { reuse?: string[]; invalidateComponents?: string[] } = {},
) {
  for (const id of agentIds) checkActor(ref, id, '--agent');
  for (const id of selectors.reuse ?? []) checkActor(ref, id, '--reuse');
  const id = `rerun-${Date.now().toString(36)}`;
  return control(ref, 'rerun_request', id, 'requested', {
    agentIds,
    ...(phase ? { phase } : {}),
    reuse: selectors.reuse ?? [],
    invalidateComponents: selectors.invalidateComponents ?? [],
  });
}

/** Registers a proof bundle file; artifact hashes are computed (and checked when given). */
export function registerProofBundle(ref: LaneRef, file: string) {
  checkWorkspace(ref.workspace);
  const parsed = ProofBundleFileSchema.safeParse(readBundleJson(file));
  if (!parsed.success)
    throw new InputError(
      parsed.error.issues.map((i) => ({ file, where: i.path.join('.') || '(file)', message: i.message })),
      'see docs/coordination.md (Proof registry and control plane) for the proof bundle format',
    );
  const issues: { file: string; where: string; message: string }[] = [];
  const artifacts = parsed.data.artifacts.map((a, i) => {
    const unsafe = workspaceEscapeReason(ref.workspace, a.path);
    const path = join(ref.workspace, a.path);
    if (unsafe || !existsSync(path) || !statSync(path).isFile()) {
      issues.push({
        file,
        where: `artifacts[${i}].path`,
        message: unsafe
          ? `"${a.path}" ${unsafe}`
          : existsSync(path)
            ? `${a.path} is not a regular file`
            : `${a.path} does not exist in the workspace`,
      });
      return a;
    }
    const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
    if (a.sha256 && a.sha256 !== sha256)
      issues.push({ file, where: `artifacts[${i}].sha256`, message: `expected ${a.sha256}, the file hashes to ${sha256}` });
    return { ...a, sha256 };
  });
  const roster = waveRoster(ref);
  if (roster.length && !roster.includes(parsed.data.agentId))
    issues.push({
      file,
      where: 'agentId',
      message: `"${parsed.data.agentId}" is not an agent of lane ${ref.lane} wave ${ref.wave} (agents: ${roster.join(', ')})`,
    });
  if (issues.length) throw new InputError(issues, 'fix the bundle or the artifacts, then register again');
  const id = `proof-${parsed.data.agentId}-${Date.now().toString(36)}`;
  return control(ref, 'proof_bundle', id, 'registered', { ...parsed.data, artifacts });
}

function readBundleJson(file: string): unknown {
  let text: string;
  try {
    if (existsSync(file) && !statSync(file).isFile()) throw Object.assign(new Error('not a regular file'), { code: 'not a regular file' });
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(
      [
        {
          file,
          where: '(file)',
          message: `cannot read the proof bundle: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        },
      ],
      'pass --file with an existing proof bundle JSON file',
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(
      [{ file, where: '(file)', message: `not valid JSON: ${(error as Error).message}` }],
      'fix the JSON syntax of the bundle (format: docs/launcher.md)',
    );
  }
}

export function revokeProofBundle(ref: LaneRef, id: string, reason: string) {
  const state = foldControlEvents(readControlLog(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave)).events);
  if (!state.proofBundles.some((b) => b.id === id))
    throw new WaveBenchError('unknown-proof-bundle', `no proof bundle ${id}`, {
      fix: 'see registered bundles with `wave-bench control status --json`',
    });
  return control(ref, 'proof_bundle', id, 'revoked', { reason });
}

export interface LaneStatus {
  phase: string;
  blockingEdge: string | null;
  openTasks: { id: string; kind: string; by: string; targets: string[]; priority: string; summary: string; status: string }[];
  nextDeadline: { id: string; dueAt: string } | null;
  proofBundles: { id: string; agentId: string; state: string }[];
  activeRerun: string[] | null;
  /** Torn, truncated or garbage lines of the coordination and control logs: never silently dropped. */
  logIssues: { file: string; line: number; kind: string; message: string }[];
  /** Records, bundles and reruns naming an agent that is not in the wave (forged or mistyped). */
  unknownAgents: { where: string; agentId: string }[];
}

/** What is happening in a lane's wave now: phase, what blocks, open tasks, the next ack deadline. */
export function laneStatus(ref: LaneRef): LaneStatus {
  const paths = lanePaths(ref.workspace, ref.lane);
  if (!existsSync(logOf(ref)) && !existsSync(paths.controlLog(ref.wave))) {
    const waves = existsSync(join(paths.root, 'control'))
      ? readdirSync(join(paths.root, 'control'))
          .filter((f) => /^wave-\d+\.jsonl$/.test(f))
          .map((f) => f.slice(5, -6))
      : [];
    throw new WaveBenchError('no-wave-state', `lane ${ref.lane} has no state for wave ${ref.wave} in ${ref.workspace}`, {
      fix: waves.length
        ? `this lane has wave ${waves.join(', ')}: pass --wave with one of them`
        : 'launch the wave first (`wave-bench launch`), or check --workspace and --lane',
    });
  }
  const coordination = readCoordinationLog(logOf(ref));
  const control = readControlLog(paths.controlLog(ref.wave));
  const logIssues = [
    ...coordination.issues.map((i) => ({ file: logOf(ref), ...i })),
    ...control.issues.map((i) => ({ file: paths.controlLog(ref.wave), ...i })),
  ];
  const view = materialize(coordination.records);
  const open = view.open().filter((r) => r.source !== SEED_SOURCE);
  const blockers = open.filter((r) => r.kind === 'blocker');
  const clar = open.filter((r) => r.kind === 'clarification-request');
  const state = foldControlEvents(control.events);
  const last = state.attempts.at(-1);
  const phase = deriveLedgerPhase({
    openBlockers: blockers.length,
    openClarifications: clar.length,
    implementationActive: last?.state === 'started',
    snapshotPassed: last?.ok === true,
  });
  const unacked = open
    .filter((r) => r.kind === 'request' && r.status === 'open' && r.targets.length)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const edge = blockers[0] ?? clar[0] ?? unacked[0];
  return {
    phase,
    blockingEdge: edge
      ? `${edge.kind} ${edge.id} by ${edge.agentId} → ${edge.targets.join(', ') || 'anyone'}: ${edge.summary}`
      : last && !last.ok && last.state === 'finished'
        ? `last attempt failed: ${last.statusCode}`
        : null,
    openTasks: open.map((r) => ({
      id: r.id,
      kind: r.kind,
      by: r.agentId,
      targets: r.targets,
      priority: r.priority,
      summary: r.summary,
      status: r.status,
    })),
    nextDeadline: unacked[0]
      ? { id: unacked[0].id, dueAt: new Date(Date.parse(unacked[0].createdAt) + ACK_TIMEOUT_MS).toISOString() }
      : null,
    proofBundles: state.proofBundles.map((b) => ({ id: b.id, agentId: b.agentId, state: b.state })),
    activeRerun: state.activeRerun?.agentIds ?? null,
    logIssues,
    unknownAgents: unknownAgents(ref, coordination.records, state),
  };
}

/** Everything in the logs that names an agent outside the wave's roster (nothing before the first launch). */
function unknownAgents(
  ref: LaneRef,
  records: readonly CoordinationRecord[],
  state: ReturnType<typeof foldControlEvents>,
): LaneStatus['unknownAgents'] {
  const roster = waveRoster(ref);
  if (roster.length === 0) return [];
  const known = (id: string) => roster.includes(id) || NON_AGENT_ACTORS.includes(id);
  const out: LaneStatus['unknownAgents'] = [];
  for (const r of records) if (!known(r.agentId)) out.push({ where: `coordination record ${r.id}`, agentId: r.agentId });
  for (const b of state.proofBundles) if (!known(b.agentId)) out.push({ where: `proof bundle ${b.id}`, agentId: b.agentId });
  for (const id of state.activeRerun?.agentIds ?? []) if (!known(id)) out.push({ where: 'rerun request', agentId: id });
  return out.filter((u, i) => out.findIndex((x) => x.where === u.where) === i);
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
  const record = current(ref, id);
  return { record, versions: readCoordinationLog(logOf(ref)).records.filter((r) => r.id === id) };
}

/** Raises a record to a person: a human-escalation that depends on it (the record itself is unchanged). */
export function escalateTask(ref: LaneRef, id: string, by: string, reason: string): CoordinationRecord {
  checkActor(ref, by, '--agent');
  const record = current(ref, id);
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
  const record = current(ref, id);
  if (!isOpenRecord(record))
    throw new WaveBenchError('record-not-open', `record ${id} is already ${record.status}`, {
      fix: 'only open, acknowledged or in-progress records can be dismissed or cancelled',
    });
  return updateTask(ref, id, {
    status: how,
    detail: `${record.detail}${record.detail ? '\n' : ''}${how === 'closed' ? 'dismissed' : 'cancelled'} by operator: ${reason}`,
  });
}

/** The pending rerun request (if any) and every rerun request ever made, from the control log. */
export function rerunState(ref: LaneRef): {
  active: ReturnType<typeof foldControlEvents>['activeRerun'] | null;
  history: { id: string; action: string; agentIds: string[]; at: string; actor: string }[];
} {
  checkWorkspace(ref.workspace);
  const events = readControlLog(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave)).events;
  const history = events
    .filter((e) => e.entityType === 'rerun_request')
    .map((e) => ({
      id: e.entityId,
      action: e.action,
      agentIds: Array.isArray(e.data.agentIds) ? (e.data.agentIds as string[]) : [],
      at: e.recordedAt,
      actor: e.actor,
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
  return control(ref, 'rerun_request', active.id, 'cancelled', { agentIds: active.agentIds });
}

/** Registered proof bundles (one, or all) with their lifecycle state. */
export function proofBundles(ref: LaneRef, id?: string) {
  checkWorkspace(ref.workspace);
  const bundles = foldControlEvents(readControlLog(lanePaths(ref.workspace, ref.lane).controlLog(ref.wave)).events).proofBundles;
  if (id === undefined) return bundles;
  const one = bundles.filter((b) => b.id === id);
  if (!one.length)
    throw new WaveBenchError('unknown-proof-bundle', `no proof bundle ${id}`, { fix: 'list bundles with `wave-bench control proof get`' });
  return one;
}

/** Registers `file` as the successor of the active bundle `id` (same agent); the old one becomes superseded. */
export function supersedeProofBundle(ref: LaneRef, id: string, file: string) {
  const [old] = proofBundles(ref, id);
  if (old!.state !== 'active')
    throw new WaveBenchError('proof-bundle-not-active', `proof bundle ${id} is ${old!.state}, not active`, {
      fix: 'supersede the active bundle of that agent (see `wave-bench control proof get`)',
    });
  const raw = readBundleJson(file) as { agentId?: unknown };
  if (raw && typeof raw === 'object' && raw.agentId !== old!.agentId)
    throw new InputError(
      [{ file, where: 'agentId', message: `expected "${old!.agentId}" (the agent of ${id}), got ${JSON.stringify(raw.agentId)}` }],
      'a bundle supersedes another bundle of the same agent',
    );
  return registerProofBundle(ref, file);
}

/** One agent's view: its open records (by it or for it), its runs and the files the launcher gave it. */
export function agentStatus(ref: LaneRef, agentId: string) {
  checkActor(ref, agentId, '--agent');
  const paths = lanePaths(ref.workspace, ref.lane);
  const runs = readControlLog(paths.controlLog(ref.wave))
    .events.filter((e) => e.entityType === 'agent_run' && e.entityId === agentId)
    .map((e) => ({
      attempt: e.attempt,
      action: e.action,
      at: e.recordedAt,
      ...(e.action === 'finished'
        ? {
            exitCode: e.data.exitCode ?? null,
            timedOut: e.data.timedOut === true,
            ...(e.data.executorError ? { executorError: String(e.data.executorError) } : {}),
          }
        : { executor: String(e.data.executor ?? '') }),
    }));
  const last = runs.at(-1);
  return {
    agentId,
    state: !last ? 'not-run' : last.action === 'started' ? 'running' : 'finished',
    attempt: last?.attempt ?? null,
    runs,
    openTasks: listTasks(ref, { open: true, agent: agentId })
      .filter((r) => r.source !== SEED_SOURCE)
      .map((r) => ({ id: r.id, kind: r.kind, by: r.agentId, targets: r.targets, status: r.status, summary: r.summary })),
    inboxFile: join(paths.projectionsDir(ref.wave), 'inboxes', `${agentId}.md`),
  };
}
