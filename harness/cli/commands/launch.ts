// `wave-bench launch`: run one wave with the orchestrator (SPEC 2.7).
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { loadArms, selectArms } from '../../load/arms.js';
import { repoRoot } from '../../version.js';
import { checkExecutorOptions, checkIdOptions, checkNumbers } from '../options.js';
import { LAUNCH_RANGES } from '../ranges.js';
import type { CommandModule } from 'yargs';
import {
  DEFAULT_MAX_RETRIES,
  WaveBenchError,
  escapeControl,
  escapeLine,
  launchWave,
  launchWaves,
  type LauncherEvent,
  type LaunchOutcome,
  type MultiWaveOutcome,
} from '../../../orchestrator/index.js';
import { UsageError } from '../options.js';
import { laneLaunchSettings, loadLaneConfig } from '../../load/lane-config.js';

interface LaunchArgs {
  'wave-file'?: string;
  'waves-dir'?: string;
  'start-wave'?: number;
  'end-wave'?: number;
  'auto-next': boolean;
  'reconcile-status': boolean;
  'human-timeout'?: number;
  triage: boolean;
  'orchestrator-board'?: string;
  'resident-orchestrator': boolean;
  'orchestrator-executor'?: string;
  'orchestrator-option': string[];
  'coordination-note'?: string;
  workspace: string;
  lane: string;
  executor?: string;
  model?: string;
  config?: string;
  concurrency?: number;
  'max-retries'?: number;
  'agent-timeout'?: number;
  'wave-timeout'?: number;
  'max-turns'?: number;
  'max-tokens'?: number;
  'max-cost'?: number;
  'dry-run': boolean;
  'env-allow': string[];
  json: boolean;
  arm?: string;
  setExitCode: (code: number) => void;
}

function describeEvent(e: LauncherEvent): string | undefined {
  switch (e.type) {
    case 'attempt-start':
      return `attempt ${e.attempt}: running ${e.agents.join(', ') || '(no implementation agents)'}`;
    case 'agent-end':
      return `  ${e.agentId} finished: ${'error' in e.result ? `executor error: ${e.result.error}` : e.result.timedOut ? 'timed out' : `exit ${e.result.exitCode}`}`;
    case 'stage':
      return `  closure ${e.stage}: ${e.ok ? 'pass' : e.statusCode}`;
    case 'alert':
      return `  alert ${e.alert}: ${e.detail}`;
    case 'attempt-end':
      return `attempt ${e.attempt}: ${e.ok ? 'PASS' : `FAIL (${e.statusCode})`}`;
    case 'message':
      return e.text;
    default:
      return undefined;
  }
}

/** A one-line live status on a TTY: attempt, agent states, phase, open coordination, alerts. */
export function createLaunchStatus(stream: NodeJS.WriteStream) {
  const states = new Map<string, string>();
  let attempt = 0;
  let phase = 'starting';
  let alerts = 0;
  let coordination = 'open 0';
  const redraw = () => {
    const agents = [...states.entries()].map(([id, s]) => `${id}:${s}`).join(' ');
    stream.write(
      `\r\x1b[2K${escapeLine(`attempt ${attempt} · ${phase} · ${agents} · ${coordination} · alerts ${alerts}`)}`.slice(
        0,
        (stream.columns ?? 120) - 1,
      ),
    );
  };
  return (e: LauncherEvent) => {
    if (e.type === 'attempt-start') {
      attempt = e.attempt;
      phase = 'implementation';
      e.agents.forEach((id) => states.set(id, 'queued'));
    }
    if (e.type === 'agent-start') states.set(e.agentId, 'running');
    if (e.type === 'agent-end')
      states.set(e.agentId, 'error' in e.result ? 'executor-error' : e.result.timedOut ? 'timeout' : `exit${e.result.exitCode}`);
    if (e.type === 'stage') phase = `${e.stage} ${e.ok ? 'pass' : e.statusCode}`;
    if (e.type === 'alert') alerts += 1;
    if (e.type === 'coordination')
      coordination = `open ${e.open} (blockers ${e.openBlockers}) · overdue acks ${e.overdueAcks} · stale clarifications ${e.overdueClarifications}`;
    if (e.type === 'attempt-end') {
      phase = e.ok ? 'PASS' : `FAIL ${e.statusCode}`;
      redraw();
      stream.write('\n');
      return;
    }
    // Messages (questions for a person, the answer command, triage steps) are printed whole above the status line.
    if (e.type === 'message') stream.write(`\r\x1b[2K${escapeLine(e.text)}\n`);
    redraw();
  };
}

