// The Docker engine, reached through dockerode (DOCKER_HOST or the default socket). An engine that
// does not answer is an infrastructure error with a fix, never a task failure.
import Docker from 'dockerode';
import { WaveBenchError } from '../../../orchestrator/index.js';

export const WAVE_BENCH_LABEL = 'wave-bench'; // every container and image we create carries it

export class DockerUnavailableError extends WaveBenchError {
  constructor(message: string, cause?: unknown) {
    super('docker-unavailable', message, { fix: 'start an engine (`bash scripts/ensure-docker.sh` installs and starts one on Debian) or set DOCKER_HOST', exitCode: 4, cause });
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
    throw new DockerUnavailableError(`no Docker engine answers at ${process.env.DOCKER_HOST ?? '/var/run/docker.sock'}: ${(error as Error).message}`, error);
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
