// `wave-bench launch`: run one wave with the orchestrator (SPEC 2.7).
import { existsSync, realpathSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { loadArms, selectArms } from '../../load/arms.js';
import { repoRoot } from '../version.js';
import { checkExecutorOptions, checkIdOptions, checkNumbers } from '../options.js';
import { LAUNCH_RANGES } from '../ranges.js';
import type { CommandModule } from 'yargs';
import { DEFAULT_MAX_RETRIES, WaveBenchError, escapeControl, escapeLine, launchWave, type LauncherEvent, type LaunchOutcome } from '../../../orchestrator/index.js';

interface LaunchArgs {
  'wave-file': string;
  workspace: string;
  lane: string;
  executor?: string;
  model?: string;
  concurrency: number;
  'max-retries': number;
  'agent-timeout': number;
  'max-turns'?: number;
  'dry-run': boolean;
  'env-allow': string[];
  json: boolean;
  arm?: string;
  setExitCode: (code: number) => void;
}

function describeEvent(e: LauncherEvent): string | undefined {
  switch (e.type) {
    case 'attempt-start': return `attempt ${e.attempt}: running ${e.agents.join(', ') || '(no implementation agents)'}`;
    case 'agent-end': return `  ${e.agentId} finished: ${'error' in e.result ? `executor error: ${e.result.error}` : e.result.timedOut ? 'timed out' : `exit ${e.result.exitCode}`}`;
    case 'stage': return `  closure ${e.stage}: ${e.ok ? 'pass' : e.statusCode}`;
    case 'alert': return `  alert ${e.alert}: ${e.detail}`;
    case 'attempt-end': return `attempt ${e.attempt}: ${e.ok ? 'PASS' : `FAIL (${e.statusCode})`}`;
    case 'message': return e.text;
    default: return undefined;
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
    stream.write(`\r\x1b[2K${escapeLine(`attempt ${attempt} · ${phase} · ${agents} · ${coordination} · alerts ${alerts}`)}`.slice(0, (stream.columns ?? 120) - 1));
  };
  return (e: LauncherEvent) => {
    if (e.type === 'attempt-start') { attempt = e.attempt; phase = 'implementation'; e.agents.forEach((id) => states.set(id, 'queued')); }
    if (e.type === 'agent-start') states.set(e.agentId, 'running');
    if (e.type === 'agent-end') states.set(e.agentId, 'error' in e.result ? 'executor-error' : e.result.timedOut ? 'timeout' : `exit${e.result.exitCode}`);
    if (e.type === 'stage') phase = `${e.stage} ${e.ok ? 'pass' : e.statusCode}`;
    if (e.type === 'alert') alerts += 1;
    if (e.type === 'coordination') coordination = `open ${e.open} (blockers ${e.openBlockers}) · overdue acks ${e.overdueAcks} · stale clarifications ${e.overdueClarifications}`;
    if (e.type === 'attempt-end') { phase = e.ok ? 'PASS' : `FAIL ${e.statusCode}`; redraw(); stream.write('\n'); return; }
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
    throw new WaveBenchError('workspace-is-checkout', `--workspace ${workspace} ${checkout === ws ? 'is' : 'contains'} the wave-bench checkout (${checkout}); agents would write into it`, { fix: 'give --workspace the repository the agents should work in, e.g. a copy made with `git worktree add` or `cp -r`' });
  }
  return workspace;
}

export const launchCommand: CommandModule<object, LaunchArgs> = {
  command: 'launch',
  describe: 'Run one wave to completion (exit 0 only when its gate snapshot passes)',
  builder: (y) =>
    y
      .option('wave-file', { type: 'string', demandOption: true, describe: 'Path of a wave-<N>.md file' })
      .option('workspace', { type: 'string', demandOption: true, describe: 'Repository the agents work in (they write there; state goes to <workspace>/.wave/<lane>); never the wave-bench checkout' })
      .option('lane', { type: 'string', default: 'main', describe: 'Lane name (state goes to <workspace>/.wave/<lane>)' })
      .option('executor', { type: 'string', describe: 'Override every agent\'s executor: scripted, local, command, codex, claude, opencode' })
      .option('model', { type: 'string', describe: 'Model passed to every agent\'s executor (default: the executor\'s own)' })
      .option('concurrency', { type: 'number', default: 4, describe: 'Agents run at once' })
      .option('max-retries', { type: 'number', default: DEFAULT_MAX_RETRIES, describe: 'Attempts after the first (when the arm has the retry feature)' })
      .option('agent-timeout', { type: 'number', default: 30, describe: 'Minutes per agent run' })
      .option('max-turns', { type: 'number', describe: 'Turn limit per agent run, for executors that have one' })
      .option('dry-run', { type: 'boolean', default: false, describe: 'Write prompts, projections and executor previews; run nothing' })
      .option('env-allow', { type: 'array', string: true, default: [] as string[], describe: 'Host environment variables agents may see' })
      .option('json', { type: 'boolean', default: false, describe: 'Print the outcome as JSON' })
      .option('arm', { type: 'string', describe: 'Run under an arm\'s features (arm-templates/<id>.json), e.g. single-agent; default full-wave' })
      .check((a) => checkIdOptions(a, ['lane']) && checkNumbers(a, LAUNCH_RANGES) && checkExecutorOptions(a, false))
      .epilog('Exit codes: 0 wave passed, 1 gates failed after all retries, 2 bad input, 32 lane locked by a live launcher, 43 no safe relaunch target, 70 internal error.') as never,
  handler: async (args) => {
    const workspace = checkWorkspace(resolve(args.workspace));
    const features = args.arm ? selectArms(loadArms(join(repoRoot(), 'arm-templates')), [args.arm])[0]!.features : undefined;
    const outcome = await launchWave({
      ...(features ? { features } : {}),
      workspace,
      waveFile: resolve(args['wave-file']),
      lane: args.lane,
      ...(args.executor ? { executor: args.executor } : {}),
      ...(args.model ? { model: args.model } : {}),
      concurrency: args.concurrency,
      maxRetries: args['max-retries'],
      agentTimeoutMinutes: args['agent-timeout'],
      ...(args['max-turns'] ? { maxTurns: args['max-turns'] } : {}),
      dryRun: args['dry-run'],
      envAllowlist: args['env-allow'],
      onEvent: process.stderr.isTTY && !args.json ? createLaunchStatus(process.stderr) : (e) => {
        const line = args.json ? undefined : describeEvent(e);
        if (line) process.stderr.write(`${escapeControl(line)}\n`);
      },
    });
    if (args.json) process.stdout.write(JSON.stringify(outcome, null, 2) + '\n');
    else printOutcome(outcome, (s) => process.stdout.write(s));
    args.setExitCode(outcome.exitCode);
  },
};
