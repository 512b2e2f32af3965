// Checks of command-line values that yargs cannot express: numeric ranges and identifiers.
// Each failure is a UsageError (exit 2) naming the option, the allowed range and the value given,
// raised in a yargs `.check` so that no work starts before the whole command line is sound.
import { join } from 'node:path';
import { EXECUTOR_IDS, didYouMean, unsafeIdReason } from '../../orchestrator/operator-entry.js';
import { repoRoot } from '../version.js';

/** yargs rejected the command line: unknown flag, missing argument, bad choice, value out of range. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The allowed range of one numeric option (inclusive; `above` makes the lower bound exclusive). */
export interface NumberRange {
  min: number;
  max: number;
  integer: boolean;
  above?: boolean;
}

export const int = (min: number, max: number): NumberRange => ({ min, max, integer: true });
/** A positive amount of time or size: more than `min`, at most `max`, fractions allowed. */
export const positive = (max: number): NumberRange => ({ min: 0, max, integer: false, above: true });

export function describeRange(r: NumberRange): string {
  if (r.integer) return `an integer from ${r.min} to ${r.max}`;
  return `a number ${r.above ? 'above' : 'from'} ${r.min}${r.above ? ' and up to' : ' to'} ${r.max}`;
}

function outOfRange(value: unknown, r: NumberRange): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return true;
  if (r.integer && !Number.isInteger(value)) return true;
  return r.above ? value <= r.min || value > r.max : value < r.min || value > r.max;
}

/** Throws one UsageError listing every numeric option outside its range (absent options are fine). */
export function checkNumbers(args: Record<string, unknown>, ranges: Record<string, NumberRange>): true {
  const problems: string[] = [];
  for (const [name, range] of Object.entries(ranges)) {
    const value = args[name];
    if (value === undefined) continue;
    if (outOfRange(value, range))
      problems.push(
        `--${name} must be ${describeRange(range)}, got ${Number.isNaN(value) ? 'a value that is not a number' : String(value)}`,
      );
  }
  if (problems.length) throw new UsageError(problems.join('; '));
  return true;
}

/** Throws a UsageError when an option that becomes part of a path is not a safe identifier. */
export function checkIdOptions(args: Record<string, unknown>, names: string[]): true {
  for (const name of names) {
    const values = ([] as unknown[]).concat(args[name] ?? []);
    for (const value of values) {
      const reason = unsafeIdReason(String(value));
      if (reason) throw new UsageError(`--${name} ${JSON.stringify(String(value))} ${reason}`);
    }
  }
  return true;
}

/** `--executor` must name a known executor, and (where the command has `--command`) `--executor command` needs it. */
export function checkExecutorOptions(args: { executor?: unknown; command?: unknown }, commandOption = true): true {
  if (args.executor === undefined) return true;
  const executor = String(args.executor);
  if (!EXECUTOR_IDS.includes(executor))
    throw new UsageError(
      `--executor ${JSON.stringify(executor)} is not an executor: ${didYouMean(executor, EXECUTOR_IDS)} (known: ${EXECUTOR_IDS.join(', ')})`,
    );
  if (commandOption && executor === 'command' && (typeof args.command !== 'string' || args.command.trim() === ''))
    throw new UsageError('--executor command needs --command "<template>" (placeholders {prompt_file} {workspace} {model} {log})');
  return true;
}

/** Reference arms named on the command line must be arms of the run (the default ones are skipped when absent). */
export function checkBaselinesInRun(named: readonly string[], armIds: readonly string[]): true {
  const missing = named.filter((b) => !armIds.includes(b));
  if (missing.length)
    throw new UsageError(
      `--reference-arm (--baseline) ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in this run (arms: ${armIds.join(', ')}); add --arm ${missing[0]} or name a reference arm that runs`,
    );
  return true;
}

/** `--cases-dir` and `--arms-dir`, defaulting to this checkout's folders (shown without machine paths). */
export const CASES_DIR_OPTION = {
  type: 'string',
  default: join(repoRoot(), 'cases'),
  defaultDescription: 'cases/ of this checkout',
  describe: 'Folder of case JSON files',
} as const;

export const ARMS_DIR_OPTION = {
  type: 'string',
  default: join(repoRoot(), 'arm-templates'),
  defaultDescription: 'arm-templates/ of this checkout',
  describe: 'Folder of arm JSON files',
} as const;
