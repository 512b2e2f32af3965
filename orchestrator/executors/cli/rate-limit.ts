// Rate-limit handling for real CLIs (SPEC 2.9): recognise 429 / rate-limit output, retry with
// exponential backoff and jitter inside the agent's time budget (never sooner than a retry-after
// the output states), and record every retry.
import type { RateLimitRetry } from '../types.js';

const RATE_LIMIT = /\b429\b|rate[ _-]?limit|too many requests|overloaded_error/i;
const RETRY_AFTER = /(?:retry[- ]after|try again in)\D{0,4}(\d+(?:\.\d+)?)\s*(ms|s|sec|seconds?)?/i;
export const BASE_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 60_000;
export const MAX_RETRIES = 5;

/** The rate-limit line in new output, if the run failed because of one. */
export function rateLimitReason(output: string): string | undefined {
  return output
    .split('\n')
    .find((line) => RATE_LIMIT.test(line))
    ?.trim()
    .slice(0, 200);
}

/** A wait the output asks for ("retry-after: 3", "try again in 2.5s"), in ms, capped at MAX_DELAY_MS. */
export function retryAfterMs(output: string): number | undefined {
  const m = RETRY_AFTER.exec(output);
  if (!m) return undefined;
  const value = Number(m[1]);
  const ms = m[2]?.toLowerCase() === 'ms' ? value : value * 1000;
  return Math.min(MAX_DELAY_MS, Math.round(ms));
}

/** Delay before retry `n` (1-based): exponential with full jitter from `random` in [0, 1). */
export function backoffDelay(n: number, random: () => number = Math.random, baseDelayMs = BASE_DELAY_MS): number {
  const cap = Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** (n - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export function retryRecord(attempt: number, delayMs: number, reason: string): RateLimitRetry {
  return { attempt, delayMs, reason };
}
