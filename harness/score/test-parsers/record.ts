// One rule for every parser: a test is PASSED only when every report of it says so. A runner
// reports each test once, so a second, different line for the same id is text someone added; the
// worse status stands (ERROR or FAILED over SKIPPED over PASSED).
import type { TestStatus } from './types.js';

const RANK: Record<TestStatus, number> = { PASSED: 0, SKIPPED: 1, FAILED: 2, ERROR: 3 };

/** Records `status` for `id` unless a worse one is already there. */
export function recordStatus(out: Record<string, TestStatus>, id: string, status: TestStatus): void {
  const seen = out[id];
  if (seen === undefined || RANK[status] > RANK[seen]) out[id] = status;
}
