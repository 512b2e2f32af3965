// `wave-bench replay <trace-dir>`: recompute an attempt's outcome from its trace bundle alone.
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { escapeLine, replayTrace } from '../../../orchestrator/index.js';

interface ReplayArgs {
  'trace-dir': string;
  json: boolean;
  setExitCode: (code: number) => void;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <trace-dir>',
  describe: 'Recompute the gate snapshot and quality of an attempt from its trace bundle and report differences',
  builder: (y) =>
    y
      .positional('trace-dir', { type: 'string', demandOption: true, describe: '.wave/<lane>/traces/wave-<n>/attempt-<k>' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the replay report as JSON' })
      .epilog('Exit codes: 0 identical, 1 differences found, 2 not a trace bundle.') as never,
  handler: (args) => {
    const report = replayTrace(resolve(args['trace-dir']));
    if (args.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    else {
      const snap = report.recomputed.snapshot;
      process.stdout.write(
        `recomputed: ${snap.ok ? 'PASS' : `FAIL ${snap.overall.gate} ${snap.overall.statusCode}`} (${snap.gates.length} gates)\n`,
      );
      for (const d of report.manifestDifferences) process.stdout.write(`manifest: ${escapeLine(d.path)} ${d.problem}\n`);
      for (const d of report.outcomeDifferences)
        process.stdout.write(`differs at ${d.path}: recorded ${JSON.stringify(d.recorded)}, recomputed ${JSON.stringify(d.recomputed)}\n`);
      process.stdout.write(report.ok ? 'replay matches the recorded outcome\n' : 'replay DIFFERS from the recorded outcome\n');
    }
    args.setExitCode(report.ok ? 0 : 1);
  },
};
