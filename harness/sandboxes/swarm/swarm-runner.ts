// `--backend swarm`: each run-to-completion container becomes a Docker Swarm `replicated-job`
// service (one task), so any node of the cluster can run it; wave-bench does no node selection.
// Images reach the nodes through a registry (pushed once per image id, run by digest); inputs
// travel as Swarm configs, outputs as a hash-checked frame in the job's log (frame.ts). A task the
// cluster rejected, lost or shut down (node drained or gone), or that no node accepted in time, is
// an infrastructure failure (the pilot re-queues it with --retry-infra). Services and configs are
// labelled with the run, the out folder and the owning process; the next swarm run on this host
// (normally the --resume of the killed one) removes those a killed coordinator left behind.
// A job's end is taken from this engine's event stream when its task ran on this node, and from
// polling the task's state otherwise (and as the fallback for every failure the cluster reports).
// Agents of real CLIs run in agent jobs (remote/agent-hub.ts), counted on the same job board.
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type Docker from 'dockerode';
import type { ContainerOptions } from '../docker/container.js';
import { OWNER_HOST_LABEL, OWNER_PID_LABEL, WAVE_BENCH_LABEL } from '../docker/engine.js';
import type { CompletionRunner, JobCounts, RunSpec, RunnerResult } from '../runner.js';
import { LocalJobEvents, type Died } from './container-events.js';
import { jobScript } from './frame.js';
import { readJobOutput } from './job-output.js';
import { type JobConfig, jobServiceSpec, offlineNetworkSpec, prepareInputs } from './job-spec.js';
import { JOB_KIND, removeDeadOwnersJobs, removeWhenFree } from './leftovers.js';
import { JobBoard } from './job-board.js';
import { checkSwarm } from './preflight.js';
import { pushTaskImage } from './registry.js';
import type { AgentBox, BoxSpec } from '../docker/agent-box.js';
import { AGENT_JOB_ROUTE, AgentHub } from './remote/agent-hub.js';

export const OUT_LABEL = 'wave-bench.out';

/**
 * How Swarm's constraint enforcer ends a task when, after any change to its node, the reservations
 * of the node's tasks exceed its resources. Engines before swarmkit's fix of May 2026 count finished
 * job tasks there too (see jobScheduling), so with reservations set a node change can shut down a
 * task that fits. The job is started again, up to this many times in all, before it counts as
 * infrastructure.
 */
const ENFORCER_SHUTDOWN = /assigned node no longer meets constraints/;
const ENFORCER_ATTEMPTS = 3;
const POLL_MS = 250;
const FAST_POLL_MS = 40;
/** How long polling stays fast for a task on another node (whose end no local event reports). */
const FAST_POLL_WINDOW_MS = 5_000;
/** Time after the command's own deadline before the coordinator gives up on a running task. */
const RUNNING_GRACE_SEC = 60;
/** How long a completed job's log may take to show its whole output frame. */
const LOG_SETTLE_MS = 20_000;

export interface SwarmOptions {
  /** Registry every node can pull from (HOST:PORT). */
  registry: string;
  /** Placement constraints (`node.labels.x==y`, `node.role==worker`, …). */
  constraints?: string[];
  /** Reservations per job; default: none (see jobScheduling). */
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
  private readonly agentNodes = new WeakMap<object, string>();
  private readonly nodeNames = new Map<string, string>();
  private readonly board = new JobBoard();
  /** Labels every service and config of this run carries (leftovers are found by them). */
  private readonly ownerLabels: Record<string, string>;
  private events?: LocalJobEvents;
  private localNodeId = '';
  private hub?: AgentHub;

  private constructor(
    private readonly docker: Docker,
    private readonly o: SwarmOptions,
  ) {
    this.ownerLabels = {
      [WAVE_BENCH_LABEL]: JOB_KIND,
      [OWNER_PID_LABEL]: String(process.pid),
      [OWNER_HOST_LABEL]: hostname(),
      [OUT_LABEL]: createHash('sha256').update(o.outDir).digest('hex').slice(0, 16),
    };
  }

