// The launcher's view of the other orchestrator modules: one narrow interface, so the attempt loop
// reads as a table of contents and tests can see exactly which capabilities it needs.
import type { CoordinationRecord } from '../coordination/types.js';

/** Projections compiled for one refresh; files are written by the launcher. */
export interface CompiledProjections {
  sharedSummary: string;
  inboxes: Record<string, string>;
  /** Open helper assignments' assignees (agent ids) and unresolved count. */
  helperAssignees: string[];
  /** Records to append because an assignment changed (empty when nothing changed). */
  assignmentDecisions: CoordinationRecord[];
  /** Alerts whose overdue set changed since the last refresh. */
  alerts: { key: string; alert: string; detail: string }[];
  ledgerPhase: string;
  /** Anything else worth writing for operators and traces (metrics, integration summary). */
  extra: Record<string, unknown>;
}