export function printOutcome(outcome: LaunchOutcome, write: (s: string) => void): void {
  write(escapeControl(`${outcome.ok ? 'PASS' : 'FAIL'} wave ${outcome.wave} after ${outcome.attempts} attempt(s): ${outcome.reason}\n`));
  if (outcome.traceDirs.length) write(`trace: ${outcome.traceDirs.at(-1)}\n`);
}

/** Agents write anywhere in their workspace: refuse the wave-bench checkout and any folder holding it. */
export function checkWorkspace(workspace: string): string {
  const real = (p: string) => (existsSync(p) ? realpathSync(p) : p);
  const ws = real(workspace);
  const checkout = real(repoRoot());
  if (checkout === ws || checkout.startsWith(ws.endsWith(sep) ? ws : ws + sep)) {
    throw new WaveBenchError(
      'workspace-is-checkout',
      `--workspace ${workspace} ${checkout === ws ? 'is' : 'contains'} the wave-bench checkout (${checkout}); agents would write into it`,
      { fix: 'give --workspace the repository the agents should work in, e.g. a copy made with `git worktree add` or `cp -r`' },
    );
  }
  return workspace;
}

/** The resident orchestrator's executor settings from --orchestrator-executor and --orchestrator-option key=value. */
function residentExecutor(id: string | undefined, options: string[]): Record<string, string> {
  const out: Record<string, string> = id ? { id } : {};
  for (const o of options) {
    const m = /^([a-z][a-z0-9-]*)=(.*)$/.exec(o);
    if (!m) throw new UsageError(`--orchestrator-option "${o}" is not key=value (e.g. policy=orch.json)`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

function checkWaveSource(a: {
  'wave-file'?: unknown;
  'waves-dir'?: unknown;
  'start-wave'?: unknown;
  'end-wave'?: unknown;
  'auto-next'?: unknown;
  'reconcile-status'?: unknown;
}): true {
  if (!a['wave-file'] === !a['waves-dir'])
    throw new UsageError("name exactly one of --wave-file <wave-N.md> (one wave) or --waves-dir <dir> (the lane's waves in order)");
  if (a['wave-file'] && (a['start-wave'] !== undefined || a['end-wave'] !== undefined || a['auto-next'] || a['reconcile-status']))
    throw new UsageError('--start-wave, --end-wave, --auto-next and --reconcile-status go with --waves-dir, not --wave-file');
  return true;
}

export function printMultiOutcome(outcome: MultiWaveOutcome, write: (s: string) => void): void {
  for (const s of outcome.skipped) write(`skip wave ${s.wave}: ${s.reason}\n`);
  for (const r of outcome.ran) printOutcome(r.outcome, write);
  write(escapeControl(`${outcome.ok ? 'PASS' : 'FAIL'} ${outcome.reason}\n`));
  write(`run state: ${outcome.runStateFile}\n`);
}

export const launchCommand: CommandModule<object, LaunchArgs> = {
  command: 'launch',
  describe: "Run one wave, or a lane's waves in order (exit 0 only when every gate snapshot passes)",
  builder: (y) =>
    y
      .option('wave-file', { type: 'string', describe: 'Path of one wave-<N>.md file to run' })
      .option('waves-dir', {
        type: 'string',
        describe: "Directory of a lane's wave-<N>.md files: run them in order (run state in .wave/<lane>/run-state.json)",
      })
      .option('start-wave', { type: 'number', describe: 'With --waves-dir: first wave to run (default: the lowest)' })
      .option('end-wave', {
        type: 'number',
        describe: 'With --waves-dir: last wave to run (default: --start-wave, or the last with --auto-next)',
      })
      .option('auto-next', {
        type: 'boolean',
        default: false,
        describe: 'With --waves-dir: start at the first wave not yet completed and continue to --end-wave (or the last)',
      })
      .option('reconcile-status', {
        type: 'boolean',
        default: false,
        describe: "With --waves-dir: rebuild the run state from the lane's control logs first",
      })
      .option('workspace', {
        type: 'string',
        demandOption: true,
        describe: 'Repository the agents work in (they write there; state goes to <workspace>/.wave/<lane>); never the wave-bench checkout',
      })
      .option('lane', { type: 'string', default: 'main', describe: 'Lane name (state goes to <workspace>/.wave/<lane>)' })
      .option('executor', {
        type: 'string',
        describe: "Override every agent's executor: scripted, local, command, codex, claude, opencode",
      })
      .option('model', {
        type: 'string',
        describe: "Model passed to every agent's executor (default: the agent's, then the lane config's, then the executor's own)",
      })
      .option('config', {
        type: 'string',
        describe: 'Project config with per-lane defaults (default: <workspace>/wave-bench.config.json when present); flags override it',
      })
      .option('concurrency', { type: 'number', describe: 'Agents run at once (default: lane config, else 4)' })
      .option('max-retries', {
        type: 'number',
        describe: `Attempts after the first when the arm has the retry feature (default: lane config, else ${DEFAULT_MAX_RETRIES})`,
      })
      .option('agent-timeout', {
        type: 'number',
        describe: "Minutes per agent run (default: lane config, else the agent's timeout-minutes, else 30)",
      })
      .option('wave-timeout', {
        type: 'number',
        describe:
          'Minutes (fractions allowed) after which the wave stops: running agents are killed, exit 45; the same command resumes (default: lane config, else none)',
      })
      .option('max-turns', { type: 'number', describe: 'Turn limit per agent run, for executors that have one' })
      .option('max-tokens', {
        type: 'number',
        describe:
          'Token ceiling over all agent runs of the wave (each wave with --waves-dir), as the CLIs report it; passing it stops the agents and the wave fails budget-exceeded',
      })
      .option('max-cost', {
        type: 'number',
        describe:
          'Cost ceiling in USD over all agent runs of the wave, priced from the price table; passing it stops the agents and the wave fails budget-exceeded',
      })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Write prompts, projections and executor previews; run nothing' })
      .option('env-allow', { type: 'array', string: true, default: [] as string[], describe: 'Host environment variables agents may see' })
      .option('human-timeout', {
        type: 'number',
        describe:
          "Minutes to wait for a person to answer an agent's question (0: do not wait; the attempt ends with it open; default: lane config, else 30)",
      })
      .option('triage', {
        type: 'boolean',
        default: true,
        describe: 'Route clarifications to agents that can answer before asking a person (--no-triage: off)',
      })
      .option('resident-orchestrator', {
        type: 'boolean',
        default: false,
        describe:
          'Run a resident orchestrator agent alongside the wave: it reads the summary and board and posts orchestrator-guidance to agents',
      })
      .option('orchestrator-executor', {
        type: 'string',
        describe: 'Executor of the resident orchestrator (default: --executor, else local)',
      })
      .option('orchestrator-option', {
        type: 'array',
        string: true,
        default: [] as string[],
        describe:
          "key=value executor settings of the resident orchestrator, as under a wave file's ### Executor (e.g. policy=orch.json, model=...)",
      })
      .option('orchestrator-board', {
        type: 'string',
        describe: "Keep a markdown board of the wave's open coordination and guidance in this file while it runs",
      })
      .option('coordination-note', {
        type: 'string',
        describe: 'Post this note as orchestrator guidance to every agent when the wave starts (once per wave and text)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the outcome as JSON' })
      .option('arm', {
        type: 'string',
        describe: "Run under an arm's features (arm-templates/<id>.json), e.g. single-agent; default full-wave",
      })
      .check((a) => checkIdOptions(a, ['lane']) && checkNumbers(a, LAUNCH_RANGES) && checkExecutorOptions(a, false) && checkWaveSource(a))
      .epilog(
        "Exit codes: 0 wave passed, 1 gates failed after all retries or the --max-tokens/--max-cost ceiling was passed (agents stopped), 2 bad input, 32 lane locked by a live launcher, 43 no safe relaunch target, 44 a wave's declared dependency has not completed, 45 the wave's time budget was spent (running agents stopped; the same command resumes), 70 internal error.",
      ) as never,
  handler: async (args) => {
    const workspace = checkWorkspace(resolve(args.workspace));
    const features = args.arm ? selectArms(loadArms(join(repoRoot(), 'arm-templates')), [args.arm])[0]!.features : undefined;
    const onEvent =
      process.stderr.isTTY && !args.json
        ? createLaunchStatus(process.stderr)
        : (e: LauncherEvent) => {
            const line = args.json ? undefined : describeEvent(e);
            if (line) process.stderr.write(`${escapeControl(line)}\n`);
          };
    const lane = laneLaunchSettings(loadLaneConfig(workspace, args.lane, args.config), {
      ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
      ...(args['max-retries'] !== undefined ? { maxRetries: args['max-retries'] } : {}),
      ...(args['agent-timeout'] !== undefined ? { agentTimeoutMinutes: args['agent-timeout'] } : {}),
      ...(args['wave-timeout'] !== undefined ? { waveTimeoutMinutes: args['wave-timeout'] } : {}),
      ...(args['human-timeout'] !== undefined ? { humanTimeoutMinutes: args['human-timeout'] } : {}),
    });
    const sources = {
      ...lane.sources,
      ...(args.executor ? { executor: 'flag' } : {}),
      ...(args.model ? { model: 'flag' } : {}),
      ...(args.arm ? { features: `arm:${args.arm}` } : {}),
    };
    const common = {
      ...lane.options,
      ...(features ? { features } : {}),
      workspace,
      lane: args.lane,
      ...(args.executor ? { executor: args.executor } : {}),
      ...(args.model ? { model: args.model } : {}),
      ...(args['max-turns'] ? { maxTurns: args['max-turns'] } : {}),
      ...(args['max-tokens'] !== undefined || args['max-cost'] !== undefined
        ? {
            spendLimit: {
              ...(args['max-tokens'] !== undefined ? { tokens: args['max-tokens'] } : {}),
              ...(args['max-cost'] !== undefined ? { costUsd: args['max-cost'] } : {}),
            },
          }
        : {}),
      dryRun: args['dry-run'],
      envAllowlist: args['env-allow'],
      ...(lane.humanTimeoutMinutes > 0 ? { humanLoop: { timeoutMinutes: lane.humanTimeoutMinutes, triage: args.triage } } : {}),
      ...(args['resident-orchestrator']
        ? { residentOrchestrator: { executor: residentExecutor(args['orchestrator-executor'], args['orchestrator-option']) } }
        : {}),
      ...(args['orchestrator-board'] ? { orchestratorBoard: resolve(args['orchestrator-board']) } : {}),
      ...(args['coordination-note'] ? { coordinationNote: args['coordination-note'] } : {}),
      settingsSources: sources,
      onEvent,
    };
    if (args['waves-dir']) {
      const multi = await launchWaves({
        ...common,
        wavesDir: resolve(args['waves-dir']),
        ...(args['start-wave'] !== undefined ? { startWave: args['start-wave'] } : {}),
        ...(args['end-wave'] !== undefined ? { endWave: args['end-wave'] } : {}),
        autoNext: args['auto-next'],
        reconcile: args['reconcile-status'],
      });
      if (args.json) process.stdout.write(JSON.stringify(multi, null, 2) + '\n');
      else printMultiOutcome(multi, (s) => process.stdout.write(s));
      args.setExitCode(multi.exitCode);
      return;
    }
    const outcome = await launchWave({ ...common, waveFile: resolve(args['wave-file']!) });
    if (args.json) process.stdout.write(JSON.stringify(outcome, null, 2) + '\n');
    else printOutcome(outcome, (s) => process.stdout.write(s));
    args.setExitCode(outcome.exitCode);
  },
};
