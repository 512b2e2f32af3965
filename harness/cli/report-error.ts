// The one top-level error handler: known errors print a message and a fix, unknown ones a stack with causes.
import { escapeControl, isWaveBenchError } from '../../orchestrator/operator-entry.js';

export const EXIT_USAGE = 2; // bad command line or bad input file
export const EXIT_INTERNAL = 70; // a bug in wave-bench: the stack is printed

interface Sink {
  write(text: string): unknown;
}

/** Prints an error for a human and returns the exit code to use. */
export function reportError(error: unknown, sink: Sink): number {
  if (isWaveBenchError(error)) {
    sink.write(`wave-bench: ${escapeControl(error.message)}\n`);
    if (error.fix) sink.write(`fix: ${escapeControl(error.fix)}\n`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === 'UsageError') {
    sink.write(`wave-bench: ${escapeControl(error.message)}\nfix: run \`wave-bench --help\` (or \`wave-bench <command> --help\`).\n`);
    return EXIT_USAGE;
  }
  sink.write(`wave-bench: internal error (please report it)\n${describeWithCauses(error)}\n`);
  return EXIT_INTERNAL;
}

function describeWithCauses(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 8; depth += 1) {
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    parts.push(depth === 0 ? text : `caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}