  /** Checks the engine is a swarm manager, the registry answers and the agents network exists; removes a dead coordinator's leftovers. */
  static async create(docker: Docker, o: SwarmOptions): Promise<SwarmRunner> {
    const nodeId = await checkSwarm(docker, o.registry);
    const runner = new SwarmRunner(docker, o);
    runner.localNodeId = nodeId;
    await runner.removeLeftovers();
    runner.events = await LocalJobEvents.open(docker, [`${WAVE_BENCH_LABEL}=${JOB_KIND}`, `${OWNER_PID_LABEL}=${process.pid}`]);
    return runner;
  }

  /** Services, configs and job networks whose coordinator (a process on this host) is gone, whatever its out folder. */
  removeLeftovers(): Promise<number> {
    return removeDeadOwnersJobs(this.docker);
  }

  /** `registry/wave-bench/task@sha256:…` for a local image, pushed once per image id. */
  imageRef(image: string): Promise<string> {
    let p = this.pushed.get(image);
    if (!p) {
      p = pushTaskImage(this.docker, this.o.registry, image);
      this.pushed.set(image, p);
      p.catch(() => this.pushed.delete(image));
    }
    return p;
  }

  async run(c: ContainerOptions, spec: RunSpec): Promise<RunnerResult> {
    const started = performance.now();
    for (let attempt = 1; ; attempt += 1) {
      const r = await this.runOnce(c, spec);
      // Each attempt is a new container given the same inputs, so running it again is safe.
      if (attempt >= ENFORCER_ATTEMPTS || !r.infra || !ENFORCER_SHUTDOWN.test(r.infra))
        return { ...r, durationMs: Math.round(performance.now() - started) };
    }
  }

  private async runOnce(c: ContainerOptions, spec: RunSpec): Promise<RunnerResult> {
    const started = performance.now();
    const nonce = randomBytes(12).toString('hex');
    const image = await this.imageRef(c.image);
    const labels = { ...this.ownerLabels, ...c.labels };
    const name = `wb-${nonce}`;
    let configs: JobConfig[] = [];
    let offlineNetwork: string | undefined;
    this.live.add(name);
    try {
      const prepared = await prepareInputs(this.docker, { name, labels, files: spec.files });
      configs = prepared.configs;
      if (!c.network) offlineNetwork = ((await this.docker.createNetwork(offlineNetworkSpec(name, labels) as never)) as { id: string }).id;
      const script = jobScript({ nonce, inputs: prepared.inputs, cmd: spec.cmd, collect: spec.collect, deadlineSec: spec.deadlineSec });
      const service = await this.docker.createService(
        jobServiceSpec({ name, labels, image, script, configs, container: c, placement: this.o, offlineNetwork }) as never,
      );
      const serviceId = (service as { id: string }).id;
      this.board.mark(name, undefined);
      const ended = await this.await(serviceId, name, spec.deadlineSec);
      const base = { durationMs: Math.round(performance.now() - started), ...(ended.node ? { node: ended.node } : {}) };
      if (ended.node && c.labels) this.nodes.set(c.labels, ended.node);
      if (ended.kind === 'infra') return { exitCode: null, files: {}, infra: ended.detail, ...base };
      if (ended.kind === 'deadline') return { exitCode: null, files: {}, ...base };
      // The job's script always ends with `exit 0`: a task that completed has sent a whole frame, so a
      // frame missing from its log is still on its way; a failed task (killed, out of memory) may have none.
      const frame = await readJobOutput(this.docker, serviceId, nonce, ended.containerId, ended.state === 'complete' ? LOG_SETTLE_MS : 0);
      if (!frame.ok)
        return {
          exitCode: null,
          files: {},
          infra: `swarm job ${name} on ${ended.node ?? 'unknown node'} (task ${ended.state}, exit ${ended.exitCode ?? '?'}): ${frame.reason}`,
          ...base,
        };
      return { exitCode: frame.exitCode, files: frame.files, raw: frame.raw, ...base };
    } finally {
      this.board.drop(name);
      // The item does not wait for the cleanup (a config stays in use until the task's container is
      // gone); dispose() waits for all of it before the run ends.
      const cleanup = (async () => {
        await this.docker
          .getService(name)
          .remove()
          .catch(() => undefined);
        this.live.delete(name);
        await Promise.all([
          ...configs.map((x) => this.removeConfig(x.id)),
          ...(offlineNetwork ? [this.removeNetwork(offlineNetwork)] : []),
        ]);
      })();
      this.cleanups.add(cleanup);
      void cleanup.finally(() => this.cleanups.delete(cleanup));
    }
  }

