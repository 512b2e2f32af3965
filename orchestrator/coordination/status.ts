// Small predicates over record statuses and priorities shared by every projection.
import type { CoordinationRecord, Priority, RecordStatus } from './types.js';

const OPEN: ReadonlySet<RecordStatus> = new Set(['open', 'acknowledged', 'in_progress']);

export function isOpenStatus(status: RecordStatus): boolean {
  return OPEN.has(status);
}

export function isOpen(record: Pick<CoordinationRecord, 'status'>): boolean {
  return OPEN.has(record.status);
}

const PRIORITY_RANK: Readonly<Record<Priority, number>> = { low: 0, normal: 1, high: 2, urgent: 3 };

/** Higher is more important: urgent 3, high 2, normal 1, low 0. */
export function priorityRank(priority: Priority): number {
  return PRIORITY_RANK[priority];
}
