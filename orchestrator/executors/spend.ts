// A token or cost ceiling shared by every agent run of one launch (a pilot item), enforced while
// the agents run: each executor reports its run's usage so far as the CLI prints it; the moment
// the sum over all runs passes the ceiling, every run still going is told to stop, and no new run
// starts (docs/executors.md "Budgets").
import type { UsageFigures } from './types.js';

/** The ceiling: total tokens (input + cache reads + cache writes + output) and/or priced cost in USD. */
export interface SpendLimit {
  tokens?: number;
  costUsd?: number;
}

/** Which ceiling was passed. */
export type SpendExceeded = 'tokens' | 'cost';

/** Every token the model processed for a run: uncached input, cache reads and writes, output. */
export function totalTokens(u: UsageFigures): number {
  return (u.inputTokens ?? 0) + (u.cachedInputTokens ?? 0) + (u.cacheWriteInputTokens ?? 0) + (u.outputTokens ?? 0);
}

/** The running spend of one launch against its SpendLimit. */
export class SpendPool {
  private readonly runs = new Map<string, UsageFigures>();
  private readonly listeners = new Set<(reason: SpendExceeded) => void>();
  private passed: SpendExceeded | undefined;

  constructor(readonly limit: SpendLimit) {}

  /** Sets run `key`'s usage so far (cumulative for that run); stops everyone once the sum passes the limit. Returns the ceiling when this report passed it. */
  report(key: string, usage: UsageFigures): SpendExceeded | undefined {
    this.runs.set(key, usage);
    if (this.passed) return undefined;
    const spent = this.spent();
    const reason =
      this.limit.tokens !== undefined && spent.tokens > this.limit.tokens
        ? 'tokens'
        : this.limit.costUsd !== undefined && spent.costUsd > this.limit.costUsd
          ? 'cost'
          : undefined;
    if (!reason) return undefined;
    this.passed = reason;
    for (const listener of this.listeners) listener(reason);
    return reason;
  }

  /** Tokens and priced cost over every run reported so far (unpriced runs add no cost). */
  spent(): { tokens: number; costUsd: number } {
    let tokens = 0;
    let costUsd = 0;
    for (const u of this.runs.values()) {
      tokens += totalTokens(u);
      costUsd += u.costUsd ?? 0;
    }
    return { tokens, costUsd: Math.round(costUsd * 1e7) / 1e7 };
  }

  /** The ceiling that was passed, if one was. */
  exceeded(): SpendExceeded | undefined {
    return this.passed;
  }

  /** Calls `listener` when the limit is passed (at once if it already was); returns the unsubscribe. */
  onExceeded(listener: (reason: SpendExceeded) => void): () => void {
    if (this.passed) listener(this.passed);
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One line for reasons and result details: the ceiling, what was spent, over how many runs. */
  describe(): string {
    const s = this.spent();
    const parts = [
      ...(this.limit.tokens !== undefined ? [`token ceiling ${this.limit.tokens}`] : []),
      ...(this.limit.costUsd !== undefined ? [`cost ceiling $${this.limit.costUsd}`] : []),
    ];
    return `${parts.join(', ')}; spent ${s.tokens} tokens ($${s.costUsd.toFixed(4)}) over ${this.runs.size} agent run(s)`;
  }
}
