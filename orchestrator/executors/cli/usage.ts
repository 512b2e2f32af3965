// Token figures from the CLIs' JSON output, normalised to one meaning (UsageFigures: input
// excludes cache reads and writes), and cost from the versioned price table. Unknown shapes give
// undefined rather than guesses; an unpriced model has no costUsd.
import type { UsageFigures } from '../types.js';
import { MODEL_PRICES, MODEL_PRICES_AS_OF } from './model-prices.js';

type Json = Record<string, unknown>;

/** The JSON objects among a log's lines (other lines are skipped). */
export function jsonLines(text: string): Json[] {
  const out: Json[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      out.push(JSON.parse(t) as Json);
    } catch {
      // not a JSON event line
    }
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const round = (v: number) => Math.round(v * 1e7) / 1e7;

/** claude `--output-format json|stream-json`: the final `result` event (tokens over the whole session). */
export function parseClaudeUsage(log: string): UsageFigures | undefined {
  const result = jsonLines(log)
    .reverse()
    .find((e) => e.type === 'result');
  if (!result) return undefined;
  const u = (result.usage ?? {}) as Json;
  return compact({
    inputTokens: num(u.input_tokens),
    outputTokens: num(u.output_tokens),
    cachedInputTokens: num(u.cache_read_input_tokens),
    cacheWriteInputTokens: num(u.cache_creation_input_tokens),
    cliCostUsd: num(result.total_cost_usd),
    turns: num(result.num_turns),
  });
}

/** codex `exec --json`: the sum over `turn.completed` events; its input_tokens include cached ones. */
export function parseCodexUsage(log: string): UsageFigures | undefined {
  const turns = jsonLines(log).filter((e) => e.type === 'turn.completed');
  if (!turns.length) return undefined;
  const sum = (k: string) => turns.reduce((acc, e) => acc + (num((e.usage as Json | undefined)?.[k]) ?? 0), 0);
  const cached = sum('cached_input_tokens');
  return {
    inputTokens: sum('input_tokens') - cached,
    outputTokens: sum('output_tokens'),
    cachedInputTokens: cached,
    cacheWriteInputTokens: sum('cache_write_input_tokens'),
    turns: turns.length,
  };
}

/** opencode `--format json`: step_finish events carry tokens (input without cache) and cost. */
export function parseOpencodeUsage(log: string): UsageFigures | undefined {
  const steps = jsonLines(log)
    .map((e) => (e.part ?? e) as Json)
    .filter((p) => p.type === 'step-finish');
  if (!steps.length) return undefined;
  let input = 0,
    output = 0,
    cached = 0,
    written = 0,
    cost = 0;
  for (const s of steps) {
    const t = (s.tokens ?? {}) as Json;
    const cache = (t.cache ?? {}) as Json;
    input += num(t.input) ?? 0;
    output += (num(t.output) ?? 0) + (num(t.reasoning) ?? 0);
    cached += num(cache.read) ?? 0;
    written += num(cache.write) ?? 0;
    cost += num(s.cost) ?? 0;
  }
  return {
    inputTokens: input,
    outputTokens: output,
    cachedInputTokens: cached,
    cacheWriteInputTokens: written,
    cliCostUsd: round(cost),
    turns: steps.length,
  };
}

/** The price-table key for a model id: exact, then without a provider prefix or a date suffix. */
function priceKey(model: string): string | undefined {
  const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
  for (const candidate of [model, bare, bare.replace(/-\d{8}$/, ''), bare.replace(/-(latest|\d{4}-\d{2}-\d{2})$/, '')])
    if (MODEL_PRICES[candidate]) return candidate;
  return undefined;
}

/** True when the price table has this model (its runs get a cost). */
export function isPricedModel(model: string | undefined): boolean {
  return model !== undefined && priceKey(model) !== undefined;
}

/** Adds costUsd (and the table date) from the price table; unknown model → usage unchanged. */
export function priceUsage(usage: UsageFigures, model: string | undefined): UsageFigures {
  const key = model ? priceKey(model) : undefined;
  if (!key) return usage;
  const p = MODEL_PRICES[key]!;
  const cost =
    ((usage.inputTokens ?? 0) * p.input +
      (usage.outputTokens ?? 0) * p.output +
      (usage.cachedInputTokens ?? 0) * (p.cacheRead ?? p.input) +
      (usage.cacheWriteInputTokens ?? 0) * (p.cacheWrite ?? p.input)) /
    1e6;
  return { ...usage, costUsd: round(cost), pricedAs: `${key} (list prices ${MODEL_PRICES_AS_OF})` };
}

function compact(u: UsageFigures): UsageFigures | undefined {
  const entries = Object.entries(u).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as UsageFigures) : undefined;
}

/** True when the claude result says it failed even though its subtype says success. */
export function claudeReportedError(log: string): boolean {
  const result = jsonLines(log)
    .reverse()
    .find((e) => e.type === 'result');
  return result?.is_error === true;
}
