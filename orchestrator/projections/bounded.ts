// Choosing which records fit a size bound. Decision-changing facts go first: open before closed,
// then priority, then kind weight, then newest. A record is rendered whole or not at all.
import { isOpen, priorityRank } from '../coordination/status.js';
import type { CoordinationRecord, RecordKind } from '../coordination/types.js';

/** How much a kind matters for closure decisions; higher first when the bound bites. */
const KIND_WEIGHT: Record<RecordKind, number> = {
  blocker: 9,
  'clarification-request': 8,
  'human-escalation': 8,
  'human-feedback': 7,
  request: 6,
  decision: 5,
  'integration-summary': 5,
  claim: 4,
  evidence: 4,
  handoff: 3,
  'resolved-by-policy': 2,
  'orchestrator-guidance': 2,
  ack: 0,
};

/** Most important first; ties broken by id so the order is total and deterministic. */
export function compareImportance(a: CoordinationRecord, b: CoordinationRecord): number {
  return (
    Number(isOpen(b)) - Number(isOpen(a)) ||
    priorityRank(b.priority) - priorityRank(a.priority) ||
    KIND_WEIGHT[b.kind] - KIND_WEIGHT[a.kind] ||
    // ISO timestamps and ids compare correctly as plain strings; localeCompare is far slower.
    (b.updatedAt < a.updatedAt ? -1 : b.updatedAt > a.updatedAt ? 1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The same order as compareImportance, sorting on a precomputed numeric key first (much faster). */
export function rankByImportance(records: readonly CoordinationRecord[]): CoordinationRecord[] {
  const keyed = records.map((r) => ({ r, k: Number(isOpen(r)) * 1_000 + priorityRank(r.priority) * 100 + KIND_WEIGHT[r.kind] }));
  keyed.sort(
    (a, b) =>
      b.k - a.k ||
      (b.r.updatedAt < a.r.updatedAt ? -1 : b.r.updatedAt > a.r.updatedAt ? 1 : 0) ||
      (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0),
  );
  return keyed.map((x) => x.r);
}

export interface BoundedSelection {
  kept: CoordinationRecord[];
  omitted: CoordinationRecord[];
}

/** Keeps the most important records whose rendered lines fit in `budget` characters. */
export function selectWithinBudget(
  records: readonly CoordinationRecord[],
  budget: number,
  render: (r: CoordinationRecord) => string,
): BoundedSelection {
  const ranked = rankByImportance(records);
  const kept: CoordinationRecord[] = [];
  const omitted: CoordinationRecord[] = [];
  let used = 0;
  for (const record of ranked) {
    // Once one record does not fit, nothing less important may take its place.
    if (omitted.length > 0) {
      omitted.push(record);
      continue;
    }
    const size = render(record).length + 1;
    if (used + size <= budget) {
      kept.push(record);
      used += size;
    } else omitted.push(record);
  }
  return { kept, omitted };
}

/** One line per record: `- [kind/status/priority] id by author → targets: summary`. */
export function renderRecordLine(record: CoordinationRecord, extra = ''): string {
  const targets = record.targets.length ? ` → ${record.targets.join(', ')}` : '';
  const detail = record.detail ? ` — ${oneLine(record.detail, 200)}` : '';
  return `- [${record.kind}/${record.status}/${record.priority}] \`${record.id}\` by ${record.agentId}${targets}: ${oneLine(record.summary, 200)}${detail}${extra}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
