// Did the run fail because the model endpoint failed (5xx, a cut stream, a refused connection, a
// rate limit that outlasted every retry)? Each CLI says so in its own JSON; such a failure is
// infrastructure, never the agent's doing. Only asked when the run failed.
import type { RateLimitRetry } from '../types.js';
import { jsonLines } from './usage.js';

type Json = Record<string, unknown>;

/** claude: a `result` with is_error whose text is an API error (or that carries an API status). */
export function claudeModelError(output: string): string | undefined {
  const result = jsonLines(output)
    .reverse()
    .find((e) => e.type === 'result');
  if (result?.is_error !== true) return undefined;
  const text = String(result.result ?? '');
  if (typeof result.api_error_status === 'number' || /^API Error/i.test(text))
    return `${result.api_error_status ?? ''} ${text}`.trim().slice(0, 300);
  return undefined;
}

/** codex: `turn.failed` (after its own reconnects), else its last `error` event. */
export function codexModelError(output: string): string | undefined {
  const events = jsonLines(output).reverse();
  const failed = events.find((e) => e.type === 'turn.failed');
  const message = (failed?.error as Json | undefined)?.message ?? events.find((e) => e.type === 'error')?.message;
  return typeof message === 'string' ? message.slice(0, 300) : undefined;
}

/** opencode: an `error` event from the provider call (APIError and the like). */
export function opencodeModelError(output: string): string | undefined {
  const error = jsonLines(output)
    .reverse()
    .find((e) => e.type === 'error')?.error as Json | undefined;
  if (!error) return undefined;
  const data = (error.data ?? {}) as Json;
  return `${String(error.name ?? 'error')}${data.statusCode ? ` ${String(data.statusCode)}` : ''}: ${String(data.message ?? '')}`.slice(
    0,
    300,
  );
}

/** claude: the final `result` says it stopped at --max-turns. */
export function claudeTurnLimitHit(output: string): boolean {
  return jsonLines(output).some((e) => e.type === 'result' && e.subtype === 'error_max_turns');
}

/** claude: the retries it made itself (`system` / `api_retry` events), with the wait it chose. */
export function claudeOwnRetries(output: string): RateLimitRetry[] {
  return jsonLines(output)
    .filter((e) => e.type === 'system' && e.subtype === 'api_retry')
    .map((e) => ({
      attempt: Number(e.attempt ?? 0),
      delayMs: Number(e.retry_delay_ms ?? 0),
      reason: `claude retried after ${String(e.error_status ?? '')} ${String(e.error ?? '')}`.trim(),
      by: 'cli' as const,
    }));
}
