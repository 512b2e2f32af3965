// Seeding the coordination log (SPEC 2.7 step 3): one request per runnable agent stating its task.
// Ids are fixed per wave and agent, so re-running the launcher never seeds twice.
import { createHash } from 'node:crypto';
import { appendCoordinationRecords } from '../coordination/log.js';
import { createRecord } from '../coordination/records.js';
import { SEED_SOURCE } from '../projections/routing.js';
import type { LaunchContext } from './context.js';

export function seedRecordId(wave: number, agentId: string): string {
  return `seed-w${wave}-${agentId}`;
}

export function seedCoordination(ctx: LaunchContext): number {
  ctx.live.refresh();
  const missing = ctx.runnable.filter((a) => !ctx.live.get(seedRecordId(ctx.wave.wave, a.id)));
  if (missing.length === 0) return 0;
  const at = ctx.clock.now();
  const records = missing.map((agent) =>
    createRecord(
      {
        id: seedRecordId(ctx.wave.wave, agent.id),
        kind: 'request',
        lane: ctx.lane,
        wave: ctx.wave.wave,
        agentId: 'launcher',
        targets: [`agent:${agent.id}`],
        summary: `${agent.title}: ${agent.prompt.split('\n')[0]!.slice(0, 160)}`,
        source: SEED_SOURCE,
        attempt: 0,
      },
      { now: () => at },
    ),
  );
  appendCoordinationRecords(ctx.live.logPath, records);
  ctx.live.refresh();
  return records.length;
}

/** The operator's start-up note (--coordination-note) as orchestrator guidance to every agent; once per text. */
export function postCoordinationNote(ctx: LaunchContext, note: string): void {
  const id = `note-w${ctx.wave.wave}-${createHash('sha256').update(note).digest('hex').slice(0, 12)}`;
  ctx.live.refresh();
  if (ctx.live.get(id)) return;
  appendCoordinationRecords(ctx.live.logPath, [
    createRecord(
      {
        id,
        kind: 'orchestrator-guidance',
        lane: ctx.lane,
        wave: ctx.wave.wave,
        agentId: 'operator',
        targets: ctx.runnable.map((a) => `agent:${a.id}`),
        summary: note,
        source: 'operator',
        attempt: 0,
      },
      { now: () => ctx.clock.now() },
    ),
  ]);
  ctx.live.refresh();
}
