// The option table of `wave-bench pilot run|calibrate` (docs/pilots.md): what each option means,
// its default and range, and the cross-option rules checked before any work (exit 2).
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { CLI_ENDPOINT_ENV } from '../../../orchestrator/index.js';
import { IN_CONTAINER_EXECUTORS } from '../../sandboxes/docker/agent-container.js';
import { backendOptions, type BackendArgs } from '../backend-options.js';
import { CEILING_OPTIONS, checkCeilings } from '../ceilings.js';
import { checkExecutorOptions, checkNumbers, UsageError } from '../options.js';
import { PILOT_RANGES } from '../ranges.js';
import { repoRoot } from '../../version.js';

export interface Common extends BackendArgs {
  manifest?: string;
  dataset?: string;
  task: string[];
  epochs: number;
  concurrency: number;
  'timeout-verify': number;
  resume: boolean;
  'retry-infra': number;
  'dry-run': boolean;
  out?: string;
  'image-map'?: string;
  'context-dir'?: string;
  'run-scripts'?: string;
  'builtin-verifier': boolean;
  'block-network': boolean;
  'image-archive'?: string;
  calibration?: string;
  pull: boolean;
  'build-network': boolean;
  json: boolean;
  setExitCode: (code: number) => void;
}

export function common<T>(y: Argv<T>) {
  return backendOptions(y)
    .option('manifest', { type: 'string', describe: 'Frozen pilot manifest (pilots/*.json)' })
    .option('dataset', { type: 'string', describe: 'Dataset rows: JSONL or a JSON array in the SWE-bench Pro format' })
    .option('task', { type: 'array', string: true, default: [] as string[], describe: 'Only these instance ids' })
    .option('epochs', { type: 'number', default: 1, describe: 'Repeats per task and arm' })
    .option('concurrency', { type: 'number', default: 2, describe: 'Containers in flight' })
    .option('timeout-verify', { type: 'number', default: 300, describe: 'Seconds for the test run' })
    .option('resume', { type: 'boolean', default: false, describe: 'Skip items whose result exists with the same inputs' })
    .option('retry-infra', { type: 'number', default: 0, describe: 'Re-run infrastructure-classified failures this many times' })
    .option('dry-run', { type: 'boolean', default: false, describe: 'Plan and resolve images only' })
    .option('out', { type: 'string', describe: 'Output directory (default reports/runs/pilot-<timestamp>)' })
    .option('image-map', { type: 'string', describe: 'JSON file: instance_id → image reference' })
    .option('context-dir', {
      type: 'string',
      describe: "Folder with repos/<instance_id>/ build contexts (default: the dataset file's folder)",
    })
    .option('pull', {
      type: 'boolean',
      default: true,
      describe: 'Pull a mapped or sweap image that is not local (--no-pull: local images and builds only)',
    })
    .option('build-network', {
      type: 'boolean',
      default: false,
      describe: "Give RUN steps of task image builds (a row's untrusted Dockerfile) the network; off by default",
    })
    .option('run-scripts', {
      type: 'string',
      describe: 'SWE-bench_Pro-os run_scripts/ folder: verify each task with its own run_script.sh and parser.py',
    })
    .option('builtin-verifier', {
      type: 'boolean',
      default: false,
      describe:
        'Verify SWE-bench Pro rows with the built-in per-framework command instead of their run scripts (not faithful: ids may not match)',
    })
    .option('block-network', {
      type: 'boolean',
      default: false,
      describe: "Verify with no network (SWE-bench Pro's --block_network); by default verification containers have one",
    })
    .option('image-archive', {
      type: 'string',
      describe: 'Folder of `docker save` archives (*.tar, *.tar.gz) of task images, loaded into the engine first',
    })
    .option('calibration', {
      type: 'string',
      describe: 'results.json (or run folder) of a `pilot calibrate` run: instances whose gold resolved count as proven environments',
    })
    .option('json', { type: 'boolean', default: false, describe: 'Print results.json to stdout' })
    .check((a) => {
      if (!a.manifest && !a.dataset) throw new UsageError('give --dataset (and optionally --manifest to select frozen tasks)');
      return checkNumbers(a, PILOT_RANGES);
    });
}

export interface RunArgs extends Common {
  arm: string[];
  executor: string;
  command?: string;
  model?: string;
  'timeout-agent': number;
  'max-retries': number;
  'arms-dir': string;
  'max-tokens-per-item'?: number;
  'max-cost-per-item'?: number;
  'agent-in-container'?: boolean;
  'agent-env': string[];
}

