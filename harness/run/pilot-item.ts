// One SWE-bench Pro item (task × arm-or-agent × epoch) through Docker (SPEC 3.5 steps 1–7): image,
// workspace at base, the arm, patch extraction, verification in a fresh container, classification,
// and atomic per-item artifacts.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { DockerClient as Docker } from '../sandboxes/docker/engine.js';
import tar from 'tar-stream';
import { launchWave, renderWaveFile, type LaunchOutcome, type ScriptedPolicy } from '../../orchestrator/index.js';
import type { Arm } from '../load/arms.js';
import { planTaskWave } from '../plan/task-wave.js';
import { sumAgentUsage } from '../score/usage.js';
import { writeFileAtomic } from '../fs/write-file.js';
import type { DatasetRow } from '../schema/pilot.js';
import { withContainer, type ContainerLimits } from '../sandboxes/docker/container.js';
import type { OfflineNetworkPool } from '../sandboxes/docker/offline-network.js';
import type { CompletionRunner } from '../sandboxes/runner.js';
import { workspaceArchive } from '../sandboxes/swarm/workspace.js';
import { ImageUnavailableError, resolveTaskImage, type ImageResolveOptions } from '../sandboxes/docker/task-image.js';
import { commitTaskBase, extractPatch, splitBeforeRepoSetCmd } from '../sandboxes/git.js';
import type { PilotItemResult, ResolvedImage, UsageTotals, VerifyNetwork } from '../schema/pilot-results.js';
import { frameworkOf, verifyPatch } from './pilot-verify.js';
import { classifyItem } from './pilot-classify.js';
import type { LoadedRunScripts } from '../load/run-scripts.js';

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
    };

export interface PilotItemSettings {
  docker: Docker;
  outDir: string;
  runId: string;
  images: ImageResolveOptions;
  verifyTimeoutSec: number;
  limits?: ContainerLimits;
  /** SWE-bench Pro's run_script.sh + parser.py per instance (`--run-scripts`). */
  runScripts?: ReadonlyMap<string, LoadedRunScripts>;
  /** Pooled loopback-only network namespaces for the run's containers (runPilot makes one). */
  offlineNetworks?: OfflineNetworkPool;
  /** Network of verification containers (default `none`; `pilot run` gives `bridge` unless --block-network or the engine has none). */
  verifyNetwork?: VerifyNetwork;
  /** Pooled namespaces on the bridge for verification with the network (runPilot makes one when verifyNetwork is `bridge`). */
  bridgeNetworks?: OfflineNetworkPool;
  /**
   * Instances whose calibration proved the environment runs its tests (gold resolved in every
   * epoch), with the image digest it was proved on: a different image is a different environment.
   */
  provenEnvironments?: ReadonlyMap<string, string>;
  /** Where run-to-completion containers run (`--backend local|swarm`); the local engine when absent. */
  runner?: CompletionRunner;
}

const PATCH_EXCERPT_CHARS = 4_096;

export const agentLabel = (a: PilotAgent) => (a.kind === 'arm' ? a.arm.id : a.kind === 'patch' ? `patch-${a.name}` : a.kind);
export const safeName = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

/** Calibration proved this instance's environment on this very image. */
export const isProven = (proven: ReadonlyMap<string, string> | undefined, instanceId: string, imageDigest: string) =>
  proven?.get(instanceId) === imageDigest;

/** How an item's tests are run and read, as recorded in its result. */
export const verifierLabel = (row: DatasetRow, scripts?: LoadedRunScripts) =>
  scripts ? `run_script.sh ${scripts.sha256.slice(0, 12)}` : `framework ${frameworkOf(row)}`;

/** The hash of everything that determines an item's result; --resume re-runs when it changes. */
/** The verification settings an item's verdict depends on: any change re-verifies on --resume. */
export const verificationSettings = (
  s: Pick<PilotItemSettings, 'verifyTimeoutSec' | 'limits' | 'verifyNetwork'>,
  environmentProven = false,
) => ({ timeoutSec: s.verifyTimeoutSec, limits: s.limits ?? null, network: s.verifyNetwork ?? 'none', environmentProven });

