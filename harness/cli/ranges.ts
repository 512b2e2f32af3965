// The documented range of every numeric option (README "Option ranges" lists the same table).
import { int, positive, type NumberRange } from './options.js';

const SEED_MAX = 2 ** 32 - 1;

export const RUN_RANGES: Record<string, NumberRange> = {
  epochs: int(1, 100),
  concurrency: int(1, 64),
  'agent-concurrency': int(1, 64),
  'agent-timeout': positive(1440), // minutes
  'max-retries': int(0, 10),
  seed: int(0, SEED_MAX),
  'max-tokens-per-item': int(1, 1_000_000_000_000),
  'max-cost-per-item': positive(1_000_000), // USD
};

export const LAUNCH_RANGES: Record<string, NumberRange> = {
  concurrency: int(1, 64),
  'max-retries': int(0, 10),
  'agent-timeout': positive(1440), // minutes
  'max-turns': int(1, 10_000),
  'max-tokens': int(1, 1_000_000_000_000),
  'max-cost': positive(1_000_000), // USD
  'wave-timeout': positive(10_080), // minutes
  'start-wave': int(0, 9999),
  'end-wave': int(0, 9999),
  'human-timeout': { min: 0, max: 10_080, integer: false }, // minutes (fractions allowed); 0 = do not wait
};

export const CONTROL_RANGES: Record<string, NumberRange> = {
  wave: int(0, 9999),
};

export const PILOT_RANGES: Record<string, NumberRange> = {
  epochs: int(1, 100),
  concurrency: int(1, 32),
  'timeout-verify': positive(86_400), // seconds
  'retry-infra': int(0, 5),
  'timeout-agent': positive(86_400), // seconds
  'max-retries': int(0, 10),
  'max-tokens-per-item': int(1, 1_000_000_000_000),
  'max-cost-per-item': positive(1_000_000), // USD
};