  /**
   * Follows the job's task until it completes, the cluster fails it, or time runs out: polling its
   * state (fast at first for a task on another node), and woken at once by its container's `die`
   * on this node.
   */
  private async await(
    serviceId: string,
    name: string,
    deadlineSec: number,
  ): Promise<
    | { kind: 'done'; state: string; exitCode?: number; node?: string; containerId?: string }
    | { kind: 'infra'; detail: string; node?: string }
    | { kind: 'deadline'; node?: string }
  > {
    const created = performance.now();
    let runningSince: number | undefined;
    let died: Died | undefined;
    const death = this.events?.died(serviceId).then((d) => {
      died = d;
    });
    try {
      for (;;) {
        // The job's script always exits 0 once its frame is out: another code means it was cut short.
        if (died) {
          const node = await this.nodeName(this.localNodeId);
          this.board.mark(name, node);
          return {
            kind: 'done',
            state: died.exitCode === 0 ? 'complete' : 'failed',
            containerId: died.containerId,
            ...(died.exitCode !== null ? { exitCode: died.exitCode } : {}),
            node,
          };
        }
        const polled = await this.pollTask(serviceId, name, created, runningSince, deadlineSec);
        if (polled.kind !== 'waiting') return polled;
        runningSince = polled.runningSince;
        // A task on this node ends with a `die` event; one elsewhere (or not yet placed) only by polling.
        const elsewhere = !death || polled.nodeId !== this.localNodeId;
        const wait = elsewhere && performance.now() - created < FAST_POLL_WINDOW_MS ? FAST_POLL_MS : POLL_MS;
        await Promise.race([new Promise((r) => setTimeout(r, wait)), death]);
      }
    } finally {
      this.events?.forget(serviceId);
    }
  }

