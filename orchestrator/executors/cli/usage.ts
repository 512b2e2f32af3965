// Token and cost figures from the CLIs' JSON output, where they print them. Unknown shapes give
// undefined rather than guesses.
import type { UsageFigures } from '../types.js';

function jsonLines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t.startsWith('{')) continue;
    try {
      out.push(JSON.parse(t) as Record<string, unknown>);
    } catch {
      // not a JSON event line
    }
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** claude `--output-format json`: the final `result` object. */
export function parseClaudeUsage(log: string): UsageFigures | undefined {
  const result = jsonLines(log).reverse().find((e) => e.type === 'result');
  if (!result) return undefined;
  const u = (result.usage ?? {}) as Record<string, unknown>;
  return compact({ inputTokens: num(u.input_tokens), outputTokens: num(u.output_tokens), cachedInputTokens: num(u.cache_read_input_tokens), costUsd: num(result.total_cost_usd), turns: num(result.num_turns) });
}

/** codex `exec --json`: the sum over `turn.completed` events. */
export function parseCodexUsage(log: string): UsageFigures | undefined {
  const turns = jsonLines(log).filter((e) => e.type === 'turn.completed');
  if (!turns.length) return undefined;
  const sum = (k: string) => turns.reduce((acc, e) => acc + (num((e.usage as Record<string, unknown> | undefined)?.[k]) ?? 0), 0);
  return { inputTokens: sum('input_tokens'), outputTokens: sum('output_tokens'), cachedInputTokens: sum('cached_input_tokens'), turns: turns.length };
}

/** opencode `--format json`: step-finish events carry tokens and cost. */
export function parseOpencodeUsage(log: string): UsageFigures | undefined {
  const steps = jsonLines(log).map((e) => (e.part ?? e) as Record<string, unknown>).filter((p) => p.type === 'step-finish');
  if (!steps.length) return undefined;
  let input = 0, output = 0, cached = 0, cost = 0;
  for (const s of steps) {
    const t = (s.tokens ?? {}) as Record<string, unknown>;
    input += num(t.input) ?? 0;
    output += (num(t.output) ?? 0) + (num(t.reasoning) ?? 0);
    cached += num((t.cache as Record<string, unknown> | undefined)?.read) ?? 0;
    cost += num(s.cost) ?? 0;
  }
  return { inputTokens: input, outputTokens: output, cachedInputTokens: cached, costUsd: Math.round(cost * 1e7) / 1e7, turns: steps.length };
}

function compact(u: UsageFigures): UsageFigures | undefined {
  const entries = Object.entries(u).filter(([, v]) => v !== undefined);
  return entries.length ? (Object.fromEntries(entries) as UsageFigures) : undefined;
}

/** True when the claude result says it failed even though its subtype says success. */
export function claudeReportedError(log: string): boolean {
  const result = jsonLines(log).reverse().find((e) => e.type === 'result');
  return result?.is_error === true;
}
