// Records from outside the wave (LaunchOptions.worldEvents) delivered when the closure sweep first
// reaches their stage: how a native case models CI, monitoring or a late report arriving while the
// wave is closing. Delivered once per lane; a resumed launch never delivers twice.
import { appendCoordinationRecords } from '../coordination/log.js';
import { readControlLog } from '../control/events.js';
import type { LaunchContext } from './context.js';

export function deliverWorldEvents(ctx: LaunchContext, stage: string, attempt: number): void {
  const due = (ctx.options.worldEvents ?? []).filter((e) => e.stage === stage);
  if (due.length === 0) return;
  const delivered = new Set(
    readControlLog(ctx.paths.controlLog(ctx.wave.wave))
      .events.filter((e) => e.entityType === 'world_event')
      .map((e) => e.entityId),
  );
  for (const [i, event] of due.entries()) {
    const key = `${stage}-${i}`;
    if (delivered.has(key)) continue;
    const at = ctx.clock.now().toISOString();
    appendCoordinationRecords(
      ctx.live.logPath,
      event.records.map((r) => ({ ...r, lane: ctx.lane, wave: ctx.wave.wave, attempt, createdAt: at, updatedAt: at })),
    );
    ctx.control('world_event', key, 'delivered', attempt, { stage, recordIds: event.records.map((r) => r.id) });
  }
  ctx.live.refresh();
}
