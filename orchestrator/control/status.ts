// What is happening in a lane's wave (`wave-bench control status`): the phase, what blocks, open
// tasks, the next ack deadline, what could not be trusted; and one agent's runs and open records.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readCoordinationLog } from '../coordination/log.js';
import { materialize } from '../coordination/materialize.js';
import type { CoordinationRecord } from '../coordination/types.js';
import { WaveBenchError } from '../errors.js';
import { lanePaths } from '../paths.js';
import { deriveLedgerPhase } from '../projections/ledger.js';
import { ACK_TIMEOUT_MS } from '../projections/metrics.js';
import { SEED_SOURCE } from '../projections/routing.js';
import { readControlLog } from './events.js';
import { foldControlEvents } from './fold.js';
import { checkActor, logOf, NON_AGENT_ACTORS, waveRoster, type LaneRef } from './lane-ref.js';
import { listTasks } from './tasks.js';

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
            ...(e.data.stoppedBy ? { stoppedBy: String(e.data.stoppedBy) } : {}),
          }
        : e.action === 'reused'
          ? { reusedFromAttempt: Number(e.data.fromAttempt) }
          : { executor: String(e.data.executor ?? '') }),
    }));
  const last = runs.at(-1);
  return {
    agentId,
    state: !last ? 'not-run' : last.action === 'started' ? 'running' : last.action === 'reused' ? 'reused' : 'finished',
    attempt: last?.attempt ?? null,
    runs,
    openTasks: listTasks(ref, { open: true, agent: agentId })
      .filter((r) => r.source !== SEED_SOURCE)
      .map((r) => ({ id: r.id, kind: r.kind, by: r.agentId, targets: r.targets, status: r.status, summary: r.summary })),
    inboxFile: join(paths.projectionsDir(ref.wave), 'inboxes', `${agentId}.md`),
  };
}
