// The agent phase of a pilot item (docs/pilots.md "One item", steps 2–4): the workspace at base,
// the arm's wave run by the launcher under the item's budgets, and the patch taken from the
// workspace. Ends early, with the item's class, when setup fails, the executor or the model
// endpoint failed without a patch (infrastructure), or the item's token/cost ceiling was passed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CLI_ENDPOINT_ENV,
  CLI_SPECS,
  cliExecutor,
  type Executor,
  lanePaths,
  launchWave,
  materialize,
  readCoordinationLog,
  type LaunchOutcome,
  renderWaveFile,
  type ScriptedPolicy,
  type SpendLimit,
  WaveBenchError,
} from '../../orchestrator/index.js';
import { AgentContainer } from '../sandboxes/docker/agent-container.js';
import type { Arm } from '../load/arms.js';
import { planTaskWave } from '../plan/task-wave.js';
import type { ContainerLimits } from '../sandboxes/docker/container.js';
import type { DockerClient as Docker } from '../sandboxes/docker/engine.js';
import type { OfflineNetworkPool } from '../sandboxes/docker/offline-network.js';
import { extractPatch, splitBeforeRepoSetCmd } from '../sandboxes/git.js';
import type { CompletionRunner } from '../sandboxes/runner.js';
import type { Classification, PilotCoordination, PilotItemResult, UsageTotals } from '../schema/pilot-results.js';
import type { DatasetRow } from '../schema/pilot.js';
import { sumAgentUsage } from '../score/usage.js';
import { copyOutWorkspace, extractTar } from './pilot-workspace.js';

/** Who produces an item's patch: calibration agents, a fixed patch, or an arm run by the launcher. */
export type PilotAgent =
  | { kind: 'gold' }
  | { kind: 'empty' }
  | { kind: 'patch'; name: string; patch: string }
  | {
      kind: 'arm';
      arm: Arm;
      executor: string;
      model?: string;
      agentMinutes: number;
      maxRetries: number;
      policies?: Record<string, ScriptedPolicy>;
      command?: string;
      /** Token and/or cost ceiling over all agent runs of the item (`--max-tokens-per-item`, `--max-cost-per-item`). */
      spendLimit?: SpendLimit;
      /** Run the CLI inside the task's container (`--agent-in-container`), with these host variables (`--agent-env`). */
      inContainer?: { agentEnv: string[] };
    };
export type ArmAgent = Extract<PilotAgent, { kind: 'arm' }>;

export interface AgentPhaseInput {
  agent: ArmAgent;
  row: DatasetRow;
  /** The item's folder; the workspace is `<dir>/workspace`. */
  dir: string;
  image: string;
  labels: Record<string, string>;
  docker: Docker;
  limits?: ContainerLimits;
  offlineNetworks?: OfflineNetworkPool;
  runner?: CompletionRunner;
}

/** What the agent phase left: a patch to verify, or an early end with the item's class. */
export interface AgentPhaseResult {
  patch: string;
  files: string[];
  droppedBinary: string[];
  gate: PilotItemResult['gate'];
  coordination?: PilotCoordination;
  agentLog: string;
  usage?: UsageTotals;
  durationsMs: { prepare: number; agent: number };
  /** Set when the item ends here, unverified. */
  end?: { classification: Classification; infra: boolean; detail: string };
}

const NO_PATCH = { patch: '', files: [], droppedBinary: [] };

/** Runs the arm on a fresh workspace and takes its patch; never throws for the agent's or the endpoint's failures. */
export async function runAgentPhase(input: AgentPhaseInput): Promise<AgentPhaseResult> {
  let t = performance.now();
  const workspace = join(input.dir, 'workspace');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  const prep = await copyOutWorkspace(
    input.docker,
    input.image,
    input.row,
    workspace,
    input.labels,
    input.limits,
    input.offlineNetworks,
    input.runner,
  );
  const durationsMs = { prepare: Math.round(performance.now() - t), agent: 0 };
  if (!prep.ok)
    return {
      ...NO_PATCH,
      gate: null,
      agentLog: prep.detail,
      durationsMs,
      end: { classification: 'setup-failed', infra: true, detail: prep.detail },
    };
  t = performance.now();
  let outcome: LaunchOutcome;
  try {
    outcome = input.agent.inContainer
      ? await runArmInContainer(input, workspace, input.agent.inContainer.agentEnv)
      : await runArm(input.agent, input.row, workspace, readdirSync(workspace));
  } catch (error) {
    if (!(error instanceof WaveBenchError) || !error.code.startsWith('agent-container')) throw error;
    return {
      ...NO_PATCH,
      gate: null,
      agentLog: error.message,
      durationsMs,
      end: { classification: 'setup-failed', infra: true, detail: error.message },
    };
  }
  durationsMs.agent = Math.round(performance.now() - t);
  const gate = outcome.snapshot ? { ok: outcome.snapshot.ok, statusCode: outcome.snapshot.overall.statusCode } : null;
  const agentLog = JSON.stringify(
    { exitCode: outcome.exitCode, reason: outcome.reason, attempts: outcome.attempts, runs: outcome.agentRuns },
    null,
    2,
  );
  const usage = sumAgentUsage(outcome.agentRuns);
  const common = { gate, coordination: coordinationOf(outcome, workspace), agentLog, durationsMs, ...(usage ? { usage } : {}) };
  let extracted: Awaited<ReturnType<typeof extractPatch>>;
  try {
    extracted = await extractPatch(workspace, prep.base);
  } catch (error) {
    const detail = `could not extract the patch from the workspace: ${(error as Error).message.slice(0, 300)}`;
    return { ...NO_PATCH, ...common, end: { classification: 'agent-error', infra: true, detail } };
  }
  if (outcome.budgetExceeded) return { ...extracted, ...common, end: budgetEnd(outcome) };
  const executorErrors = outcome.agentRuns.filter((r) => r.executorError);
  if (executorErrors.length && !extracted.patch.trim()) {
    const detail = executorErrors.map((r) => `${r.agentId}: ${r.executorError}`).join('; ');
    return { ...extracted, ...common, end: { classification: 'agent-error', infra: true, detail } };
  }
  return { ...extracted, ...common };
}

