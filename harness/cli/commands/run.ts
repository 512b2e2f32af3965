// `wave-bench run`: the native eval suite — every case under every base arm by default (SPEC 3.2).
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_MAX_RETRIES, InputError, WaveBenchError, didYouMean } from '../../../orchestrator/index.js';
import { checkCaseWaves } from '../../plan/check-case-waves.js';
import type { CommandModule } from 'yargs';
import { loadArms, selectArms } from '../../load/arms.js';
import { loadCases, selectCases } from '../../load/cases.js';
import { writeNativeReports } from '../../report/write.js';
import { REPORTERS } from '../../report/reporters.js';
import { DEFAULT_BASELINES, runNativeSuite } from '../../run/native-suite.js';
import { createItemStore, prepareRunDirs } from '../../run/native-resume.js';
import { ARMS_DIR_OPTION, CASES_DIR_OPTION, checkBaselinesInRun, checkNumbers } from '../options.js';
import { CEILING_OPTIONS, checkCeilings, spendLimitOf } from '../ceilings.js';
import { comparisonVerdict, describeEpochAgreement } from '../../score/stats.js';
import { armOverview, seconds } from '../../report/arm-overview.js';
import type { NativeItemResult } from '../../schema/native-results.js';
import { createProgress } from '../progress.js';
import { RUN_RANGES } from '../ranges.js';
import { repoRoot } from '../../version.js';

interface RunArgs {
  case: string[];
  family: string[];
  arm: string[];
  ablations: boolean;
  epochs: number;
  out?: string;
  'work-dir'?: string;
  baseline: string[];
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
  'max-tokens-per-item'?: number;
  'max-cost-per-item'?: number;
  resume: boolean;
  setExitCode: (code: number) => void;
}

/** Executors that can take native cases. */
export const CASE_EXECUTORS = ['scripted', 'command', 'codex', 'claude', 'opencode'];
/** A bad option value: exit 2 with the fix, not an internal error. */
const badOption = (message: string) => new WaveBenchError('bad-option', message, { fix: 'see `wave-bench run --help`' });

export const EXIT_INFRA = 3; // some items hit executor (infrastructure) errors

const NO_COMPARISON_HINT =
  'only one arm ran; add an arm to compare against, e.g. `--arm single-agent --arm full-wave` (or omit --arm to run every base arm)';

/** Says what happened when there is nothing to compare, or when none of the reference arms ran. */
export function referenceNote(armIds: string[], named: string[], used: string): string | undefined {
  if (armIds.length === 1) return `no comparison: ${NO_COMPARISON_HINT}`;
  if (!named.some((b) => armIds.includes(b)))
    return `none of the reference arms (${named.join(', ')}) ran: comparing against ${used}, the first arm run`;
  return undefined;
}

/** `premature-convergence-rate 100, ↓ lower is better, aligned 0, pass needs ≥ 100`: a raw value means nothing without its direction. */
export function describePrimary(p: NativeItemResult['primary']): string {
  const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const direction = p.direction === 'lower' ? '↓ lower is better' : '↑ higher is better';
  return `${p.metric} ${fmt(p.value)}, ${direction}, aligned ${fmt(p.alignedScore)}, pass needs ≥ ${fmt(p.threshold)}`;
}

