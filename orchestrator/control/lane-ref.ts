// Which lane and wave an operator action is about, and the checks every action shares: the
// workspace exists, the actor is an agent of the wave (or the operator), the record exists.
import { existsSync, statSync } from 'node:fs';
import { readCoordinationLog } from '../coordination/log.js';
import { materialize } from '../coordination/materialize.js';
import { systemClock, type Clock } from '../coordination/records.js';
import type { CoordinationRecord } from '../coordination/types.js';
import { WaveBenchError } from '../errors.js';
import { lanePaths } from '../paths.js';
import { SEED_SOURCE } from '../projections/routing.js';
import { appendControlEvents, createControlEvent, readControlLog } from './events.js';
import type { ControlEvent, EntityType } from './types.js';

export interface LaneRef {
  workspace: string;
  lane: string;
  wave: number;
  clock?: Clock;
}

/** The wave's coordination log (after checking that the workspace exists). */
export function logOf(ref: LaneRef): string {
  checkWorkspace(ref.workspace);
  return lanePaths(ref.workspace, ref.lane).coordinationLog(ref.wave);
}

/** The wave's control log (after checking that the workspace exists). */
export function controlLogOf(ref: LaneRef): string {
  checkWorkspace(ref.workspace);
  return lanePaths(ref.workspace, ref.lane).controlLog(ref.wave);
}

/** Every valid event of the wave's control log, in append order. */
export const controlEventsOf = (ref: LaneRef): ControlEvent[] => readControlLog(controlLogOf(ref)).events;

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
export function checkWorkspace(workspace: string): void {
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

export const NON_AGENT_ACTORS = ['operator', 'launcher', 'orchestrator']; // orchestrator: the resident orchestrator (--resident-orchestrator)

/** Refuses an actor that is not an agent of the wave (once the wave has been seeded). */
export function checkActor(ref: LaneRef, agentId: string, where: string): void {
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

/** The latest version of a record; an unknown id is an error naming the lane and wave. */
export function currentRecord(ref: LaneRef, id: string): CoordinationRecord {
  const record = materialize(readCoordinationLog(logOf(ref)).records).get(id);
  if (!record)
    throw new WaveBenchError('unknown-record', `no coordination record ${id} in lane ${ref.lane} wave ${ref.wave}`, {
      fix: 'list open records with `wave-bench control status`',
    });
  return record;
}

/** Appends one operator event to the wave's control log. */
export function appendOperatorEvent(
  ref: LaneRef,
  entity: { type: Extract<EntityType, 'rerun_request' | 'proof_bundle'>; id: string },
  action: string,
  data: Record<string, unknown>,
): ControlEvent {
  const event = createControlEvent(
    {
      lane: ref.lane,
      wave: ref.wave,
      runId: 'operator',
      entityType: entity.type,
      entityId: entity.id,
      action,
      actor: 'operator',
      source: 'operator',
      data,
    },
    systemClock,
  );
  appendControlEvents(controlLogOf(ref), [event]);
  return event;
}
