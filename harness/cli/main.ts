// CLI entry: parses argv with yargs, runs a command, maps errors to exit codes.
import type { Argv } from 'yargs';
import { COMMANDS, selectedCommand, type AnyCommandModule } from './commands/index.js';
import { yargs } from './help-layout.js';
import { UsageError } from './options.js';
import { reportError } from './report-error.js';
import { packageVersion } from '../version.js';

const MIN_HELP_WIDTH = 80; // below this the description column is too narrow for words like "infrastructure-classified"
const MAX_HELP_WIDTH = 110; // longer lines are hard to read

/** Columns for --help: the terminal's width, else $COLUMNS, else 100; kept within 80..110. */
export function helpWidth(): number {
  const columns = process.stdout.columns ?? (Number(process.env.COLUMNS) || 100);
  return Math.max(MIN_HELP_WIDTH, Math.min(MAX_HELP_WIDTH, columns));
}

/** The configured parser; `width: null` lays --help out unwrapped (the help test's reference). */
export function createParser(
  argv: string[],
  options: { width: number | null; onExitCode: (code: number) => void; loaded?: AnyCommandModule[] },
): Argv {
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
  // Only the modules in `loaded` are registered in full; the others by name and description, so
  // that `--help`, suggestions and strict parsing still see the whole table without loading them.
  for (const entry of COMMANDS) {
    const full = options.loaded?.find((c) => c.command === entry.command);
    parser.command(full ?? { command: entry.command, describe: entry.describe, builder: (y) => y, handler: () => undefined });
  }
  return parser;
}

/** Runs the CLI and resolves to the process exit code. Loads only the module of the command it runs. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const selected = selectedCommand(argv);
  const parser = createParser(argv, {
    width: helpWidth(),
    onExitCode: (code) => (exitCode = code),
    loaded: selected ? [await selected.load()] : [],
  });
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    return reportError(error, process.stderr);
  }
}

export { UsageError };