/** `pilot run`'s own options on top of the common ones. */
export function runOptions<T>(y: Argv<T>) {
  return common(y)
    .option('arm', {
      type: 'array',
      string: true,
      default: ['single-agent', 'full-wave'] as string[],
      describe: 'Arm id(s) to run each task under',
    })
    .option('executor', { type: 'string', demandOption: true, describe: 'codex, claude, opencode, command, scripted, local' })
    .option('model', { type: 'string', describe: "Model passed to the executor (default: the executor's own)" })
    .option('command', { type: 'string', describe: 'With --executor command: the template ({prompt_file} {workspace} {model} {log})' })
    .option('timeout-agent', { type: 'number', default: 1800, describe: 'Seconds per agent run' })
    .option('max-retries', { type: 'number', default: 1, describe: 'Launcher retries for arms with the retry feature' })
    .option('max-tokens-per-item', CEILING_OPTIONS['max-tokens-per-item'])
    .option('max-cost-per-item', CEILING_OPTIONS['max-cost-per-item'])
    .option('agent-in-container', {
      type: 'boolean',
      defaultDescription: 'on for codex, claude and opencode',
      describe:
        "Run the agent CLI inside the task's container (its /app, its toolchain), with no network but a route to the model endpoint; --no-agent-in-container runs it on the host",
    })
    .option('agent-env', {
      type: 'array',
      string: true,
      default: [] as string[],
      defaultDescription: "the CLI's endpoint and key variables that are set",
      describe:
        "Inside the container: names of host variables the agent gets (endpoint URL, API key); nothing else of the host's environment",
    })
    .option('arms-dir', {
      type: 'string',
      default: join(repoRoot(), 'arm-templates'),
      defaultDescription: 'arm-templates/ of this checkout',
      describe: 'Folder of arm JSON files',
    })
    .check((a) => checkExecutorOptions(a) && checkCeilings(a) && checkInContainer(a))
    .epilog('Exit codes: 0 run completed, 2 bad input, 4 no Docker engine.');
}

/** --agent-in-container: a CLI that can run there, and named variables that are set, the endpoint's among them. */
/**
 * Where `pilot run`'s agents run: inside the task container (the default for the real CLIs) with the
 * named variables, or on the host (undefined). Without --agent-env the CLI's own endpoint and key
 * variables that are set are passed.
 */
export function inContainerPlan(a: {
  executor?: unknown;
  'agent-in-container'?: unknown;
  'agent-env'?: unknown;
}): { agentEnv: string[]; defaulted: boolean } | undefined {
  const executor = String(a.executor);
  const explicit = a['agent-in-container'];
  const on = explicit === undefined ? IN_CONTAINER_EXECUTORS.includes(executor) : Boolean(explicit);
  if (!on) return undefined;
  const named = ((a['agent-env'] as string[] | undefined) ?? []).map(String);
  const agentEnv = named.length ? named : (CLI_ENDPOINT_ENV[executor] ?? []).filter((n) => process.env[n] !== undefined);
  return { agentEnv, defaulted: explicit === undefined };
}

function checkInContainer(a: { executor?: unknown; 'agent-in-container'?: unknown; 'agent-env'?: unknown }): true {
  const names = ((a['agent-env'] as string[] | undefined) ?? []).map(String);
  const plan = inContainerPlan(a);
  if (!plan) {
    if (names.length)
      throw new UsageError(
        a['agent-in-container'] === false
          ? '--agent-env only applies inside the container: drop it, or drop --no-agent-in-container (host-side agents get their endpoint variables as before)'
          : `--agent-env only applies with --agent-in-container, which runs the real CLIs (${IN_CONTAINER_EXECUTORS.join(', ')}) (host-side agents get their endpoint variables as before)`,
      );
    return true;
  }
  const executor = String(a.executor);
  if (!IN_CONTAINER_EXECUTORS.includes(executor))
    throw new UsageError(
      `--agent-in-container runs the real CLIs (${IN_CONTAINER_EXECUTORS.join(', ')}), not --executor ${executor}: scripted and command agents run on the host (drop --agent-in-container)`,
    );
  const bad = names.filter((n) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  if (bad.length) throw new UsageError(`--agent-env takes variable names, got ${bad.map((n) => JSON.stringify(n)).join(', ')}`);
  const unset = names.filter((n) => process.env[n] === undefined);
  if (unset.length) throw new UsageError(`--agent-env ${unset.join(', ')}: not set in the environment (set it, or drop the name)`);
  const endpoint = CLI_ENDPOINT_ENV[executor]?.[0];
  if (endpoint && !plan.agentEnv.includes(endpoint))
    throw new UsageError(
      names.length
        ? `--agent-in-container needs the model endpoint: pass --agent-env ${endpoint} (its host and port are the only route out of the container)`
        : `${executor} runs inside the task container by default, and its only route out is to the model endpoint in ${endpoint}, which is not set: set ${endpoint} (the API's usual address works too, e.g. ${USUAL_ENDPOINT[endpoint] ?? 'https://…'}), or run the agent on the host with --no-agent-in-container`,
    );
  return true;
}

/** The address each CLI talks to when no endpoint is set (for the message above). */
const USUAL_ENDPOINT: Record<string, string> = {
  ANTHROPIC_BASE_URL: 'https://api.anthropic.com',
  OPENAI_BASE_URL: 'https://api.openai.com/v1',
};
