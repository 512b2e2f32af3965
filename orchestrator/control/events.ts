// Writing and reading control-plane events; the log is append-only, like the coordination log.
import { randomBytes } from 'node:crypto';
import type { Clock } from '../coordination/records.js';
import { systemClock } from '../coordination/records.js';
import type { LogReadIssue } from '../coordination/types.js';
import { parseControlEvent } from '../schema/control-event.js';
import { appendJsonLines, readJsonLines } from '../store/jsonl.js';
import type { ControlEvent } from './types.js';

export type NewControlEvent = Omit<ControlEvent, 'id' | 'recordedAt' | 'source' | 'attempt' | 'data'> &
  Partial<Pick<ControlEvent, 'id' | 'source' | 'attempt' | 'data'>>;

/** A complete event stamped by the clock. */
export function createControlEvent(input: NewControlEvent, clock: Clock = systemClock): ControlEvent {
  const recordedAt = clock.now().toISOString();
  return {
    id: input.id ?? `ev-${recordedAt.replace(/[-:.TZ]/g, '')}-${randomBytes(3).toString('hex')}`,
    lane: input.lane,
    wave: input.wave,
    runId: input.runId,
    entityType: input.entityType,
    entityId: input.entityId,
    action: input.action,
    actor: input.actor,
    source: input.source ?? 'launcher',
    recordedAt,
    attempt: input.attempt ?? 0,
    data: input.data ?? {},
  };
}

export function appendControlEvents(logPath: string, events: readonly ControlEvent[]): void {
  appendJsonLines(logPath, [...events]);
}

/** Every valid event in append order; bad lines are reported with their line numbers. */
export function readControlLog(logPath: string): { events: ControlEvent[]; issues: LogReadIssue[] } {
  const read = readJsonLines(logPath);
  const out = { events: [] as ControlEvent[], issues: [...read.issues] };
  for (const { line, value } of read.values) {
    const parsed = parseControlEvent(value);
    if (parsed.ok) out.events.push(parsed.event as ControlEvent);
    else out.issues.push({ line, kind: 'malformed', message: `${logPath}:${line}: ${parsed.message}` });
  }
  out.issues.sort((a, b) => a.line - b.line);
  return out;
}
