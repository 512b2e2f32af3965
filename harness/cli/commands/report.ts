// `wave-bench report render|diff` (SPEC 3.6).
import { resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { WaveBenchError, escapeControl } from '../../../orchestrator/index.js';
import { readAnyResults } from '../../load/results.js';
import { writePilotReports } from '../../report/pilot.js';
import { pilotAsNative } from '../../report/pilot-view.js';
import { renderNativeReports } from '../../report/write.js';
import { diffRuns, renderDiffMarkdown } from '../../score/diff.js';

interface RenderArgs {
  'run-dir': string;
  json: boolean;
}
interface DiffArgs {
  base: string;
  head: string;
  json: boolean;
  'fail-on': 'regression' | 'any-flip' | 'none';
  setExitCode: (code: number) => void;
}

export const EXIT_DIFF_FAILED = 1; // --fail-on condition met

const renderCommand: CommandModule<object, RenderArgs> = {
  command: 'render <run-dir>',
  describe: 'Rebuild results.md, results.csv and report.html from results.json alone',
  builder: (y) =>
    y
      .positional('run-dir', { type: 'string', demandOption: true, describe: 'Run directory holding results.json' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the written files as JSON' }) as never,
  handler: async (a) => {
    const dir = resolve(a['run-dir']);
    const any = readAnyResults(dir);
    const files =
      any.kind === 'native' ? await renderNativeReports(dir, any.results) : writePilotReports(dir, any.results, { renderOnly: true });
    process.stdout.write(a.json ? JSON.stringify({ files }, null, 2) + '\n' : `rendered ${files.join(', ')}\n`);
  },
};

const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff <base> <head>',
  describe: 'Compare two runs: flips, metric deltas, paired CIs, configuration vs behaviour changes',
  builder: (y) =>
    y
      .positional('base', { type: 'string', demandOption: true, describe: 'Run directory (or results.json) to compare against' })
      .positional('head', { type: 'string', demandOption: true, describe: 'Run directory (or results.json) to compare' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the diff as JSON' })
      .option('fail-on', {
        choices: ['regression', 'any-flip', 'none'] as const,
        default: 'none' as const,
        describe: 'Exit 1 when this happens (for CI)',
      })
      .epilog('Exit codes: 0 no failing condition, 1 the --fail-on condition was met, 2 bad input.') as never,
  handler: (a) => {
    const base = readAnyResults(resolve(a.base));
    const head = readAnyResults(resolve(a.head));
    if (base.kind !== head.kind) {
      throw new WaveBenchError(
        'diff-kind-mismatch',
        `cannot diff a ${base.kind} run (${a.base}) against a ${head.kind} run (${a.head}): they share no items`,
        { fix: 'diff two native runs (`wave-bench run`) or two pilot runs (`wave-bench pilot run`)' },
      );
    }
    const view = (r: typeof base) => (r.kind === 'native' ? r.results : pilotAsNative(r.results));
    const diff = diffRuns(view(base), view(head));
    process.stdout.write(a.json ? JSON.stringify(diff, null, 2) + '\n' : escapeControl(renderDiffMarkdown(diff)));
    const failed = a['fail-on'] === 'regression' ? diff.regression : a['fail-on'] === 'any-flip' ? diff.flips.length > 0 : false;
    if (failed) a.setExitCode(EXIT_DIFF_FAILED);
  },
};

export const reportCommand: CommandModule = {
  command: 'report <command>',
  describe: 'Render reports from results.json, or diff two runs',
  builder: (y) => y.command(renderCommand).command(diffCommand).demandCommand(1),
  handler: () => undefined,
};