export function itemInputHash(
  row: DatasetRow,
  agent: PilotAgent,
  epoch: number,
  imageDigest: string,
  runScripts: LoadedRunScripts | undefined,
  verification: ReturnType<typeof verificationSettings>,
): string {
  const agentPart =
    agent.kind === 'arm'
      ? {
          arm: agent.arm.id,
          features: agent.arm.features,
          executor: agent.executor,
          command: agent.command ?? null,
          model: agent.model ?? null,
          minutes: agent.agentMinutes,
          retries: agent.maxRetries,
          policies: agent.policies ?? null,
        }
      : agent.kind === 'patch'
        ? { patch: agent.patch }
        : { kind: agent.kind };
  // Verification settings are part of the hash (a changed --timeout-verify re-verifies), so runs
  // stored before they were re-run on --resume once.
  return createHash('sha256')
    .update(JSON.stringify({ row, agentPart, epoch, imageDigest, ...(runScripts ? { runScripts: runScripts.sha256 } : {}), verification }))
    .digest('hex');
}

/** The task tree at its base, copied out of a container into `dest` as a fresh one-commit repository. */
async function copyOutWorkspace(
  docker: Docker,
  image: string,
  row: DatasetRow,
  dest: string,
  labels: Record<string, string>,
  limits?: ContainerLimits,
  offlineNetworks?: OfflineNetworkPool,
  runner?: CompletionRunner,
): Promise<{ ok: true; base: string } | { ok: false; detail: string }> {
  if (runner?.backend === 'swarm') {
    const packed = await workspaceArchive(runner, {
      image,
      labels,
      ...(limits ? { limits } : {}),
      setup: splitBeforeRepoSetCmd(row.before_repo_set_cmd, row.base_commit).setup,
    });
    if (!packed.ok) return packed;
    await extractTar(Readable.from([packed.tar]), dest, 'app/');
    return { ok: true, base: await commitTaskBase(dest) };
  }
  const copied = await withContainer(
    docker,
    { image, labels, ...(limits ? { limits } : {}), ...(offlineNetworks ? { offlineNetworks } : {}) },
    async (c) => {
      // Only the setup part of before_repo_set_cmd: its test staging is for verification alone.
      const { setup } = splitBeforeRepoSetCmd(row.before_repo_set_cmd, row.base_commit);
      if (setup.length) {
        const set = await c.exec(['sh', '-c', `cd /app && ${setup.join(' && ')}`], { timeoutSec: 300 });
        if (set.exitCode !== 0)
          return { ok: false as const, detail: `before_repo_set_cmd failed (${set.exitCode}): ${set.stderr.slice(0, 500)}` };
      }
      await extractTar(await c.getArchiveStream('/app'), dest, 'app/');
      return { ok: true as const };
    },
  );
  if (!copied.ok) return copied;
  return { ok: true, base: await commitTaskBase(dest) };
}

async function extractTar(archive: NodeJS.ReadableStream, dest: string, prefix: string): Promise<void> {
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const name = header.name.startsWith(prefix) ? header.name.slice(prefix.length) : header.name;
      const target = join(dest, name);
      // No path escapes the workspace, and no git metadata comes along (the task's history holds its future).
      if (!name || name.split('/').includes('..') || name.split('/').includes('.git')) {
        stream.resume();
        return next();
      }
      if (header.type === 'directory') {
        mkdirSync(target, { recursive: true });
        stream.resume();
        return next();
      }
      if (header.type !== 'file') {
        stream.resume();
        return next();
      }
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => chunks.push(Buffer.from(c as Buffer)));
      stream.on('end', () => {
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileSync(target, Buffer.concat(chunks), { mode: header.mode ?? 0o644 });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  archive.pipe(extract);
  await done;
}

async function runArm(
  agent: Extract<PilotAgent, { kind: 'arm' }>,
  row: DatasetRow,
  workspace: string,
): Promise<{ outcome: LaunchOutcome }> {
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
    { topLevel: readdirSync(workspace), fullWave: agent.arm.features.closure, executorFor },
  );
  mkdirSync(join(workspace, '.wave-task', 'policies'), { recursive: true });
  for (const [id, policy] of Object.entries(agent.policies ?? {}))
    writeFileSync(join(workspace, '.wave-task', 'policies', `${id}.json`), JSON.stringify(policy));
  writeFileSync(join(workspace, '.wave-task', 'wave-1.md'), renderWaveFile(wave));
  const outcome = await launchWave({
    workspace,
    waveFile: join(workspace, '.wave-task', 'wave-1.md'),
    features: agent.arm.features,
    maxRetries: agent.maxRetries,
    agentTimeoutMinutes: agent.agentMinutes,
    ...(agent.model ? { model: agent.model } : {}),
    runId: `pilot-${row.instance_id}`,
  });
  return { outcome };
}

