// Recompiling projections (SPEC 2.4) and writing them where agents and operators read them.
// `commit` refreshes (at stage boundaries) also append changed routing decisions to the log;
// live refreshes while agents run only rewrite files, so what agents saw at start stays reproducible.
import { writeStateFile } from '../safe-fs.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { isInsideRoot } from '../ids.js';
import { renderBoard } from '../projections/board.js';
import { appendCoordinationRecords } from '../coordination/log.js';
import { isOpen } from '../coordination/status.js';
import { compileProjections, type Projections } from '../projections/compile.js';
import { planConflictBlockers } from '../projections/conflict-blockers.js';
import { alertsToEmit } from '../projections/metrics.js';
import { SEED_SOURCE } from '../projections/routing.js';
import type { LaunchContext } from './context.js';
import { RESIDENT_BOARD_FILE } from './resident.js';

const MAX_DECISION_ROUNDS = 3; // appended decisions feed back; a stable router settles in one extra round

/** Compiles projections for `attempt`; with `commit`, persists changed assignments first. */
export function refreshProjections(ctx: LaunchContext, attempt: number, mode: { commit: boolean; now?: Date }): Projections {
  const changed = new Set(ctx.live.refresh().changedIds);
  const now = mode.now ?? new Date(ctx.live.newestTimestamp ?? 0);
  const compile = () => {
    // Live refreshes reuse the inboxes no changed record concerns; stage boundaries compile all.
    const previous =
      !mode.commit && ctx.lastProjections
        ? { inboxes: ctx.lastProjections.inboxes, assignments: ctx.lastProjections.assignments, changedIds: [...changed] }
        : undefined;
    return compileProjections({
      view: ctx.live,
      agents: ctx.runnable,
      features: ctx.features,
      lane: ctx.lane,
      wave: ctx.wave.wave,
      attempt,
      now,
      summaries: ctx.summaries,
      routing: { preferredAgents: ctx.options.preferredAgents ?? {} },
      integrationStewardId: ctx.wave.agents.find((a) => a.role === 'integration')?.id,
      ...(previous ? { previous } : {}),
    });
  };
  let projections = compile();
  for (let round = 0; mode.commit && projections.assignmentDecisions.length && round < MAX_DECISION_ROUNDS; round += 1) {
    appendCoordinationRecords(ctx.live.logPath, projections.assignmentDecisions);
    ctx.live.refresh().changedIds.forEach((id) => changed.add(id));
    projections = compile();
  }
  if (mode.commit && ctx.features.closure && ctx.features.conflictGating) {
    const blockers = planConflictBlockers(ctx.live, projections.integration.conflicts, {
      lane: ctx.lane,
      wave: ctx.wave.wave,
      attempt,
      now: now.toISOString(),
    });
    if (blockers.length) {
      appendCoordinationRecords(ctx.live.logPath, blockers);
      ctx.live.refresh().changedIds.forEach((id) => changed.add(id));
      projections = compile();
    }
  }
  ctx.lastProjections = projections;
  writeProjectionFiles(ctx, projections);
  emitAlerts(ctx, projections, attempt);
  const open = ctx.live.open().filter((r) => r.source !== SEED_SOURCE);
  ctx.emit({
    type: 'coordination',
    attempt,
    open: open.length,
    openBlockers: open.filter((r) => r.kind === 'blocker').length,
    overdueAcks: projections.metrics.overdueAckCount,
    overdueClarifications: projections.metrics.overdueClarificationCount,
  });
  return projections;
}

function writeProjectionFiles(ctx: LaunchContext, p: Projections): void {
  const dir = ctx.paths.projectionsDir(ctx.wave.wave);
  writeStateFile(ctx.workspace, join(dir, 'shared-summary.md'), p.sharedSummary.markdown);
  const board = ctx.options.orchestratorBoard;
  const text = board || ctx.options.residentOrchestrator ? renderBoard(ctx.live.latest(), ctx.lane, ctx.wave.wave) : '';
  if (ctx.options.residentOrchestrator) writeStateFile(ctx.workspace, join(dir, RESIDENT_BOARD_FILE), text);
  if (board) {
    // Inside the workspace agents can reach it: written like lane state (a planted symlink is never followed).
    if (isInsideRoot(ctx.workspace, board)) writeStateFile(ctx.workspace, board, text);
    else {
      mkdirSync(dirname(board), { recursive: true });
      writeFileSync(board, text);
    }
  }
  for (const [id, inbox] of Object.entries(p.inboxes)) writeStateFile(ctx.workspace, join(dir, 'inboxes', `${id}.md`), inbox.markdown);
  writeStateFile(ctx.workspace, join(dir, 'assignments.json'), JSON.stringify(p.assignments, null, 2) + '\n');
  writeStateFile(ctx.workspace, join(dir, 'metrics.json'), JSON.stringify(p.metrics, null, 2) + '\n');
  writeStateFile(ctx.workspace, join(dir, 'integration.json'), JSON.stringify(p.integration, null, 2) + '\n');
  const open = ctx.live.open().filter((r) => r.source !== SEED_SOURCE);
  const dashboard = {
    wave: ctx.wave.wave,
    lane: ctx.lane,
    records: ctx.live.versionCount,
    open: open.length,
    openBlockers: open.filter((r) => r.kind === 'blocker' && isOpen(r)).length,
    metrics: p.metrics,
  };
  writeStateFile(ctx.workspace, ctx.paths.dashboard(ctx.wave.wave), JSON.stringify(dashboard, null, 2) + '\n');
}

function emitAlerts(ctx: LaunchContext, p: Projections, attempt: number): void {
  for (const alert of alertsToEmit(ctx.alertKeys, p.metrics)) {
    ctx.alertKeys[alert.alert] = alert.key;
    ctx.control('coordination_alert', alert.key, 'emitted', attempt, {
      alert: alert.alert,
      key: alert.key,
      ids: alert.ids,
      detail: alert.detail,
    });
    ctx.emit({ type: 'alert', attempt, alert: alert.alert, detail: alert.detail });
  }
}
