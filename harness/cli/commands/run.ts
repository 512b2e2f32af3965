// `wave-bench run`: the native eval suite — every case under every base arm by default (SPEC 3.2).
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { WaveBenchError, didYouMean } from '../../../orchestrator/index.js';
import type { CommandModule } from 'yargs';
import { loadArms, selectArms } from '../../load/arms.js';
import { loadCases, selectCases } from '../../load/cases.js';
import { writeNativeReports } from '../../report/write.js';
import { REPORTERS } from '../../report/reporters.js';
import { runNativeSuite } from '../../run/native-suite.js';
import { createProgress } from '../progress.js';
import { repoRoot } from '../version.js';

interface RunArgs {
  case: string[];
  family: string[];
  arm: string[];
  ablations: boolean;
  epochs: number;
  out?: string;
  'work-dir'?: string;
  baseline: string;
  'max-retries': number;
  concurrency: number;
  'agent-concurrency': number;
  'agent-timeout': number;
  seed?: number;
  'cases-dir': string;
  'arms-dir': string;
  json: boolean;
  executor: string;
  model?: string;
  command?: string;
  setExitCode: (code: number) => void;
}

/** Executors that can take native cases. */
export const CASE_EXECUTORS = ['scripted', 'command', 'codex', 'claude', 'opencode'];

export const EXIT_INFRA = 3; // some items hit executor (infrastructure) errors

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run the native eval suite (all cases × base arms, or those named)',
  builder: (y) =>
    y
      .option('case', { type: 'array', string: true, default: [] as string[], describe: 'Case id(s); default all' })
      .option('family', { type: 'array', string: true, default: [] as string[], describe: 'Only cases of these families' })
      .option('arm', { type: 'array', string: true, default: [] as string[], describe: 'Arm id(s); default the base arms' })
      .option('ablations', { type: 'boolean', default: false, describe: 'Also run the ablation arms' })
      .option('epochs', { type: 'number', default: 1, describe: 'Repeats per item (pass@k, pass^k, flakiness)' })
      .option('out', { type: 'string', describe: 'Output directory (default reports/runs/<timestamp>)' })
      .option('work-dir', { type: 'string', describe: 'Where item workspaces go (default <out>/work)' })
      .option('baseline', { type: 'string', default: 'single-agent', describe: 'Arm the others are compared against' })
      .option('max-retries', { type: 'number', default: 2, describe: 'Launcher retries for arms with the retry feature' })
      .option('concurrency', { type: 'number', default: cpus().length, describe: 'Items run at once (default: number of cores)' })
      .option('agent-concurrency', { type: 'number', default: 4, describe: 'Agents run at once inside an item' })
      .option('agent-timeout', { type: 'number', default: 2, describe: 'Minutes per scripted agent run' })
      .option('seed', { type: 'number', describe: 'Bootstrap seed (recorded in results)' })
      .option('cases-dir', { type: 'string', default: join(repoRoot(), 'cases') })
      .option('arms-dir', { type: 'string', default: join(repoRoot(), 'arm-templates') })
      .option('json', { type: 'boolean', default: false, describe: 'Print results.json to stdout' })
      .option('executor', { type: 'string', default: 'scripted', describe: `Executor of the implementation agents: ${CASE_EXECUTORS.join('|')} (stewards always run the shared default)` })
      .option('model', { type: 'string', describe: 'Model id passed to a real agent CLI' })
      .option('command', { type: 'string', describe: 'Command template for --executor command ({prompt_file} {workspace} {model} {log})' })
      .check((a) => {
        if (!Number.isInteger(a.epochs) || a.epochs < 1) throw new Error(`--epochs must be a positive integer, got ${a.epochs}`);
        if (!Number.isInteger(a.concurrency) || a.concurrency < 1) throw new Error(`--concurrency must be a positive integer, got ${a.concurrency}`);
        if (!CASE_EXECUTORS.includes(a.executor)) throw new Error(`--executor must be one of ${CASE_EXECUTORS.join(', ')}, got "${a.executor}"`);
        if (a.executor === 'command' && !a.command) throw new Error('--executor command needs --command "<template>", e.g. --command "my-agent {prompt_file}"');
        if (a.command && a.executor !== 'command') throw new Error(`--command is only used with --executor command (got --executor ${a.executor})`);
        return true;
      })
      .epilog('Exit codes: 0 run completed (see results.md for passes and failures), 2 bad input, 3 infrastructure errors in some items, 70 internal error.') as never,
  handler: async (args) => {
    const loaded = loadCases(resolve(args['cases-dir']));
    const families = [...new Set(loaded.map((c) => c.family))];
    for (const f of args.family) if (!families.includes(f)) throw new WaveBenchError('unknown-family', `unknown family "${f}": ${didYouMean(f, families)}`, { fix: '`wave-bench list --families` shows every family' });
    const cases = selectCases(loaded, args.case).filter((c) => args.family.length === 0 || args.family.includes(c.family));
    if (cases.length === 0) throw new WaveBenchError('nothing-to-run', 'no case matches both --case and --family', { fix: 'check the ids with `wave-bench list`' });
    const allArms = loadArms(resolve(args['arms-dir']));
    const arms = args.arm.length ? selectArms(allArms, args.arm) : [...selectArms(allArms, undefined), ...(args.ablations ? allArms.filter((a) => a.kind === 'ablation') : [])];
    const outDir = resolve(args.out ?? join(repoRoot(), 'reports', 'runs', new Date().toISOString().replace(/[:.]/g, '-')));
    const baseline = arms.some((a) => a.id === args.baseline) ? args.baseline : arms[0]!.id;
    const progress = createProgress({ total: cases.length * arms.length * args.epochs, noun: 'items' });
    const results = await runNativeSuite({
      cases, arms, epochs: args.epochs, outDir, ...(args['work-dir'] ? { workDir: resolve(args['work-dir']) } : {}), baselineArm: baseline, maxRetries: args['max-retries'], itemConcurrency: args.concurrency, agentConcurrency: args['agent-concurrency'], agentTimeoutMinutes: args['agent-timeout'], ...(args.seed !== undefined ? { seed: args.seed } : {}),
      executor: args.executor, ...(args.model ? { model: args.model } : {}), ...(args.command ? { command: args.command } : {}),
      commandLine: process.argv.slice(2),
      reporters: Object.values(REPORTERS),
      onItem: (item) => progress.itemDone(`${item.caseId} · ${item.arm}${args.epochs > 1 ? ` · epoch ${item.epoch}` : ''}`, { passed: item.primary.passed, note: `${item.primary.metric}=${item.primary.value}` }),
    });
    progress.finish();
    const files = await writeNativeReports(outDir, results);
    if (args.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    else {
      for (const arm of arms) {
        const items = results.items.filter((i) => i.arm === arm.id);
        process.stdout.write(`${arm.id.padEnd(24)} ${items.filter((i) => i.primary.passed).length}/${items.length} passed · mean aligned ${(items.reduce((s, i) => s + i.primary.alignedScore, 0) / items.length).toFixed(1)}\n`);
      }
      for (const c of results.comparisons) process.stdout.write(`${c.arm} vs ${c.baseline}: Δ ${c.meanDelta.toFixed(1)} [${c.ci.low.toFixed(1)}, ${c.ci.high.toFixed(1)}] ${c.confidentWin ? 'confident win' : 'not confident'}\n`);
      process.stdout.write(`reports: ${files.join(', ')}\n`);
    }
    if (results.items.some((i) => i.classification === 'infra-error')) args.setExitCode(EXIT_INFRA);
  },
};
