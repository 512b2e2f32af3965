// The shared summary (SPEC 2.4): the blackboard every agent sees, bounded in size.
import { isOpen } from '../coordination/status.js';
import type { CoordinationRecord, CoordinationView, RecordKind } from '../coordination/types.js';
import { renderRecordLine, selectWithinBudget } from './bounded.js';
import { ROUTER_SOURCE, SEED_SOURCE, type HelperAssignment } from './routing.js';

export const DEFAULT_SUMMARY_BUDGET = 6_000; // characters; a few screens, enough for ~30 records

interface Section {
  title: string;
  matches: (r: CoordinationRecord) => boolean;
}

const SECTIONS: Section[] = [
  { title: 'Open blockers', matches: (r) => r.kind === 'blocker' && isOpen(r) },
  { title: 'Open requests', matches: (r) => r.kind === 'request' && isOpen(r) },
  {
    title: 'Clarifications',
    matches: (r) => r.kind === 'clarification-request' || r.kind === 'human-escalation' || r.kind === 'human-feedback',
  },
  { title: 'Decisions', matches: (r) => r.kind === 'decision' || r.kind === 'resolved-by-policy' || r.kind === 'orchestrator-guidance' },
  { title: 'Claims and evidence', matches: (r) => r.kind === 'claim' || r.kind === 'evidence' || r.kind === 'handoff' },
  { title: 'Integration state', matches: (r) => r.kind === 'integration-summary' },
  { title: 'Closed blockers and requests', matches: (r) => r.kind === 'blocker' || r.kind === 'request' },
];

const SUMMARY_KINDS: ReadonlySet<RecordKind> = new Set<RecordKind>([
  'blocker',
  'request',
  'clarification-request',
  'human-escalation',
  'human-feedback',
  'decision',
  'resolved-by-policy',
  'orchestrator-guidance',
  'claim',
  'evidence',
  'handoff',
  'integration-summary',
]);

/** Why a record is never in the shared summary, whatever the size bound; undefined when it may be. */
export function summaryExclusion(r: CoordinationRecord): string | undefined {
  if (r.source === SEED_SOURCE) return 'launcher seed requests are never summarised (each agent gets its own in its prompt)';
  if (r.source === ROUTER_SOURCE) return 'routing decisions are shown as "(assigned: ...)" on the request, not as records';
  if (!SUMMARY_KINDS.has(r.kind)) return `kind ${r.kind} is not summarised`;
  return undefined;
}

export interface SharedSummary {
  markdown: string;
  /** Ids of the records the summary shows (scorers read this). */
  includedIds: string[];
  omittedCount: number;
}

/** The compiled shared summary: the most decision-relevant records that fit in `budget` characters. */
export function compileSharedSummary(
  view: CoordinationView,
  assignments: readonly HelperAssignment[],
  budget = DEFAULT_SUMMARY_BUDGET,
): SharedSummary {
  const assignees = assigneesByRequest(assignments);
  const render = (r: CoordinationRecord) => renderRecordLine(r, assignees.has(r.id) ? ` (assigned: ${assignees.get(r.id)})` : '');
  const candidates = view.latest().filter((r) => summaryExclusion(r) === undefined);
  const { kept, omitted } = selectWithinBudget(candidates, budget, render);
  const lines = ['# Shared summary', ''];
  const placed = new Set<string>();
  for (const section of SECTIONS) {
    const members = kept.filter((r) => !placed.has(r.id) && section.matches(r));
    if (members.length === 0) continue;
    members.forEach((r) => placed.add(r.id));
    lines.push(`## ${section.title}`, ...members.map(render), '');
  }
  if (kept.length === 0) lines.push('_No coordination records yet._', '');
  if (omitted.length) lines.push(`_${omitted.length} less important record(s) omitted to respect the size bound._`, '');
  return { markdown: lines.join('\n'), includedIds: kept.map((r) => r.id).sort(), omittedCount: omitted.length };
}

/** The counts-only summary of the `multi-agent-minimal` arm: how much is going on, no content. */
export function compileCountsSummary(view: CoordinationView): SharedSummary {
  const latest = view.latest().filter((r) => r.source !== SEED_SOURCE && r.source !== ROUTER_SOURCE);
  const counts = new Map<string, { open: number; total: number }>();
  for (const r of latest) {
    const c = counts.get(r.kind) ?? { open: 0, total: 0 };
    c.total += 1;
    if (isOpen(r)) c.open += 1;
    counts.set(r.kind, c);
  }
  const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([kind, c]) => `- ${kind}: ${c.open} open of ${c.total}`);
  const markdown = ['# Shared summary (counts only)', '', ...(rows.length ? rows : ['_No coordination records yet._']), ''].join('\n');
  return { markdown, includedIds: [], omittedCount: 0 };
}

function assigneesByRequest(assignments: readonly HelperAssignment[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of assignments) out.set(a.requestId, out.has(a.requestId) ? `${out.get(a.requestId)}, ${a.assignee}` : a.assignee);
  return out;
}
