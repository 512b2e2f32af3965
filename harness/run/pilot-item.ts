// One SWE-bench Pro item (task × arm-or-agent × epoch) through Docker (SPEC 3.5 steps 1–7): image,
// workspace at base, the arm, patch extraction, verification in a fresh container, classification,
// and atomic per-item artifacts.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DockerClient as Docker } from '../sandboxes/docker/engine.js';
import { writeFileAtomic } from '../fs/write-file.js';
import type { DatasetRow } from '../schema/pilot.js';
import type { ContainerLimits } from '../sandboxes/docker/container.js';
import type { OfflineNetworkPool } from '../sandboxes/docker/offline-network.js';
import type { CompletionRunner } from '../sandboxes/runner.js';
import { ImageUnavailableError, resolveTaskImage, type ImageResolveOptions } from '../sandboxes/docker/task-image.js';
import type { PilotItemResult, ResolvedImage, UsageTotals, VerifyNetwork } from '../schema/pilot-results.js';
import { frameworkOf, verifyPatch } from './pilot-verify.js';
import { classifyItem } from './pilot-classify.js';
import { runAgentPhase, type PilotAgent } from './pilot-agent.js';
import type { LoadedRunScripts } from '../load/run-scripts.js';

export type { PilotAgent } from './pilot-agent.js';

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
          // only when set: items stored before ceilings existed keep their hash
          ...(agent.spendLimit ? { spendLimit: agent.spendLimit } : {}),
          ...(agent.inContainer ? { inContainer: agent.inContainer } : {}),
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
  let coordination: PilotItemResult['coordination'];
  if (agent.kind === 'gold' || agent.kind === 'empty' || agent.kind === 'patch') {
    patch = agent.kind === 'gold' ? row.patch : agent.kind === 'patch' ? agent.patch : '';
  } else {
    const phase = await runAgentPhase({
      agent,
      row,
      dir,
      image: image.image,
      labels,
      docker: s.docker,
      ...(s.limits ? { limits: s.limits } : {}),
      ...(s.offlineNetworks ? { offlineNetworks: s.offlineNetworks } : {}),
      ...(s.runner ? { runner: s.runner } : {}),
    });
    ({ patch, files, droppedBinary, gate, agentLog, usage, coordination } = phase);
    d.prepare = phase.durationsMs.prepare;
    d.agent = phase.durationsMs.agent;
    if (phase.end)
      return finish(
        dir,
        {
          ...base,
          ...(usage ? { usage } : {}),
          resolved: false,
          ...phase.end,
          image,
          patch: patchSummary(patch, files, droppedBinary),
          tests: { failToPass: {}, passToPass: {}, exitCode: null },
          gate,
          ...(coordination ? { coordination } : {}),
          durationsMs: { ...d, total: Math.round(performance.now() - started) },
          inputHash,
        },
        { agentLog, testOutput: '', patch },
      );
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
  const agentNode = s.runner?.agentNodeOf?.(labels);
  return finish(
    dir,
    {
      ...base,
      ...(usage ? { usage } : {}),
      ...(node ? { node } : {}),
      ...(agentNode ? { agentNode } : {}),
      resolved: classification === 'resolved',
      classification,
      infra,
      detail,
      image,
      patch: patchSummary(patch, files, droppedBinary),
      tests,
      gate,
      ...(coordination ? { coordination } : {}),
      durationsMs: { ...d, total: Math.round(performance.now() - started) },
      inputHash,
    },
    { agentLog, testOutput: verify && 'output' in verify ? verify.output : '', patch },
  );
}

/** The patch as results record it: size, files, dropped binary hunks and the first 4 KB. */
function patchSummary(patch: string, files: string[], droppedBinary: string[]): PilotItemResult['patch'] {
  return patch
    ? { bytes: Buffer.byteLength(patch), files, droppedBinary, excerpt: patch.slice(0, PATCH_EXCERPT_CHARS) }
    : { bytes: 0, files, droppedBinary };
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
