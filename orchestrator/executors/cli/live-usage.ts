// Usage as a CLI prints it while it runs, for the launch's token/cost ceiling: the output is read
// as it arrives, the few lines that carry usage are kept, and the CLI's own parser turns them into
// the run's figures so far. What each CLI prints mid-run differs (docs/executors.md "Budgets"):
// claude an `assistant` event per model turn, opencode a `step_finish` per step, codex only its
// `turn.completed` at the end of the run.
import { StringDecoder } from 'node:string_decoder';
import type { SpendExceeded, SpendPool } from '../spend.js';
import type { UsageFigures } from '../types.js';
import { jsonLines, parseClaudeUsage, priceUsage } from './usage.js';

type Json = Record<string, unknown>;

const USAGE_HINT = /"(usage|tokens)"/; // cheap pre-filter: only such lines are parsed

/** Reads a run's output chunk by chunk; `feed` returns the priced figures so far when a chunk brought new usage. */
export class LiveUsageMeter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';
  private readonly lines: string[] = [];

  constructor(
    private readonly parse: (text: string) => UsageFigures | undefined,
    private readonly model: string | undefined,
  ) {}

  feed(chunk: Buffer): UsageFigures | undefined {
    const parts = (this.partial + this.decoder.write(chunk)).split('\n');
    this.partial = parts.pop() ?? '';
    const fresh = parts.filter((l) => USAGE_HINT.test(l));
    if (!fresh.length) return undefined;
    this.lines.push(...fresh);
    const usage = this.parse(this.lines.join('\n'));
    return usage ? priceUsage(usage, this.model) : undefined;
  }
}

/**
 * claude stream-json while it runs: the `usage` of each `assistant` message (one per model turn,
 * repeated for every content block of it: the last copy counts). It carries the turn's input and
 * cache tokens when the turn starts; its output tokens are final only in the closing `result`,
 * which wins once it is there.
 */
export function parseClaudeLiveUsage(log: string): UsageFigures | undefined {
  const events = jsonLines(log);
  if (events.some((e) => e.type === 'result')) return parseClaudeUsage(log);
  const turns = new Map<string, Json>();
  for (const e of events) {
    const message = e.type === 'assistant' ? (e.message as Json | undefined) : undefined;
    if (message?.usage) turns.set(String(message.id ?? turns.size), message.usage as Json);
  }
  if (!turns.size) return undefined;
  const sum = (k: string) => [...turns.values()].reduce((acc, u) => acc + (typeof u[k] === 'number' ? (u[k] as number) : 0), 0);
  return {
    inputTokens: sum('input_tokens'),
    outputTokens: sum('output_tokens'),
    cachedInputTokens: sum('cache_read_input_tokens'),
    cacheWriteInputTokens: sum('cache_creation_input_tokens'),
    turns: turns.size,
  };
}

/** One run's link to the launch's spend ceiling: what to pass to the process, and what happened. */
export interface SpendWatch {
  /** Aborted when the launcher stops or the ceiling is passed (by this run or a sibling). */
  signal: AbortSignal | undefined;
  onOutput: ((chunk: Buffer) => void) | undefined;
  /** The ceiling that stopped this run, or that its final usage passed. */
  exhausted(): SpendExceeded | undefined;
  /** Reports the run's final usage (the CLI's closing figures) and detaches. */
  finish(usage: UsageFigures | undefined): void;
}

let runCounter = 0;

/** Watches a run's output against `spend` (absent: only the launcher's own signal is passed on). */
export function watchSpend(
  spend: SpendPool | undefined,
  signal: AbortSignal | undefined,
  meter: () => LiveUsageMeter,
  label: string,
): SpendWatch {
  if (!spend) return { signal, onOutput: undefined, exhausted: () => undefined, finish: () => undefined };
  const key = `${label}#${(runCounter += 1)}`;
  const stopper = new AbortController();
  const abort = () => stopper.abort();
  signal?.addEventListener('abort', abort, { once: true });
  let stoppedBy: SpendExceeded | undefined;
  const unsubscribe = spend.onExceeded((reason) => {
    stoppedBy = reason;
    stopper.abort();
  });
  const m = meter();
  return {
    signal: stopper.signal,
    onOutput: (chunk) => {
      const usage = m.feed(chunk);
      if (usage) spend.report(key, usage);
    },
    exhausted: () => stoppedBy,
    finish(usage) {
      unsubscribe();
      signal?.removeEventListener('abort', abort);
      if (usage) stoppedBy = spend.report(key, usage) ?? stoppedBy;
    },
  };
}
