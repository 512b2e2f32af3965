// Rate-limit handling for real CLIs (SPEC 2.9): recognise 429 / rate-limit output, retry with
// exponential backoff and jitter inside the agent's time budget, and record every retry.
import type { RateLimitRetry } from '../types.js';

const RATE_LIMIT = /\b429\b|rate[ _-]?limit|too many requests|overloaded_error/i;
export const BASE_DELAY_MS = 2_000;
export const MAX_DELAY_MS = 60_000;
export const MAX_RETRIES = 5;

/** The rate-limit line in new output, if the run failed because of one. */
export function rateLimitReason(output: string): string | undefined {
  return output.split('\n').find((line) => RATE_LIMIT.test(line))?.trim().slice(0, 200);
}

/** Delay before retry `n` (1-based): exponential with full jitter from `random` in [0, 1). */
export function backoffDelay(n: number, random: () => number = Math.random, baseDelayMs = BASE_DELAY_MS): number {
  const cap = Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** (n - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export function retryRecord(attempt: number, delayMs: number, reason: string): RateLimitRetry {
  return { attempt, delayMs, reason };
}
