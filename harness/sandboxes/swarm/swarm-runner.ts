// `--backend swarm`: each run-to-completion container becomes a Docker Swarm `replicated-job`
// service (one task), so any node of the cluster can run it; wave-bench does no node selection.
// Images reach the nodes through a registry (pushed once per image id, run by digest); inputs
// travel as Swarm configs, outputs as a hash-checked frame in the job's log (frame.ts). A task the
// cluster rejected, lost or shut down (node drained or gone), or that no node accepted in time, is
// an infrastructure failure (the pilot re-queues it with --retry-infra). Services and configs are
// labelled with the run, the out folder and the owning process; the next swarm run on this host
// (normally the --resume of the killed one) removes those a killed coordinator left behind.
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import { WaveBenchError } from '../../../orchestrator/index.js';
import { DEFAULT_LIMITS, type ContainerOptions } from '../docker/container.js';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, WAVE_BENCH_LABEL } from '../docker/engine.js';
import type { CompletionRunner, RunSpec, RunnerResult } from '../runner.js';
import { demuxLog, jobScript, readFrame } from './frame.js';

export const OFFLINE_NETWORK = 'wave-bench-offline';
export const OUT_LABEL = 'wave-bench.out';
const JOB_KIND = 'swarm-job';
/** Swarm refuses configs over 500 KiB: larger inputs are split into parts and joined in the job. */
const CONFIG_PART_BYTES = 400 * 1024;
const POLL_MS = 250;
/** Inputs up to this size (all files together) travel inside the job's command instead of configs. */
const INLINE_INPUT_BYTES = 64 * 1024;
const FAST_POLL_MS = 40;
/** Time after the command's own deadline before the coordinator gives up on a running task. */
const RUNNING_GRACE_SEC = 60;
/** How long a completed job's log may take to show its whole output frame. */
const LOG_SETTLE_MS = 20_000;

export interface SwarmOptions {
  /** Registry every node can pull from (HOST:PORT). */
  registry: string;
  /** Placement constraints (`node.labels.x==y`, `node.role==worker`, …). */
  constraints?: string[];
  /** Reservations per job; default: the container limits (1 CPU, 2 GiB). */
  reserveNanoCpus?: number;
  reserveMemoryBytes?: number;
  /** Seconds a task may wait for a node before it counts as rejected for resources (infra). */
  pendingTimeoutSec?: number;
  /** Absolute out folder: services are labelled with its hash so --resume finds its leftovers. */
  outDir: string;
}

const TERMINAL_BAD = new Set(['rejected', 'shutdown', 'orphaned', 'remove']);
const WAITING = new Set(['new', 'allocated', 'pending', 'assigned']);

export class SwarmRunner implements CompletionRunner {
  readonly backend = 'swarm' as const;
  private readonly pushed = new Map<string, Promise<string>>();
  private readonly live = new Set<string>();
  private readonly cleanups = new Set<Promise<void>>();
  private readonly nodes = new WeakMap<object, string>();
  private readonly nodeNames = new Map<string, string>();
  private readonly outKey: string;

  private constructor(
    private readonly docker: Docker,
    private readonly o: SwarmOptions,
  ) {
    this.outKey = createHash('sha256').update(o.outDir).digest('hex').slice(0, 16);
  }