export const runCommand: CommandModule<object, RunArgs> = {
  command: 'run',
  describe: 'Run the native eval suite (all cases × base arms, or those named)',
  builder: (y) =>
    y
      .option('case', { type: 'array', string: true, default: [] as string[], describe: 'Case id(s); default all' })
      .option('family', { type: 'array', string: true, default: [] as string[], describe: 'Only cases of these families' })
      .option('arm', { type: 'array', string: true, default: [] as string[], describe: 'Arm id(s); default the base arms' })
      .option('ablations', {
        type: 'boolean',
        default: false,
        describe: 'Also run every ablation arm (with --arm: the named arms plus every ablation)',
      })
      .option('epochs', { type: 'number', default: 1, describe: 'Repeats per item (pass@k, pass^k, flakiness)' })
      .option('out', { type: 'string', describe: 'Output directory (default reports/runs/<timestamp>)' })
      .option('work-dir', { type: 'string', describe: 'Where item workspaces go (default <out>/work)' })
      .option('reference-arm', {
        alias: 'baseline',
        type: 'array',
        string: true,
        default: [...DEFAULT_BASELINES],
        describe:
          'Reference arm(s) the others are compared against, repeatable or comma-separated; default ones not in the run are skipped, named ones must be in it (not the release baseline of `npm run baseline`)',
      })
      .option('max-retries', { type: 'number', default: DEFAULT_MAX_RETRIES, describe: 'Launcher retries for arms with the retry feature' })
      .option('concurrency', {
        type: 'number',
        default: cpus().length,
        defaultDescription: 'number of cores',
        describe: 'Items run at once',
      })
      .option('agent-concurrency', { type: 'number', default: 4, describe: 'Agents run at once inside an item' })
      .option('agent-timeout', { type: 'number', default: 2, describe: 'Minutes per scripted agent run' })
      .option('seed', { type: 'number', describe: 'Bootstrap seed (recorded in results)' })
      .option('cases-dir', CASES_DIR_OPTION)
      .option('arms-dir', ARMS_DIR_OPTION)
      .option('json', { type: 'boolean', default: false, describe: 'Print results.json to stdout' })
      .option('executor', {
        type: 'string',
        default: 'scripted',
        describe: `Executor of the implementation agents: ${CASE_EXECUTORS.join('|')} (stewards always run the shared default)`,
      })
      .option('model', { type: 'string', describe: 'Model id passed to a real agent CLI' })
      .option('command', { type: 'string', describe: 'Command template for --executor command ({prompt_file} {workspace} {model} {log})' })
      .option('max-tokens-per-item', CEILING_OPTIONS['max-tokens-per-item'])
      .option('max-cost-per-item', CEILING_OPTIONS['max-cost-per-item'])
      .option('resume', {
        type: 'boolean',
        default: false,
        describe: 'Finish the run in --out: reuse items whose inputs are unchanged, run the rest',
      })
      .check((a) => {
        checkNumbers(a, RUN_RANGES);
        if (!CASE_EXECUTORS.includes(a.executor))
          throw badOption(`--executor must be one of ${CASE_EXECUTORS.join(', ')}, got "${a.executor}"`);
        if (a.executor === 'command' && !a.command)
          throw badOption('--executor command needs --command "<template>", e.g. --command "my-agent {prompt_file}"');
        if (a.command && a.executor !== 'command')
          throw badOption(`--command is only used with --executor command (got --executor ${a.executor})`);
        checkCeilings(a);
        return true;
      })
      .epilog(
        'Exit codes: 0 run completed (see results.md for passes and failures), 2 bad input, 3 infrastructure errors in some items, 70 internal error.',
      ) as never,
  handler: async (args) => {
    const loaded = loadCases(resolve(args['cases-dir']));
    const families = [...new Set(loaded.map((c) => c.family))];
    for (const f of args.family)
      if (!families.includes(f))
        throw new WaveBenchError('unknown-family', `unknown family "${f}": ${didYouMean(f, families)}`, {
          fix: '`wave-bench list --families` shows every family',
        });
    const cases = selectCases(loaded, args.case).filter((c) => args.family.length === 0 || args.family.includes(c.family));
    if (cases.length === 0)
      throw new WaveBenchError('nothing-to-run', 'no case matches both --case and --family', {
        fix: 'check the ids with `wave-bench list`',
      });
    const waveIssues = checkCaseWaves(cases);
    if (waveIssues.length) throw new InputError(waveIssues, 'fix the case files (format: docs/native-suite.md)');
    const allArms = loadArms(resolve(args['arms-dir']));
    // --ablations adds every ablation arm to the named arms (or to the base arms when none are named).
    const chosen = selectArms(allArms, args.arm.length ? args.arm : undefined);
    const arms = [...chosen, ...(args.ablations ? allArms.filter((a) => a.kind === 'ablation' && !chosen.includes(a)) : [])];
    const outDir = resolve(args.out ?? join(repoRoot(), 'reports', 'runs', new Date().toISOString().replace(/[:.]/g, '-')));
    const named = [
      ...new Set(
        args.baseline
          .flatMap((b) => b.split(','))
          .map((b) => b.trim())
          .filter(Boolean),
      ),
    ];
    // A baseline you name must be an arm file; the default ones are skipped when absent.
    for (const b of named)
      if (!allArms.some((a) => a.id === b) && !(DEFAULT_BASELINES as readonly string[]).includes(b))
        throw new WaveBenchError(
          'unknown-arm',
          `unknown reference arm "${b}": ${didYouMean(
            b,
            allArms.map((a) => a.id),
          )}`,
          { fix: '`wave-bench list --arms` shows every arm' },
        );
    // Only the baselines in the run are compared against; with none of them in it, the first arm run is.
    const inRun = named.filter((b) => arms.some((a) => a.id === b));
    if (args.baseline.join(',') !== DEFAULT_BASELINES.join(','))
      checkBaselinesInRun(
        named,
        arms.map((a) => a.id),
      );
    const baselines = inRun.length ? inRun : [arms[0]!.id];
    prepareRunDirs(outDir, args.resume, args['work-dir'] ? resolve(args['work-dir']) : undefined);
    const itemStore = createItemStore(
      outDir,
      {
        maxRetries: args['max-retries'],
        agentConcurrency: args['agent-concurrency'],
        agentTimeoutMinutes: args['agent-timeout'],
        executor: args.executor,
        model: args.model ?? null,
        command: args.command ?? null,
        ...(spendLimitOf(args) ? { spendLimit: spendLimitOf(args)! } : {}),
      },
      args.resume,
    );
    const progress = createProgress({ total: cases.length * arms.length * args.epochs, noun: 'items' });
    const note = referenceNote(
      arms.map((a) => a.id),
      named,
      baselines[0]!,
    );
    if (note) progress.note(note);
    const results = await runNativeSuite({
      cases,
      arms,
      epochs: args.epochs,
      outDir,
      ...(args['work-dir'] ? { workDir: resolve(args['work-dir']) } : {}),
      baselineArms: baselines,
      maxRetries: args['max-retries'],
      itemConcurrency: args.concurrency,
      agentConcurrency: args['agent-concurrency'],
      agentTimeoutMinutes: args['agent-timeout'],
      ...(args.seed !== undefined ? { seed: args.seed } : {}),
      executor: args.executor,
      ...(args.model ? { model: args.model } : {}),
      ...(args.command ? { command: args.command } : {}),
      ...(spendLimitOf(args) ? { spendLimit: spendLimitOf(args)! } : {}),
      commandLine: process.argv.slice(2),
      itemStore,
      reporters: Object.values(REPORTERS),
      onItem: (item) =>
        progress.itemDone(`${item.caseId} · ${item.arm}${args.epochs > 1 ? ` · epoch ${item.epoch}` : ''}`, {
          passed: item.primary.passed,
          note: describePrimary(item.primary),
        }),
    });
    progress.finish();
    const files = await writeNativeReports(outDir, results);
    if (args.json) process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    else {
      for (const a of armOverview(results.items)) {
        process.stdout.write(
          `${a.arm.padEnd(28)} ${a.passed}/${a.items} passed · mean aligned ${a.meanAlignedScore.toFixed(1)} · agent time ${seconds(a.agentProcessTimeMs)} · ${a.attempts} attempts · ${a.recordsWritten} records\n`,
        );
      }
      if (results.repeats) process.stdout.write(`${describeEpochAgreement(results.repeats)}\n`);
      if (results.comparisons.length === 0) process.stdout.write(`no comparison: ${NO_COMPARISON_HINT}\n`);
      for (const c of results.comparisons)
        process.stdout.write(
          `${c.arm} vs ${c.baseline}: Δ ${c.meanDelta.toFixed(1)} [${c.ci.low.toFixed(1)}, ${c.ci.high.toFixed(1)}] over ${c.distinctCases} cases · McNemar ${c.mcnemar.baselineOnly}/${c.mcnemar.armOnly} p=${c.mcnemar.pValue} · ${comparisonVerdict(c)}\n`,
        );
      process.stdout.write(`reports: ${files.join(', ')}\n`);
    }
    if (results.items.some((i) => i.classification === 'infra-error')) args.setExitCode(EXIT_INFRA);
  },
};