/** How the arm's agents coordinated, read back from the wave's state in the workspace. */
function coordinationOf(outcome: LaunchOutcome, workspace: string): PilotCoordination {
  const paths = lanePaths(workspace);
  const log = paths.coordinationLog(1);
  const records = existsSync(log) ? [...materialize(readCoordinationLog(log).records).latest()].length : 0;
  const json = <T>(file: string | undefined, fallback: T): T => {
    try {
      return file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : fallback;
    } catch {
      return fallback;
    }
  };
  const trace = outcome.traceDirs.at(-1);
  const registry = json<{ bundles?: unknown[]; active?: Record<string, unknown> }>(trace && join(trace, 'proof-registry.json'), {});
  return {
    attempts: outcome.attempts,
    records,
    responseMetrics: json<Record<string, unknown>>(join(paths.projectionsDir(1), 'metrics.json'), {}),
    proofs: { registered: registry.bundles?.length ?? 0, active: Object.keys(registry.active ?? {}).length },
    gates: (outcome.snapshot?.gates ?? []).map((g) => ({ ...g })),
  };
}

/** The item passed its token/cost ceiling: the agents' spend, not the infrastructure; its patch is kept but not verified. */
function budgetEnd(outcome: LaunchOutcome): NonNullable<AgentPhaseResult['end']> {
  const stopped = outcome.agentRuns.filter((r) => r.budgetExhausted === 'tokens' || r.budgetExhausted === 'cost');
  const who = stopped.map((r) => `${r.agentId}${r.notStarted ? ' (not started)' : ''}`).join(', ');
  return {
    classification: 'budget-exceeded',
    infra: false,
    detail: `${outcome.budgetExceeded!.detail}${who ? `; stopped: ${who}` : ''}; the patch at that point is kept, not verified`,
  };
}

/**
 * The arm with its CLI inside the task's container: the wave's state stays in the host workspace,
 * the agent works in the container's /app, and /app is copied back over the host workspace after
 * the agents (so the patch is what the agent left in the container).
 */
async function runArmInContainer(input: AgentPhaseInput, workspace: string, names: string[]): Promise<LaunchOutcome> {
  const { agent, row } = input;
  const agentEnv = Object.fromEntries(names.map((n) => [n, process.env[n] ?? '']));
  const endpointVar = CLI_ENDPOINT_ENV[agent.executor]?.[0] ?? '';
  const c = await AgentContainer.start({
    docker: input.docker,
    image: input.image,
    setup: splitBeforeRepoSetCmd(row.before_repo_set_cmd, row.base_commit).setup,
    labels: input.labels,
    ...(input.limits ? { limits: input.limits } : {}),
    cli: agent.executor,
    endpoint: agentEnv[endpointVar] ?? '',
    agentEnv,
    controlWorkspace: workspace,
    // --backend swarm: the agents run in a job on any node, not in a container of this engine
    ...(input.runner?.agentBoxes ? { box: input.runner.agentBoxes } : {}),
  });
  try {
    const executors = { [agent.executor]: cliExecutor(CLI_SPECS[agent.executor]!, c.placement()) };
    const outcome = await runArm(agent, row, workspace, await c.topLevel(), executors);
    await c.stopAgents();
    for (const entry of readdirSync(workspace))
      if (!KEPT_ON_HOST.includes(entry)) rmSync(join(workspace, entry), { recursive: true, force: true });
    await extractTar(await c.appArchive(), workspace, 'app/');
    return outcome;
  } finally {
    await c.dispose();
  }
}

const KEPT_ON_HOST = ['.git', '.wave', '.wave-task']; // the base commit and the launcher's state

/** The arm's wave for this task, written into the workspace and launched there. */
async function runArm(
  agent: ArmAgent,
  row: DatasetRow,
  workspace: string,
  topLevel: string[],
  executors?: Record<string, Executor>,
): Promise<LaunchOutcome> {
  const executorFor = (id: string): Record<string, string> =>
    agent.executor === 'scripted'
      ? { id: 'scripted', policy: `.wave-task/policies/${id}.json` }
      : agent.command
        ? { id: agent.executor, command: agent.command }
        : { id: agent.executor };
  const wave = planTaskWave(
    {
      instanceId: row.instance_id,
      repo: row.repo,
      problemStatement: row.problem_statement,
      requirements: row.requirements,
      interface: row.interface,
    },
    { topLevel, fullWave: agent.arm.features.closure, executorFor },
  );
  mkdirSync(join(workspace, '.wave-task', 'policies'), { recursive: true });
  for (const [id, policy] of Object.entries(agent.policies ?? {}))
    writeFileSync(join(workspace, '.wave-task', 'policies', `${id}.json`), JSON.stringify(policy));
  writeFileSync(join(workspace, '.wave-task', 'wave-1.md'), renderWaveFile(wave));
  return launchWave({
    workspace,
    waveFile: join(workspace, '.wave-task', 'wave-1.md'),
    features: agent.arm.features,
    maxRetries: agent.maxRetries,
    agentTimeoutMinutes: agent.agentMinutes,
    ...(agent.model ? { model: agent.model } : {}),
    ...(agent.spendLimit ? { spendLimit: agent.spendLimit } : {}),
    ...(executors ? { executors } : {}),
    runId: `pilot-${row.instance_id}`,
  });
}
