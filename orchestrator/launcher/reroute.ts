// Overdue acknowledgement (SPEC 3.2 mechanism "overdue reroute"). Deadline, in launcher ticks: a
// capability request is overdue when its assignee finished a run that started after the
// assignment and the request is still `open` (not acknowledged, in progress or resolved). It is
// then rerouted once to the next capable agent, with a `coordination_alert` control event; when
// nobody else can take it the request becomes unroutable, which blocks closure — nothing waits forever.
import { appendCoordinationRecords } from '../coordination/log.js';
import { planOverdueReroutes } from '../projections/routing.js';
import type { LaunchContext } from './context.js';

export function rerouteOverdueRequests(ctx: LaunchContext, attempt: number, ranAgentIds: readonly string[]): void {
  if (!ctx.features.routing || !ctx.features.overdueReroute) return;
  ctx.live.refresh();
  const now = ctx.clock.now().toISOString();
  const decisions = planOverdueReroutes(ctx.live, ctx.runnable, {
    ranAgentIds,
    attempt,
    lane: ctx.lane,
    wave: ctx.wave.wave,
    now,
    preferredAgents: ctx.options.preferredAgents ?? {},
  });
  if (decisions.length === 0) return;
  appendCoordinationRecords(
    ctx.live.logPath,
    decisions.map((d) => d.record),
  );
  ctx.live.refresh();
  for (const d of decisions) {
    const detail = `request ${d.requestId} (${d.target}) was not acknowledged by ${d.from}; rerouted to ${d.to}`;
    ctx.control('coordination_alert', `ack-overdue-rerouted:${d.requestId}:${d.from}`, 'emitted', attempt, {
      alert: 'ack-overdue-rerouted',
      ids: [d.requestId],
      detail,
    });
    ctx.emit({ type: 'alert', attempt, alert: 'ack-overdue-rerouted', detail });
  }
}