/** Runs one item to a classified result; only a vanished engine throws. */
export async function runPilotItem(row: DatasetRow, agent: PilotAgent, epoch: number, s: PilotItemSettings): Promise<PilotItemResult> {
  const started = performance.now();
  const arm = agentLabel(agent);
  const itemId = `${row.instance_id}::${arm}::${epoch}`;
  const dir = join(s.outDir, 'items', safeName(itemId));
  mkdirSync(dir, { recursive: true });
  const labels = { 'wave-bench.run': s.runId, 'wave-bench.item': safeName(itemId).slice(0, 60) };
  const d = { image: 0, prepare: 0, agent: 0, verify: 0, tests: 0, total: 0 };
  const scripts = s.runScripts?.get(row.instance_id);
  const verifyNetwork: VerifyNetwork = s.verifyNetwork ?? 'none';
  const base = {
    itemId,
    instanceId: row.instance_id,
    repo: row.repo,
    language: row.repo_language,
    arm,
    epoch,
    verifier: verifierLabel(row, scripts),
    verifyNetwork,
    environmentProven: false,
    artifacts: { dir },
  };
  let t = performance.now();
  let image: ResolvedImage;
  try {
    image = await resolveTaskImage(s.docker, row, s.images);
  } catch (error) {
    if (!(error instanceof ImageUnavailableError)) throw error;
    d.image = Math.round(performance.now() - t);
    return finish(
      dir,
      {
        ...base,
        resolved: false,
        classification: 'image-unavailable',
        infra: true,
        detail: error.message,
        image: null,
        patch: { bytes: 0, files: [], droppedBinary: [] },
        tests: { failToPass: {}, passToPass: {}, exitCode: null },
        gate: null,
        durationsMs: { ...d, total: Math.round(performance.now() - started) },
        inputHash: itemInputHash(row, agent, epoch, 'unavailable', scripts, verificationSettings(s)),
      },
      { agentLog: '', testOutput: '', patch: '' },
    );
  }
  d.image = Math.round(performance.now() - t);
  const environmentProven = isProven(s.provenEnvironments, row.instance_id, image.digest);
  base.environmentProven = environmentProven;
  const inputHash = itemInputHash(row, agent, epoch, image.digest, scripts, verificationSettings(s, environmentProven));
  let patch = '';
  let files: string[] = [];
  let droppedBinary: string[] = [];
  let gate: PilotItemResult['gate'] = null;
  let agentLog = '';
  let usage: UsageTotals | undefined;
  if (agent.kind === 'gold' || agent.kind === 'empty' || agent.kind === 'patch') {
    patch = agent.kind === 'gold' ? row.patch : agent.kind === 'patch' ? agent.patch : '';
  } else {
    t = performance.now();
    const workspace = join(dir, 'workspace');
    rmSync(workspace, { recursive: true, force: true });
    mkdirSync(workspace, { recursive: true });
    const prep = await copyOutWorkspace(s.docker, image.image, row, workspace, labels, s.limits, s.offlineNetworks, s.runner);
    d.prepare = Math.round(performance.now() - t);
    if (!prep.ok)
      return finish(
        dir,
        {
          ...base,
          resolved: false,
          classification: 'setup-failed',
          infra: true,
          detail: prep.detail,
          image,
          patch: { bytes: 0, files: [], droppedBinary: [] },
          tests: { failToPass: {}, passToPass: {}, exitCode: null },
          gate: null,
          durationsMs: { ...d, total: Math.round(performance.now() - started) },
          inputHash,
        },
        { agentLog: prep.detail, testOutput: '', patch: '' },
      );
    t = performance.now();
    const { outcome } = await runArm(agent, row, workspace);
    d.agent = Math.round(performance.now() - t);
    gate = outcome.snapshot ? { ok: outcome.snapshot.ok, statusCode: outcome.snapshot.overall.statusCode } : null;
    agentLog = JSON.stringify(
      { exitCode: outcome.exitCode, reason: outcome.reason, attempts: outcome.attempts, runs: outcome.agentRuns },
      null,
      2,
    );
    usage = sumAgentUsage(outcome.agentRuns);
    const executorErrors = outcome.agentRuns.filter((r) => r.executorError);
    let extracted: Awaited<ReturnType<typeof extractPatch>>;
    try {
      extracted = await extractPatch(workspace, prep.base);
    } catch (error) {
      return finish(
        dir,
        {
          ...base,
          resolved: false,
          classification: 'agent-error',
          infra: true,
          detail: `could not extract the patch from the workspace: ${(error as Error).message.slice(0, 300)}`,
          image,
          patch: { bytes: 0, files: [], droppedBinary: [] },
          tests: { failToPass: {}, passToPass: {}, exitCode: null },
          gate,
          durationsMs: { ...d, total: Math.round(performance.now() - started) },
          inputHash,
        },
        { agentLog, testOutput: '', patch: '' },
      );
    }
    ({ patch, files, droppedBinary } = extracted);
    if (executorErrors.length && !patch.trim()) {
      return finish(
        dir,
        {
          ...base,
          ...(usage ? { usage } : {}),
          resolved: false,
          classification: 'agent-error',
          infra: true,
          detail: executorErrors.map((r) => `${r.agentId}: ${r.executorError}`).join('; '),
          image,
          patch: { bytes: 0, files: [], droppedBinary },
          tests: { failToPass: {}, passToPass: {}, exitCode: null },
          gate,
          durationsMs: { ...d, total: Math.round(performance.now() - started) },
          inputHash,
        },
        { agentLog, testOutput: '', patch },
      );
    }
  }
  t = performance.now();
  // The empty agent is verified too: calibration must know whether the base already passes.
  const verify =
    patch.trim() || agent.kind === 'empty'
      ? await verifyPatch({
          docker: s.docker,
          image: image.image,
          row,
          modelPatch: patch,
          timeoutSec: s.verifyTimeoutSec,
          labels,
          network: verifyNetwork,
          ...(s.bridgeNetworks ? { bridgeNetworks: s.bridgeNetworks } : {}),
          ...(scripts ? { runScripts: scripts } : {}),
          ...(s.offlineNetworks ? { offlineNetworks: s.offlineNetworks } : {}),
          ...(s.limits ? { limits: s.limits } : {}),
          ...(s.runner ? { runner: s.runner } : {}),
        })
      : undefined;
  d.verify = Math.round(performance.now() - t);
  d.tests = verify && 'durationMs' in verify ? verify.durationMs : 0;
  const gateFailed = agent.kind === 'arm' && agent.arm.features.closure && gate !== null && !gate.ok;
  const { classification, infra, detail } = classifyItem({
    verify,
    patch,
    gateFailed,
    emptyAgent: agent.kind === 'empty',
    environmentProven,
  });
  const tests =
    verify?.kind === 'tested'
      ? { failToPass: verify.failToPass, passToPass: verify.passToPass, exitCode: verify.exitCode }
      : verify?.kind === 'timeout'
        ? { failToPass: verify.failToPass, passToPass: verify.passToPass, exitCode: null }
        : { failToPass: {}, passToPass: {}, exitCode: null };
  const node = s.runner?.nodeOf(labels);
  return finish(
    dir,
    {
      ...base,
      ...(usage ? { usage } : {}),
      ...(node ? { node } : {}),
      resolved: classification === 'resolved',
      classification,
      infra,
      detail,
      image,
      patch: { bytes: Buffer.byteLength(patch), files, droppedBinary, excerpt: patch.slice(0, PATCH_EXCERPT_CHARS) },
      tests,
      gate,
      durationsMs: { ...d, total: Math.round(performance.now() - started) },
      inputHash,
    },
    { agentLog, testOutput: verify && 'output' in verify ? verify.output : '', patch },
  );
}

/** Writes the item's artifacts, result.json last (its presence marks the item complete). */
function finish(dir: string, result: PilotItemResult, files: { agentLog: string; testOutput: string; patch: string }): PilotItemResult {
  writeFileAtomic(join(dir, 'patch.diff'), files.patch);
  writeFileAtomic(join(dir, 'agent.log'), files.agentLog);
  writeFileAtomic(join(dir, 'test-output.txt'), files.testOutput);
  writeFileAtomic(join(dir, 'tests.json'), JSON.stringify(result.tests, null, 2) + '\n');
  writeFileAtomic(join(dir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}