  /** Checks the engine is a swarm manager, the registry answers and the offline network exists; removes a dead coordinator's leftovers. */
  static async create(docker: Docker, o: SwarmOptions): Promise<SwarmRunner> {
    const fix = 'run `bash scripts/ensure-swarm.sh` on the manager (docs/cluster.md)';
    const info = (await docker.info()) as { Swarm?: { LocalNodeState?: string; ControlAvailable?: boolean } };
    if (info.Swarm?.LocalNodeState !== 'active' || !info.Swarm.ControlAvailable)
      throw new WaveBenchError(
        'swarm-unavailable',
        `--backend swarm needs this engine to be a swarm manager (its swarm state is ${info.Swarm?.LocalNodeState ?? 'unknown'})`,
        { fix, exitCode: 4 },
      );
    try {
      await docker.getNetwork(OFFLINE_NETWORK).inspect();
    } catch {
      throw new WaveBenchError('swarm-unavailable', `the swarm has no ${OFFLINE_NETWORK} network (jobs without network join it)`, {
        fix,
        exitCode: 4,
      });
    }
    const r = await fetch(`http://${o.registry}/v2/`, { signal: AbortSignal.timeout(5_000) }).catch((e: Error) => e);
    if (r instanceof Error || !r.ok)
      throw new WaveBenchError(
        'registry-unavailable',
        `no registry answers at http://${o.registry}/v2/ (${r instanceof Error ? r.message : `HTTP ${r.status}`})`,
        { fix: `${fix}, or name a reachable one with --registry HOST:PORT`, exitCode: 4 },
      );
    const runner = new SwarmRunner(docker, o);
    await runner.removeLeftovers();
    return runner;
  }

  /** Services and configs whose coordinator (a process on this host) is gone, whatever its out folder. */
  async removeLeftovers(): Promise<number> {
    const dead = (labels: Record<string, string> | undefined) => {
      if (!labels || labels[OWNER_HOST_LABEL] !== hostname()) return false;
      const pid = Number(labels[OWNER_PID_LABEL]);
      if (pid === process.pid) return false;
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    };
    let removed = 0;
    for (const s of await this.docker.listServices({ filters: { label: [`${WAVE_BENCH_LABEL}=${JOB_KIND}`] } })) {
      if (!dead(s.Spec?.Labels)) continue;
      await this.docker
        .getService(s.ID)
        .remove()
        .catch(() => undefined);
      removed += 1;
    }
    for (const c of await this.docker.listConfigs({ filters: { label: [`${WAVE_BENCH_LABEL}=${JOB_KIND}`] } })) {
      if (dead(c.Spec?.Labels as Record<string, string> | undefined)) await this.removeConfig(c.ID);
    }
    return removed;
  }

  /** `registry/wave-bench/task@sha256:…` for a local image, pushed once per image id. */
  imageRef(image: string): Promise<string> {
    let p = this.pushed.get(image);
    if (!p) {
      p = this.push(image);
      this.pushed.set(image, p);
      p.catch(() => this.pushed.delete(image));
    }
    return p;
  }

