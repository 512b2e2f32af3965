// The per-item spend ceilings of `pilot run` and `run` (--max-tokens-per-item, --max-cost-per-item):
// the options, the limit they ask for, and the rules checked before any work (exit 2).
import { isPricedModel, type SpendLimit } from '../../orchestrator/index.js';
import { UsageError } from './options.js';

/** The per-item spend ceilings (`pilot run` and `run`): a pilot item ends as budget-exceeded, a native item fails. */
export const CEILING_OPTIONS = {
  'max-tokens-per-item': {
    type: 'number',
    describe:
      'Token ceiling over all agent runs of an item (input + cache + output, as the CLI reports it); passing it stops the agents and the item is budget-exceeded',
  },
  'max-cost-per-item': {
    type: 'number',
    describe:
      'Cost ceiling in USD over all agent runs of an item (priced from the price table); passing it stops the agents and the item is budget-exceeded',
  },
} as const;

/** The spend limit the ceiling options ask for, if any. */
export function spendLimitOf(a: { 'max-tokens-per-item'?: number; 'max-cost-per-item'?: number }): SpendLimit | undefined {
  if (a['max-tokens-per-item'] === undefined && a['max-cost-per-item'] === undefined) return undefined;
  return {
    ...(a['max-tokens-per-item'] !== undefined ? { tokens: a['max-tokens-per-item'] } : {}),
    ...(a['max-cost-per-item'] !== undefined ? { costUsd: a['max-cost-per-item'] } : {}),
  };
}

/** The executors that report usage (the real CLIs): only they can be held to a token or cost ceiling. */
const METERED_EXECUTORS = ['claude', 'codex', 'opencode'];

/** A ceiling needs usage to measure: a real CLI, and for cost a model the price table knows. */
export function checkCeilings(a: {
  executor?: unknown;
  model?: unknown;
  'max-tokens-per-item'?: unknown;
  'max-cost-per-item'?: unknown;
}): true {
  const set = ['max-tokens-per-item', 'max-cost-per-item'].filter((k) => a[k as keyof typeof a] !== undefined);
  if (!set.length) return true;
  if (!METERED_EXECUTORS.includes(String(a.executor)))
    throw new UsageError(
      `--${set[0]} needs an executor that reports usage (${METERED_EXECUTORS.join(', ')}); --executor ${String(a.executor)} reports none, so the ceiling could never be checked`,
    );
  if (a['max-cost-per-item'] !== undefined && !isPricedModel(a.model === undefined ? undefined : String(a.model)))
    throw new UsageError(
      `--max-cost-per-item needs --model with a price in orchestrator/executors/cli/model-prices.ts; ${a.model === undefined ? 'no --model was given' : `"${String(a.model)}" is not in it`}, so its cost would be unknown (use --max-tokens-per-item instead)`,
    );
  return true;
}
