// One task container: created with no network by default, resource limits, an explicit env and a
// label; commands run through exec with a time limit enforced inside the container (`timeout -s
// KILL`), so a hanging test never takes the container down with it. A failed command is data;
// only a vanished container or engine throws.
import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import tar from 'tar-stream';
import { WaveBenchError } from '../../../orchestrator/index.js';
import { streamToBuffer } from './base-image.js';
import { hostname } from 'node:os';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, WAVE_BENCH_LABEL } from './engine.js';

export interface ContainerLimits {
  memoryBytes: number;
  nanoCpus: number;
  pids: number;
}

export const DEFAULT_LIMITS: ContainerLimits = { memoryBytes: 2 * 1024 ** 3, nanoCpus: 1_000_000_000, pids: 512 };

export interface ContainerOptions {
  image: string;
  /** Allow network access (off by default). */
  network?: boolean;
  limits?: ContainerLimits;
  /** The only environment variables inside the container (host env is never passed). */
  env?: Record<string, string>;
  /** Extra labels, e.g. the run id, so leftovers can be found and removed. */
  labels?: Record<string, string>;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export const TIMEOUT_EXIT = 137; // `timeout -s KILL` kills the command with SIGKILL

export class TaskContainer {
  private constructor(private readonly docker: Docker, readonly container: Docker.Container, readonly id: string) {}

  static async create(docker: Docker, o: ContainerOptions): Promise<TaskContainer> {
    const limits = o.limits ?? DEFAULT_LIMITS;
    const container = await docker.createContainer({
      Image: o.image,
      Cmd: ['sleep', '86400'],
      Env: Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v}`),
      Labels: { [WAVE_BENCH_LABEL]: 'task', [OWNER_PID_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: hostname(), ...o.labels },
      Tty: false,
      HostConfig: { NetworkMode: o.network ? 'bridge' : 'none', Memory: limits.memoryBytes, NanoCpus: limits.nanoCpus, PidsLimit: limits.pids, AutoRemove: false },
    });
    await container.start();
    return new TaskContainer(docker, container, container.id);
  }

  /** Runs `cmd` (argv) with a time limit; never throws for the command's own failure. */
  async exec(cmd: string[], options: { timeoutSec: number; workdir?: string; user?: string }): Promise<ExecResult> {
    const started = performance.now();
    const exec = await this.container.exec({ Cmd: ['timeout', '-s', 'KILL', String(Math.max(1, Math.ceil(options.timeoutSec))), ...cmd], AttachStdout: true, AttachStderr: true, Tty: false, ...(options.workdir ? { WorkingDir: options.workdir } : {}), ...(options.user ? { User: options.user } : {}) });
    const stream = await exec.start({ hijack: true, stdin: false });
    const out = new PassThrough();
    const err = new PassThrough();
    this.docker.modem.demuxStream(stream, out, err);
    const [stdout, stderr] = await Promise.all([collect(out), collect(err), new Promise((r) => stream.on('end', () => (out.end(), err.end(), r(undefined))))]);
    let info = await exec.inspect();
    for (let i = 0; i < 50 && info.Running; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      info = await exec.inspect();
    }
    const exitCode = info.ExitCode ?? -1;
    return { exitCode, stdout, stderr, timedOut: exitCode === TIMEOUT_EXIT, durationMs: Math.round(performance.now() - started) };
  }

  /** Writes files (relative to `dir`, which must exist) into the container. */
  async putFiles(dir: string, files: Record<string, string | Buffer>, mode = 0o644): Promise<void> {
    const pack = tar.pack();
    for (const [name, content] of Object.entries(files)) pack.entry({ name, mode, uid: 1000, gid: 1000 }, content);
    pack.finalize();
    await this.container.putArchive(await streamToBuffer(pack as unknown as AsyncIterable<unknown>), { path: dir });
  }

  /** A tar stream of `path` inside the container (streamed: large repositories never sit in memory). */
  async getArchiveStream(path: string): Promise<NodeJS.ReadableStream> {
    return (await this.container.getArchive({ path })) as NodeJS.ReadableStream;
  }

  async remove(): Promise<void> {
    try {
      await this.container.remove({ force: true, v: true });
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw new WaveBenchError('container-remove-failed', `could not remove container ${this.id.slice(0, 12)}: ${(error as Error).message}`);
    }
  }
}

async function collect(stream: PassThrough): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Runs `body` with a container that is always removed afterwards. */
export async function withContainer<T>(docker: Docker, o: ContainerOptions, body: (c: TaskContainer) => Promise<T>): Promise<T> {
  const c = await TaskContainer.create(docker, o);
  try {
    return await body(c);
  } finally {
    await c.remove();
  }
}