  /** One look at the job's task: its end, a cluster failure, or where it is now. */
  private async pollTask(
    serviceId: string,
    name: string,
    created: number,
    runningSince: number | undefined,
    deadlineSec: number,
  ): Promise<
    | { kind: 'done'; state: string; exitCode?: number; node?: string; containerId?: string }
    | { kind: 'infra'; detail: string; node?: string }
    | { kind: 'deadline'; node?: string }
    | { kind: 'waiting'; node?: string; nodeId?: string; runningSince?: number }
  > {
    const pendingLimitMs = (this.o.pendingTimeoutSec ?? 600) * 1000;
    const tasks = (await this.docker.listTasks({ filters: { service: [serviceId] } })) as {
      ID: string;
      NodeID?: string;
      Status?: { State?: string; Err?: string; Message?: string; ContainerStatus?: { ExitCode?: number; ContainerID?: string } };
    }[];
    const task = tasks[0];
    const state = task?.Status?.State ?? 'new';
    const node = task?.NodeID ? await this.nodeName(task.NodeID) : undefined;
    this.board.mark(name, node);
    const at = node ? ` on node ${node}` : '';
    if (tasks.length > 1) {
      // (the cluster replaced a task it ended: its reason says why, e.g. the constraint enforcer's)
      const why = tasks.map((t) => t.Status?.Err).filter(Boolean);
      return {
        kind: 'infra',
        detail: `the cluster started ${tasks.length} tasks for one job${at}${why.length ? `: ${why.join('; ')}` : ''}`,
        ...(node ? { node } : {}),
      };
    }
    if (state === 'complete' || state === 'failed')
      return {
        kind: 'done',
        state,
        ...(task?.Status?.ContainerStatus?.ExitCode !== undefined ? { exitCode: task.Status.ContainerStatus.ExitCode } : {}),
        ...(task?.Status?.ContainerStatus?.ContainerID ? { containerId: task.Status.ContainerStatus.ContainerID } : {}),
        ...(node ? { node } : {}),
      };
    if (TERMINAL_BAD.has(state)) {
      const why = task?.Status?.Err || task?.Status?.Message || 'no reason given';
      return {
        kind: 'infra',
        detail: `the cluster ${state === 'rejected' ? 'rejected' : `ended (${state})`} the job's task${at}: ${why} (node drained, lost or without resources)`,
        ...(node ? { node } : {}),
      };
    }
    if (WAITING.has(state)) {
      if (performance.now() - created > pendingLimitMs)
        return {
          kind: 'infra',
          detail: `no node accepted the job within ${Math.round(pendingLimitMs / 1000)} s (task ${state}: ${task?.Status?.Err || task?.Status?.Message || 'waiting'}); reserved ${(this.o.reserveNanoCpus ?? 0) / 1e9} CPUs and ${Math.round((this.o.reserveMemoryBytes ?? 0) / 2 ** 20)} MiB`,
        };
      const impossible =
        state === 'pending' && /insufficient resources/.test(task?.Status?.Err ?? '') ? await this.beyondEveryNode() : undefined;
      if (impossible) return { kind: 'infra', detail: `the cluster rejected the job for resources: ${impossible}` };
    } else {
      runningSince ??= performance.now();
      if (performance.now() - runningSince > (deadlineSec + RUNNING_GRACE_SEC) * 1000)
        return { kind: 'deadline', ...(node ? { node } : {}) };
    }
    return {
      kind: 'waiting',
      ...(node ? { node } : {}),
      ...(task?.NodeID ? { nodeId: task.NodeID } : {}),
      ...(runningSince !== undefined ? { runningSince } : {}),
    };
  }

  jobCounts(): JobCounts {
    return this.board.counts();
  }

  watchJobs(listener: () => void): () => void {
    return this.board.watch(listener);
  }

  /** Why no node, however idle, could ever take a job with these reservations (undefined if one could). */
  private async beyondEveryNode(): Promise<string | undefined> {
    const cpus = this.o.reserveNanoCpus ?? 0;
    const mem = this.o.reserveMemoryBytes ?? 0;
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

  private removeConfig(id: string): Promise<void> {
    return removeWhenFree(() => this.docker.getConfig(id).remove());
  }

  private removeNetwork(id: string): Promise<void> {
    return removeWhenFree(() => this.docker.getNetwork(id).remove());
  }

  nodeOf(labels: object): string | undefined {
    return this.nodes.get(labels);
  }

  /** Agent jobs on any node, reached through this run's gateway (remote/agent-hub.ts). */
  readonly agentBoxes = { start: (spec: BoxSpec) => this.agentBox(spec), routeInside: AGENT_JOB_ROUTE };

  private async agentBox(spec: BoxSpec): Promise<AgentBox> {
    this.hub ??= new AgentHub(this.docker, {
      ...this.o,
      labels: this.ownerLabels,
      board: this.board,
      nodeName: (id) => this.nodeName(id),
    });
    const box = await this.hub.startBox(spec);
    if (box.node) {
      this.nodes.set(spec.labels, box.node);
      this.agentNodes.set(spec.labels, box.node);
    }
    return box;
  }

  agentNodeOf(labels: object): string | undefined {
    return this.agentNodes.get(labels);
  }

  async dispose(): Promise<void> {
    this.events?.close();
    await this.hub?.dispose();
    for (const name of [...this.live])
      await this.docker
        .getService(name)
        .remove()
        .catch(() => undefined);
    await Promise.all([...this.cleanups]);
  }
}
