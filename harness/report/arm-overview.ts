// Per-arm figures shown side by side in results.md and on the console: scores next to what they
// cost (agent process time, attempts, records written), so a wave's overhead is visible. Pure.
import type { NativeItemResult } from '../schema/native-results.js';

export interface ArmOverview {
  arm: string;
  items: number;
  passed: number;
  meanAlignedScore: number;
  infraErrors: number;
  /** Sum of `live.agentProcessTimeMs` over the arm's items (machine-dependent: reported, never scored). */
  agentProcessTimeMs: number;
  /** Sum of `live.attempts`. */
  attempts: number;
  /** Sum of `live.recordsWritten`. */
  recordsWritten: number;
}

/** One row per arm, in the order the arms first appear in `items`. */
export function armOverview(items: readonly NativeItemResult[]): ArmOverview[] {
  return [...new Set(items.map((i) => i.arm))].map((arm) => {
    const mine = items.filter((i) => i.arm === arm);
    const sum = (f: (i: NativeItemResult) => number) => mine.reduce((s, i) => s + f(i), 0);
    return {
      arm,
      items: mine.length,
      passed: mine.filter((i) => i.primary.passed).length,
      meanAlignedScore: sum((i) => i.primary.alignedScore) / mine.length,
      infraErrors: mine.filter((i) => i.classification === 'infra-error').length,
      agentProcessTimeMs: sum((i) => i.live.agentProcessTimeMs),
      attempts: sum((i) => i.live.attempts),
      recordsWritten: sum((i) => i.live.recordsWritten),
    };
  });
}

/** Milliseconds as seconds with one decimal, e.g. `12.3 s`. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
