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
import type { OfflineNetworkPool } from './offline-network.js';

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
  /** Without network: join a pooled loopback-only namespace instead of creating one (about half a container start). */
  offlineNetworks?: OfflineNetworkPool;
  /** With network: join a pooled namespace on the engine's bridge instead of creating one. */
  bridgeNetworks?: OfflineNetworkPool;
  /** The user the container's process runs as (`uid[:gid]`); the image's own USER when absent. */
  user?: string;
  /** Host paths bound into the container (`host:container[:ro]`): an agent's runtime, read-only. */
  binds?: string[];
  /** Extra /etc/hosts lines (`name:address`). */
  extraHosts?: string[];
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

export const TIMEOUT_EXIT = 137; // `timeout -s KILL` kills the command with SIGKILL

function createTaskContainer(docker: Docker, o: ContainerOptions, cmd: string[], networkMode: string): Promise<Docker.Container> {
  const limits = o.limits ?? DEFAULT_LIMITS;
  return docker.createContainer({
    Image: o.image,
    // The image's own ENTRYPOINT (SWE-bench Pro images may have one) must not wrap our command.
    Entrypoint: [''],
    Cmd: cmd,
    Env: Object.entries(o.env ?? {}).map(([k, v]) => `${k}=${v}`),
    Labels: { [WAVE_BENCH_LABEL]: 'task', [OWNER_PID_LABEL]: String(process.pid), [OWNER_HOST_LABEL]: hostname(), ...o.labels },
    Tty: false,
    ...(o.user ? { User: o.user } : {}),
    HostConfig: {
      NetworkMode: networkMode,
      Memory: limits.memoryBytes,
      NanoCpus: limits.nanoCpus,
      PidsLimit: limits.pids,
      AutoRemove: false,
      ...(o.binds?.length ? { Binds: o.binds } : {}),
      ...(o.extraHosts?.length ? { ExtraHosts: o.extraHosts } : {}),
    },
  });
}

async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404)
      throw new WaveBenchError(
        'container-remove-failed',
        `could not remove container ${container.id.slice(0, 12)}: ${(error as Error).message}`,
      );
  }
}

function tarOf(files: Record<string, string | Buffer>, mode: number, owner = 1000): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name, mode, uid: owner, gid: owner }, content);
  pack.finalize();
  return streamToBuffer(pack as unknown as AsyncIterable<unknown>);
}

/** The regular files of a tar stream, by their path inside it. */
async function filesOfTar(archive: NodeJS.ReadableStream): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => chunks.push(Buffer.from(c as Buffer)));
    stream.on('end', () => {
      if (header.type === 'file') files[header.name] = Buffer.concat(chunks).toString('utf8');
      next();
    });
  });
  const done = new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve);
    extract.on('error', reject);
  });
  archive.pipe(extract);
  await done;
  return files;
}

export interface CompletedRun {
  /** The command's exit code, or null when the deadline passed and the container was killed. */
  exitCode: number | null;
  /** Regular files under `collect` after the command ended, keyed by their path below it; empty when it does not exist. */
  files: Record<string, string>;
  durationMs: number;
}

/**
 * Runs `cmd` as the container's own process, to completion, in a fresh container that is always
 * removed: `files` are put into `/tmp` before it starts (owned by root, read-only to others) and
 * `collect` is read back after it exits.
 * Four engine calls besides create/remove, and no exec: the cheapest way to run one script.
 */
export async function runToCompletion(
  docker: Docker,
  o: ContainerOptions,
  run: { cmd: string[]; files: Record<string, string | Buffer>; collect: string; deadlineSec: number },
): Promise<CompletedRun> {
  const started = performance.now();
  const { container, release } = await createInNetwork(docker, o, run.cmd);
  try {
    if (Object.keys(run.files).length) await container.putArchive(await tarOf(run.files, 0o644, 0), { path: '/tmp' });
    await container.start();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), run.deadlineSec * 1000)));
    const waited = await Promise.race([container.wait() as Promise<{ StatusCode: number }>, deadline]);
    clearTimeout(timer);
    if (waited === null) await container.kill().catch(() => undefined);
    let files: Record<string, string> = {};
    try {
      const prefix = `${run.collect.split('/').filter(Boolean).pop()}/`;
      const raw = await filesOfTar((await container.getArchive({ path: run.collect })) as NodeJS.ReadableStream);
      files = Object.fromEntries(
        Object.entries(raw).map(([name, text]) => [name.startsWith(prefix) ? name.slice(prefix.length) : name, text]),
      );
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    }
    return { exitCode: waited === null ? null : waited.StatusCode, files, durationMs: Math.round(performance.now() - started) };
  } finally {
    await removeContainer(container);
    release();
  }
}

/**
 * Creates the container in its network: bridge when asked, else a pooled loopback-only namespace
 * (or its own `none`). `release` lends the namespace again; call it only once the container is
 * gone (a container that could not be removed keeps its namespace out of the pool).
 */
async function createInNetwork(
  docker: Docker,
  o: ContainerOptions,
  cmd: string[],
): Promise<{ container: Docker.Container; release: () => void }> {
  const pool = o.network ? o.bridgeNetworks : o.offlineNetworks;
  const network = pool ? await pool.acquire(o.image) : o.network ? 'bridge' : 'none';
  let released = false;
  const release = () => {
    if (!released) pool?.release(network);
    released = true;
  };
  try {
    return { container: await createTaskContainer(docker, o, cmd, network), release };
  } catch (error) {
    release();
    throw error;
  }
}

export class TaskContainer {
  private constructor(
    private readonly docker: Docker,
    readonly container: Docker.Container,
    readonly id: string,
    private readonly release: () => void,
  ) {}

  static async create(docker: Docker, o: ContainerOptions): Promise<TaskContainer> {
    const { container, release } = await createInNetwork(docker, o, ['sleep', '86400']);
    const task = new TaskContainer(docker, container, container.id, release);
    try {
      await container.start();
    } catch (error) {
      await task.remove();
      throw error;
    }
    return task;
  }

  /** Runs `cmd` (argv) with a time limit; never throws for the command's own failure. */
  async exec(cmd: string[], options: { timeoutSec: number; workdir?: string; user?: string }): Promise<ExecResult> {
    const started = performance.now();
    const exec = await this.container.exec({
      Cmd: ['timeout', '-s', 'KILL', String(Math.max(1, Math.ceil(options.timeoutSec))), ...cmd],
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      ...(options.workdir ? { WorkingDir: options.workdir } : {}),
      ...(options.user ? { User: options.user } : {}),
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const out = new PassThrough();
    const err = new PassThrough();
    this.docker.modem.demuxStream(stream, out, err);
    const [stdout, stderr] = await Promise.all([
      collect(out),
      collect(err),
      new Promise((r) =>
        stream.on('end', () => {
          out.end();
          err.end();
          r(undefined);
        }),
      ),
    ]);
    // The engine has sent everything: close our side too, or the hijacked connection stays open
    // (and keeps the process alive) until the engine drops it minutes later.
    (stream as { destroy?: () => void }).destroy?.();
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
    await this.container.putArchive(await tarOf(files, mode), { path: dir });
  }

  /** A tar stream of `path` inside the container (streamed: large repositories never sit in memory). */
  async getArchiveStream(path: string): Promise<NodeJS.ReadableStream> {
    return (await this.container.getArchive({ path })) as NodeJS.ReadableStream;
  }

  /** Removes the container; its pooled network namespace (if any) is free again afterwards. */
  async remove(): Promise<void> {
    await removeContainer(this.container);
    this.release();
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
