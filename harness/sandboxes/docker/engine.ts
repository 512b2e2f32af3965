// The Docker engine, reached through dockerode (DOCKER_HOST or the default socket). An engine that
// does not answer is an infrastructure error with a fix, never a task failure.
import { hostname } from 'node:os';
import Docker from 'dockerode';
import { WaveBenchError } from '../../../orchestrator/index.js';

export const WAVE_BENCH_LABEL = 'wave-bench'; // every container and image we create carries it
export const OWNER_PID_LABEL = 'wave-bench.pid'; // the process that created a task container
export const OWNER_HOST_LABEL = 'wave-bench.host';

/** Removes task containers whose creating process on this host is gone (e.g. after kill -9). */
export async function removeOrphanContainers(docker: Docker): Promise<number> {
  const list = await docker.listContainers({ all: true, filters: { label: [`${WAVE_BENCH_LABEL}=task`] } });
  let removed = 0;
  for (const c of list) {
    const pid = Number(c.Labels[OWNER_PID_LABEL]);
    if (c.Labels[OWNER_HOST_LABEL] !== hostname() || !Number.isInteger(pid) || pid <= 0) continue;
    try {
      process.kill(pid, 0);
      continue;
    } catch {
      // the owner is gone: its container is an orphan
    }
    await docker
      .getContainer(c.Id)
      .remove({ force: true, v: true })
      .catch(() => undefined);
    removed += 1;
  }
  return removed;
}

export class DockerUnavailableError extends WaveBenchError {
  constructor(message: string, cause?: unknown) {
    super('docker-unavailable', message, {
      fix: 'start an engine (`bash scripts/ensure-docker.sh` installs and starts one on Debian) or set DOCKER_HOST',
      exitCode: 4,
      cause,
    });
    this.name = 'DockerUnavailableError';
  }
}

let shared: Docker | undefined;

/** A connected client; throws DockerUnavailableError when the engine does not answer. */
export async function connectDocker(): Promise<Docker> {
  shared ??= new Docker();
  try {
    await shared.ping();
  } catch (error) {
    throw new DockerUnavailableError(
      `no Docker engine answers at ${process.env.DOCKER_HOST ?? '/var/run/docker.sock'}: ${(error as Error).message}`,
      error,
    );
  }
  return shared;
}

/** Engine version for run metadata, or null without an engine. */
export async function dockerVersion(): Promise<string | null> {
  try {
    const docker = await connectDocker();
    const v = await docker.version();
    return `${v.Version} (API ${v.ApiVersion})`;
  } catch {
    return null;
  }
}

/** The engine client type, for modules outside sandboxes/ that pass it along. */
export type DockerClient = Docker;

/**
 * The network verification containers get. SWE-bench Pro's evaluation gives them one unless asked
 * to block it (`--block_network`), and some run scripts install packages at test time; so here:
 * `bridge` unless blocked, or `none` when the engine has no bridge network (dockerd started with
 * `--bridge=none`), with the reason recorded.
 */
export async function verificationNetwork(docker: Docker, block: boolean): Promise<{ mode: 'bridge' | 'none'; reason: string }> {
  if (block) return { mode: 'none', reason: 'blocked (--block-network)' };
  try {
    await docker.getNetwork('bridge').inspect();
    return { mode: 'bridge', reason: 'SWE-bench Pro default (network on)' };
  } catch {
    return { mode: 'none', reason: 'the engine has no bridge network (dockerd --bridge=none): verification runs offline' };
  }
}
