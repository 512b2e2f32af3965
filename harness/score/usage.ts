// Tokens and cost summed over agent runs (per item) and over items (per arm). Pure. Cost is known
// only when every run was priced; otherwise it is null ("cost unknown"), never 0.
import type { UsageFigures } from '../../orchestrator/index.js';
import type { UsageTotals } from '../schema/pilot-results.js';

const round = (v: number) => Math.round(v * 1e6) / 1e6;

/** Sums agent runs that reported usage; undefined when none did (e.g. scripted or command agents). */
export function sumAgentUsage(
  runs: readonly { usage?: UsageFigures; rateLimitRetries?: readonly { delayMs: number }[] }[],
): UsageTotals | undefined {
  const used = runs.filter((r) => r.usage);
  if (!used.length) return undefined;
  return addTotals(
    used.map((r) => ({
      inputTokens: r.usage!.inputTokens ?? 0,
      outputTokens: r.usage!.outputTokens ?? 0,
      cachedInputTokens: r.usage!.cachedInputTokens ?? 0,
      cacheWriteInputTokens: r.usage!.cacheWriteInputTokens ?? 0,
      turns: r.usage!.turns ?? 0,
      agentRuns: 1,
      costUsd: r.usage!.costUsd ?? null,
      rateLimitWaitMs: (r.rateLimitRetries ?? []).reduce((s, x) => s + x.delayMs, 0),
    })),
  );
}

/** The sum of several totals (cost null as soon as one is null). */
export function addTotals(list: readonly UsageTotals[]): UsageTotals | undefined {
  if (!list.length) return undefined;
  const sum = (k: keyof Omit<UsageTotals, 'costUsd'>) => list.reduce((s, t) => s + t[k], 0);
  const costs = list.map((t) => t.costUsd);
  return {
    inputTokens: sum('inputTokens'),
    outputTokens: sum('outputTokens'),
    cachedInputTokens: sum('cachedInputTokens'),
    cacheWriteInputTokens: sum('cacheWriteInputTokens'),
    turns: sum('turns'),
    agentRuns: sum('agentRuns'),
    costUsd: costs.every((c): c is number => c !== null) ? round(costs.reduce((s, c) => s + c, 0)) : null,
    rateLimitWaitMs: sum('rateLimitWaitMs'),
  };
}

/** "$0.0123" or "cost unknown". */
export function describeCost(costUsd: number | null | undefined): string {
  return costUsd === null || costUsd === undefined ? 'cost unknown' : `$${costUsd.toFixed(4)}`;
}