  private async push(image: string): Promise<string> {
    const id = ((await this.docker.getImage(image).inspect()) as { Id: string }).Id.replace(/^sha256:/, '');
    const repo = `${this.o.registry}/wave-bench/task`;
    await this.docker.getImage(image).tag({ repo, tag: id.slice(0, 40) });
    // The engine wants an X-Registry-Auth header even for a registry without authentication.
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker
        .getImage(`${repo}:${id.slice(0, 40)}`)
        .push({ authconfig: { username: '', password: '', serveraddress: this.o.registry } });
    } catch (error) {
      throw new WaveBenchError('registry-push-failed', `could not push ${image} to ${this.o.registry}: ${(error as Error).message}`, {
        exitCode: 4,
      });
    }
    const events = await new Promise<{ error?: string; aux?: { Digest?: string } }[]>((resolve, reject) =>
      this.docker.modem.followProgress(stream, (err: Error | null, res: unknown[]) => (err ? reject(err) : resolve(res as never))),
    );
    const failed = events.find((e) => e.error);
    if (failed)
      throw new WaveBenchError('registry-push-failed', `could not push ${image} to ${this.o.registry}: ${failed.error}`, { exitCode: 4 });
    const digest = events.find((e) => e.aux?.Digest)?.aux?.Digest;
    if (!digest)
      throw new WaveBenchError('registry-push-failed', `the registry at ${this.o.registry} returned no digest for ${image}`, {
        exitCode: 4,
      });
    return `${repo}@${digest}`;
  }

  async run(c: ContainerOptions, spec: RunSpec): Promise<RunnerResult> {
    const started = performance.now();
    const nonce = randomBytes(12).toString('hex');
    const image = await this.imageRef(c.image);
    const labels = {
      [WAVE_BENCH_LABEL]: JOB_KIND,
      [OWNER_PID_LABEL]: String(process.pid),
      [OWNER_HOST_LABEL]: hostname(),
      [OUT_LABEL]: this.outKey,
      ...c.labels,
    };
    const configs: { id: string; name: string; file: string }[] = [];
    const name = `wb-${nonce}`;
    this.live.add(name);
    try {
      const inputs: Parameters<typeof jobScript>[0]['inputs'] = [];
      // Text inputs small enough for the job's own command line (one argument may hold 128 KiB on
      // Linux) go there: no config to create and remove. Anything else becomes configs.
      // (measured after shell quoting: each ' becomes four bytes)
      const inlineBytes = Object.values(spec.files).reduce(
        (n, c) => n + (typeof c === 'string' ? Buffer.byteLength(c) + 3 * (c.match(/'/g)?.length ?? 0) : Infinity),
        0,
      );
      if (inlineBytes <= INLINE_INPUT_BYTES && Object.values(spec.files).every((c) => typeof c === 'string' && !c.includes('\0'))) {
        for (const [file, content] of Object.entries(spec.files)) inputs.push({ target: `/tmp/${file}`, inline: content as string });
      } else
        for (const [i, [file, content]] of Object.entries(spec.files).entries()) {
          const data = Buffer.from(content);
          const parts: string[] = [];
          for (let k = 0, at = 0; at < data.length; k += 1, at += CONFIG_PART_BYTES) {
            // (an empty file has no parts: Swarm refuses empty configs)
            const cname = `${name}-${i}-${k}`;
            const created = (await this.docker.createConfig({
              Name: cname,
              Labels: labels,
              Data: data.subarray(at, at + CONFIG_PART_BYTES).toString('base64'),
            })) as { id?: string; ID?: string };
            const id = created.id ?? created.ID ?? '';
            configs.push({ id, name: cname, file: `/wb-in/${i}.${k}` });
            parts.push(`/wb-in/${i}.${k}`);
          }
          inputs.push({ target: `/tmp/${file}`, parts });
        }
      const limits = c.limits ?? DEFAULT_LIMITS;
      const script = jobScript({ nonce, inputs, cmd: spec.cmd, collect: spec.collect, deadlineSec: spec.deadlineSec });
      const service = await this.docker.createService({
        Name: name,
        Labels: labels,
        TaskTemplate: {
          ContainerSpec: {
            Image: image,
            Command: ['sh', '-c', script],
            Env: Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`),
            ...(c.user ? { User: c.user } : {}),
            Labels: labels,
            Configs: configs.map((x) => ({ File: { Name: x.file, UID: '0', GID: '0', Mode: 0o444 }, ConfigID: x.id, ConfigName: x.name })),
          },
          Resources: {
            Limits: { NanoCPUs: limits.nanoCpus, MemoryBytes: limits.memoryBytes, Pids: limits.pids },
            Reservations: {
              NanoCPUs: this.o.reserveNanoCpus ?? limits.nanoCpus,
              MemoryBytes: this.o.reserveMemoryBytes ?? limits.memoryBytes,
            },
          },
          RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
          Placement: { Constraints: this.o.constraints ?? [] },
          ...(c.network ? {} : { Networks: [{ Target: OFFLINE_NETWORK }] }),
        },
        Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
      } as never);
      const serviceId = (service as { id: string }).id;
      const ended = await this.await(serviceId, spec.deadlineSec);
      const base = { durationMs: Math.round(performance.now() - started), ...(ended.node ? { node: ended.node } : {}) };
      if (ended.node && c.labels) this.nodes.set(c.labels, ended.node);
      if (ended.kind === 'infra') return { exitCode: null, files: {}, infra: ended.detail, ...base };
      if (ended.kind === 'deadline') return { exitCode: null, files: {}, ...base };
      // The job's script always ends with `exit 0`: a task that completed has sent a whole frame, so a
      // frame missing from its log is still on its way; a failed task (killed, out of memory) may have none.
      const frame = await this.readOutput(serviceId, nonce, ended.containerId, ended.state === 'complete' ? LOG_SETTLE_MS : 0);
      if (!frame.ok)
        return {
          exitCode: null,
          files: {},
          infra: `swarm job ${name} on ${ended.node ?? 'unknown node'} (task ${ended.state}, exit ${ended.exitCode ?? '?'}): ${frame.reason}`,
          ...base,
        };
      return { exitCode: frame.exitCode, files: frame.files, raw: frame.raw, ...base };
    } finally {
      // The item does not wait for the cleanup (a config stays in use until the task's container is
      // gone); dispose() waits for all of it before the run ends.
      const cleanup = (async () => {
        await this.docker
          .getService(name)
          .remove()
          .catch(() => undefined);
        this.live.delete(name);
        await Promise.all(configs.map((x) => this.removeConfig(x.id)));
      })();
      this.cleanups.add(cleanup);
      void cleanup.finally(() => this.cleanups.delete(cleanup));
    }
  }

  /**
   * The job's output frame. The manager gathers a service's log from its nodes asynchronously, so
   * right after a task completes (more often on a loaded machine) the log can still lack the frame's
   * end: read again, up to `settleMs`, before the output counts as lost. When the task's container
   * is on this engine its own log is read as well (the same bytes, without the broker in between).
   */
  private async readOutput(
    serviceId: string,
    nonce: string,
    containerId: string | undefined,
    settleMs: number,
  ): Promise<ReturnType<typeof readFrame>> {
    const started = performance.now();
    let frame: ReturnType<typeof readFrame> = { ok: false, reason: 'the job printed no output frame (killed, or its log was lost)' };
    for (let wait = FAST_POLL_MS; ; wait = Math.min(wait * 2, 1_000)) {
      const service = await this.docker
        .getService(serviceId)
        .logs({ stdout: true, stderr: true, follow: false })
        .then((b) => demuxLog(b as unknown as Buffer))
        .catch(() => '');
      frame = readFrame(service, nonce);
      if (frame.ok) return frame;
      if (containerId) {
        const own = await this.docker
          .getContainer(containerId)
          .logs({ stdout: true, stderr: true, follow: false })
          .then((b) => demuxLog(b as unknown as Buffer))
          .catch(() => undefined);
        if (own !== undefined) {
          const local = readFrame(own, nonce);
          if (local.ok) return local;
        }
      }
      if (performance.now() - started >= settleMs) return frame;
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  /** Polls the job's tasks until one completes, the cluster fails it, or time runs out. */
  private async await(
    serviceId: string,
    deadlineSec: number,
  ): Promise<
    | { kind: 'done'; state: string; exitCode?: number; node?: string; containerId?: string }
    | { kind: 'infra'; detail: string; node?: string }
    | { kind: 'deadline'; node?: string }
  > {
    const pendingLimitMs = (this.o.pendingTimeoutSec ?? 600) * 1000;
    const created = performance.now();
    let runningSince: number | undefined;
    for (;;) {
      const tasks = (await this.docker.listTasks({ filters: { service: [serviceId] } })) as {
        ID: string;
        NodeID?: string;
        Status?: { State?: string; Err?: string; Message?: string; ContainerStatus?: { ExitCode?: number; ContainerID?: string } };
      }[];
      const task = tasks[0];
      const state = task?.Status?.State ?? 'new';
      const node = task?.NodeID ? await this.nodeName(task.NodeID) : undefined;
      const at = node ? ` on node ${node}` : '';
      if (tasks.length > 1)
        return { kind: 'infra', detail: `the cluster started ${tasks.length} tasks for one job${at}`, ...(node ? { node } : {}) };
      if (state === 'complete' || state === 'failed')
        return {
          kind: 'done',
          state,
          ...(task?.Status?.ContainerStatus?.ExitCode !== undefined ? { exitCode: task.Status.ContainerStatus.ExitCode } : {}),
          ...(task?.Status?.ContainerStatus?.ContainerID ? { containerId: task.Status.ContainerStatus.ContainerID } : {}),
          ...(node ? { node } : {}),
        };
      if (TERMINAL_BAD.has(state))
        return {
          kind: 'infra',
          detail: `the cluster ${state === 'rejected' ? 'rejected' : `ended (${state})`} the job's task${at}: ${task?.Status?.Err || task?.Status?.Message || 'no reason given'} (node drained, lost or without resources)`,
          ...(node ? { node } : {}),
        };
      if (WAITING.has(state)) {
        if (performance.now() - created > pendingLimitMs)
          return {
            kind: 'infra',
            detail: `no node accepted the job within ${Math.round(pendingLimitMs / 1000)} s (task ${state}: ${task?.Status?.Err || task?.Status?.Message || 'waiting'}); reserved ${(this.o.reserveNanoCpus ?? 0) / 1e9 || 'the limit of'} CPUs`,
          };
        const impossible =
          state === 'pending' && /insufficient resources/.test(task?.Status?.Err ?? '') ? await this.beyondEveryNode() : undefined;
        if (impossible) return { kind: 'infra', detail: `the cluster rejected the job for resources: ${impossible}` };
      } else {
        runningSince ??= performance.now();
        if (performance.now() - runningSince > (deadlineSec + RUNNING_GRACE_SEC) * 1000)
          return { kind: 'deadline', ...(node ? { node } : {}) };
      }
      // Short jobs are the common case: poll fast at first.
      await new Promise((r) => setTimeout(r, performance.now() - created < 5_000 ? FAST_POLL_MS : POLL_MS));
    }
  }

  /** Why no node, however idle, could ever take a job with these reservations (undefined if one could). */
  private async beyondEveryNode(): Promise<string | undefined> {
    const cpus = this.o.reserveNanoCpus ?? DEFAULT_LIMITS.nanoCpus;
    const mem = this.o.reserveMemoryBytes ?? DEFAULT_LIMITS.memoryBytes;
    const nodes = (await this.docker.listNodes()) as { Description?: { Resources?: { NanoCPUs?: number; MemoryBytes?: number } } }[];
    const fits = nodes.some(
      (n) => (n.Description?.Resources?.NanoCPUs ?? 0) >= cpus && (n.Description?.Resources?.MemoryBytes ?? 0) >= mem,
    );
    return fits
      ? undefined
      : `it reserves ${cpus / 1e9} CPUs and ${Math.round(mem / 2 ** 20)} MiB, more than any of the ${nodes.length} node(s) has`;
  }

  private async nodeName(id: string): Promise<string> {
    let n = this.nodeNames.get(id);
    if (!n) {
      n = await this.docker
        .getNode(id)
        .inspect()
        .then((x: { Description?: { Hostname?: string } }) => x.Description?.Hostname ?? id.slice(0, 12))
        .catch(() => id.slice(0, 12));
      this.nodeNames.set(id, n);
    }
    return n;
  }

  private async removeConfig(id: string): Promise<void> {
    // A config is in use until its service's task is gone: retry briefly.
    for (let i = 0; i < 40; i += 1) {
      try {
        await this.docker.getConfig(id).remove();
        return;
      } catch (error) {
        if ((error as { statusCode?: number }).statusCode === 404) return;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  nodeOf(labels: object): string | undefined {
    return this.nodes.get(labels);
  }

  async dispose(): Promise<void> {
    for (const name of [...this.live])
      await this.docker
        .getService(name)
        .remove()
        .catch(() => undefined);
    await Promise.all([...this.cleanups]);
  }
}
