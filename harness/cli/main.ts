// CLI entry: parses argv with yargs, runs a command, maps errors to exit codes.
import yargs from 'yargs';
import { commands } from './commands/index.js';
import { UsageError } from './options.js';
import { reportError } from './report-error.js';
import { packageVersion } from './version.js';

/** Runs the CLI and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const parser = yargs(argv)
    .scriptName('wave-bench')
    .version(packageVersion())
    .strict()
    .demandCommand(1, 'Name a command; `wave-bench --help` lists them.')
    .recommendCommands()
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    })
    .middleware((args) => {
      args.setExitCode = (code: number) => {
        exitCode = code;
      };
    });
  for (const command of commands) parser.command(command);
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    return reportError(error, process.stderr);
  }
}

export { UsageError };
