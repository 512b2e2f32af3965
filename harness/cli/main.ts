// CLI entry: parses argv with yargs, runs a command, maps errors to exit codes.
import type { Argv } from 'yargs';
import { commands } from './commands/index.js';
import { yargs } from './help-layout.js';
import { UsageError } from './options.js';
import { reportError } from './report-error.js';
import { packageVersion } from './version.js';

const MIN_HELP_WIDTH = 80; // below this the description column is too narrow for words like "infrastructure-classified"
const MAX_HELP_WIDTH = 110; // longer lines are hard to read

/** Columns for --help: the terminal's width, else $COLUMNS, else 100; kept within 80..110. */
export function helpWidth(): number {
  const columns = process.stdout.columns ?? (Number(process.env.COLUMNS) || 100);
  return Math.max(MIN_HELP_WIDTH, Math.min(MAX_HELP_WIDTH, columns));
}

/** The configured parser; `width: null` lays --help out unwrapped (the help test's reference). */
export function createParser(argv: string[], options: { width: number | null; onExitCode: (code: number) => void }): Argv {
  const parser = yargs(argv)
    .scriptName('wave-bench')
    .version(packageVersion())
    .strict()
    .demandCommand(1, 'Name a command; `wave-bench --help` lists them.')
    .recommendCommands()
    .wrap(options.width)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .middleware((args) => {
      args.setExitCode = options.onExitCode;
    });
  for (const command of commands) parser.command(command);
  return parser;
}

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = createParser(argv, { width: helpWidth(), onExitCode: (code) => (exitCode = code) });
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    return reportError(error, process.stderr);
  }
}

export { UsageError };
