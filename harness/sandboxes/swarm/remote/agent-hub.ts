// Agents as swarm jobs (docs/cluster.md "Agents as swarm jobs"): the coordinator's end. Each agent
// box is a `replicated-job` service running the agent image (the task image with the agent's
// runtime copied in) on any node, on the internal `wave-bench-agents` overlay. Its only peer there
// is the run's gateway, a service pinned to this node that passes each connection to the hub's Unix
// socket bound in from here. The hub reads the connection's header and hands it on: the daemon's
// control connection and command connections to their box, the model route and the control relay
// to the box's host-side sockets (the same ones the local backend binds in). Host-side commands
// (the CLI runs the launcher starts) reach a box through a second socket, never bound anywhere.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join as joinPath } from 'node:path';
import type Docker from 'dockerode';
import { WaveBenchError } from '../../../../orchestrator/index.js';
import type { BoxSpec } from '../../docker/agent-box.js';
import { DEFAULT_LIMITS } from '../../docker/container.js';
import type { JobBoard } from '../job-board.js';
import { type JobPlacement, jobScheduling } from '../job-spec.js';
import { pushTaskImage } from '../registry.js';
import { ensureRuntimeImage, JS_DIR, pushAgentImage, REMOTE_JS } from './agent-image.js';
import { type BoxLink, RemoteBox } from './remote-box.js';
import { type ChannelHeader, encodeFrame, type ExecSpec, FRAME, join, readLine } from './wire.js';

export const AGENTS_NETWORK = 'wave-bench-agents';
/** The folder inside an agent job where its daemon makes the model route's and the relay's sockets. */
export const AGENT_JOB_ROUTE = '/tmp/wave-agent/route';
const GATEWAY_PORT = 7000;
/** Tries for an agent job the cluster rejects before it starts (e.g. "assigned node no longer meets constraints"). */
const START_ATTEMPTS = 3;

class RejectedBeforeStart extends WaveBenchError {}
const CLIENT = joinPath(REMOTE_JS, 'exec-client.js');

export interface HubOptions extends JobPlacement {
  registry: string;
  pendingTimeoutSec?: number;
  /** Labels every service carries (the run, the owner process: leftovers are found by them). */
  labels: Record<string, string>;
  /** The run's jobs by node: agent jobs are on it while they exist. */
  board: JobBoard;
  /** The node name of a node id. */
  nodeName: (id: string) => Promise<string>;
}

export class AgentHub implements BoxLink {
  private readonly boxes = new Map<string, RemoteBox>();
  private readonly waiting = new Map<string, { box: RemoteBox; resolve: (s: Socket) => void }>();
  private readonly servers: Server[] = [];
  private readonly images = new Map<string, Promise<string>>();
  private readonly dirs: string[] = [];
  /** The gateway service's name (the jobs' DNS name for it), once started. */
  private gateway?: Promise<string>;
  private localSocket = '';
  private jobSocket = '';

  constructor(
    private readonly docker: Docker,
    private readonly o: HubOptions,
  ) {}

  /** Starts an agent job for `spec` and waits until its daemon is connected. */
  async startBox(spec: BoxSpec): Promise<RemoteBox> {
    await this.listen();
    // (the runtime's key is its files' content: each item's binds name its own host folders)
    const runtime = await ensureRuntimeImage(this.docker, spec.binds);
    const gateway = await (this.gateway ??= this.startGateway(runtime, spec.node));
    const image = await this.once(`agent ${spec.image} ${runtime}`, () =>
      pushAgentImage(this.docker, { registry: this.o.registry, taskImage: spec.image, runtime, binds: spec.binds }),
    );
    // A task the cluster rejects before its daemon connected has done nothing yet: it is started
    // again (a few times) before the item counts it as infrastructure.
    for (let attempt = 1; ; attempt += 1) {
      const name = `wb-${randomBytes(12).toString('hex')}`;
      const box = new RemoteBox(name, spec.routeDir, this);
      this.boxes.set(box.token, box);
      try {
        const service = await this.docker.createService(this.jobSpec(name, box, spec, image, gateway) as never);
        box.serviceId = (service as { id: string }).id;
        this.o.board.mark(name, undefined);
        await this.awaitDaemon(box);
        return box;
      } catch (error) {
        await box.remove().catch(() => undefined);
        if (!(error instanceof RejectedBeforeStart) || attempt >= START_ATTEMPTS) throw error;
      }
    }
  }

  /** An agent image is built and pushed once per run, task image and runtime (a failure is tried again by the next item). */
  private once(key: string, make: () => Promise<string>): Promise<string> {
    let p = this.images.get(key);
    if (!p) {
      p = make();
      this.images.set(key, p);
      p.catch(() => this.images.delete(key));
    }
    return p;
  }

  private jobSpec(name: string, box: RemoteBox, spec: BoxSpec, image: string, gateway: string): object {
    const limits = spec.limits ?? DEFAULT_LIMITS;
    return {
      Name: name,
      Labels: { ...this.o.labels, ...spec.labels },
      TaskTemplate: {
        ContainerSpec: {
          Image: image,
          Command: [...spec.node, `${JS_DIR}/daemon.js`],
          Env: [`WB_GATEWAY=${gateway}:${GATEWAY_PORT}`, `WB_TOKEN=${box.token}`, `WB_ROUTE=${AGENT_JOB_ROUTE}`],
          Hosts: spec.extraHosts.map((h) => `${h.slice(h.lastIndexOf(':') + 1)} ${h.slice(0, h.lastIndexOf(':'))}`),
          Init: true,
          Labels: { ...this.o.labels, ...spec.labels },
        },
        ...jobScheduling(limits, this.o),
        Networks: [{ Target: AGENTS_NETWORK }],
      },
      Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
    };
  }

  /** Until the daemon says it is ready; a task the cluster rejects, ends or never places is infrastructure. */
  private async awaitDaemon(box: RemoteBox): Promise<void> {
    const limitMs = ((this.o.pendingTimeoutSec ?? 600) + 120) * 1000;
    const started = performance.now();
    let ready = false;
    void box.whenReady.then(() => {
      ready = true;
    });
    for (;;) {
      const tasks = (await this.docker.listTasks({ filters: { service: [box.serviceId] } })) as {
        NodeID?: string;
        Status?: { State?: string; Err?: string; Message?: string };
      }[];
      const t = tasks[0];
      if (t?.NodeID && !box.node) {
        box.node = await this.o.nodeName(t.NodeID);
        this.o.board.mark(box.name, box.node);
      }
      if (ready) return;
      const state = t?.Status?.State ?? 'new';
      if (['rejected', 'shutdown', 'orphaned', 'remove', 'failed', 'complete'].includes(state))
        throw new (state === 'rejected' ? RejectedBeforeStart : WaveBenchError)(
          'agent-container-swarm',
          `the cluster ended the agent job ${box.name} before its daemon connected (task ${state}: ${t?.Status?.Err || t?.Status?.Message || 'no reason given'})`,
        );
      if (performance.now() - started > limitMs)
        throw new WaveBenchError(
          'agent-container-swarm',
          `the agent job ${box.name} was not running with its daemon connected within ${Math.round(limitMs / 1000)} s (task ${state}: ${t?.Status?.Err || 'waiting'})`,
        );
      await Promise.race([box.whenReady, new Promise((r) => setTimeout(r, 250))]);
    }
  }

  private async listen(): Promise<void> {
    if (this.jobSocket) return;
    const jobsDir = mkdtempSync(joinPath(tmpdir(), 'wave-bench-hub-'));
    chmodSync(jobsDir, 0o755);
    const clientDir = mkdtempSync(joinPath(tmpdir(), 'wave-bench-hub-local-')); // 0700: this host's processes of this user
    this.dirs.push(jobsDir, clientDir);
    this.jobSocket = joinPath(jobsDir, 'hub.sock');
    this.localSocket = joinPath(clientDir, 'local.sock');
    this.servers.push(await serve(this.jobSocket, (s) => this.onJobConnection(s)));
    this.servers.push(await serve(this.localSocket, (s) => this.onClientConnection(s)));
  }

  /** A connection from a job, through the gateway: dispatched by its header. */
  private async onJobConnection(socket: Socket): Promise<void> {
    socket.on('error', () => socket.destroy());
    const { line, rest } = await readLine(socket);
    const header = JSON.parse(line) as ChannelHeader;
    const box = this.boxes.get(header.token);
    if (!box) return void socket.destroy();
    if (header.kind === 'control') return box.attachControl(socket, rest);
    if (header.kind === 'exec') {
      const w = this.waiting.get(header.id ?? '');
      if (!w || w.box !== box) return void socket.destroy();
      this.waiting.delete(header.id!);
      return w.resolve(socket);
    }
    const file = header.kind === 'model' ? 'model.sock' : header.kind === 'relay' ? 'control.sock' : '';
    if (!file) return void socket.destroy();
    const host = connect({ path: joinPath(box.routeDir, file), allowHalfOpen: true });
    host.once('connect', () => join(socket, host, rest));
    host.once('error', () => socket.destroy());
  }

  /** A host-side command (the exec client): its spec, then frames both ways with the job's command connection. */
  private async onClientConnection(socket: Socket): Promise<void> {
    socket.on('error', () => socket.destroy());
    const { line, rest } = await readLine(socket);
    const { token, spec } = JSON.parse(line) as { token: string; spec: ExecSpec };
    const box = this.boxes.get(token);
    try {
      if (!box) throw new Error('no such agent job (it was removed)');
      const remote = await box.open(spec);
      join(socket, remote, rest);
    } catch (error) {
      socket.end(encodeFrame(FRAME.exit, JSON.stringify({ code: null, error: `wave-bench: ${(error as Error).message}` })));
    }
  }

  openCommand(box: RemoteBox, id: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new WaveBenchError('agent-container-lost', `agent job ${box.name} opened no connection for a command within 60 s`));
      }, 60_000);
      this.waiting.set(id, {
        box,
        resolve: (s) => {
          clearTimeout(timer);
          resolve(s);
        },
      });
      try {
        box.send({ op: 'exec', id });
      } catch (error) {
        clearTimeout(timer);
        this.waiting.delete(id);
        reject(error);
      }
    });
  }

  clientArgv(box: RemoteBox, names: string[], cwd: string, argv: string[]): string[] {
    return [process.execPath, CLIENT, this.localSocket, box.token, cwd, ...names, '--', ...argv];
  }

  async removeJob(box: RemoteBox): Promise<void> {
    this.boxes.delete(box.token);
    if (box.serviceId)
      await this.docker
        .getService(box.serviceId)
        .remove()
        .catch(() => undefined);
    this.o.board.drop(box.name);
  }

  /** The gateway service on this node; resolves to its name (the jobs' DNS name for it). */
  private async startGateway(runtime: string, node: string[]): Promise<string> {
    const info = (await this.docker.info()) as { Swarm?: { NodeID?: string } };
    const image = await pushTaskImage(this.docker, this.o.registry, runtime);
    const name = `wb-gw-${randomBytes(8).toString('hex')}`;
    await this.docker.createService({
      Name: name,
      Labels: this.o.labels,
      TaskTemplate: {
        ContainerSpec: {
          Image: image,
          Command: [...node, `${JS_DIR}/gateway.js`, String(GATEWAY_PORT), '/wb-hub/hub.sock'],
          Mounts: [{ Type: 'bind', Source: dirname(this.jobSocket), Target: '/wb-hub', ReadOnly: true }],
          Labels: this.o.labels,
        },
        RestartPolicy: { Condition: 'any' },
        Placement: { Constraints: [`node.id==${info.Swarm?.NodeID ?? ''}`] },
        Networks: [{ Target: AGENTS_NETWORK }],
      },
      Mode: { Replicated: { Replicas: 1 } },
      EndpointSpec: { Mode: 'dnsrr' },
    } as never);
    return name;
  }

  async dispose(): Promise<void> {
    for (const box of [...this.boxes.values()]) await box.remove().catch(() => undefined);
    const gateway = await this.gateway?.catch(() => undefined);
    if (gateway)
      await this.docker
        .getService(gateway)
        .remove()
        .catch(() => undefined);
    for (const s of this.servers) s.close();
    for (const d of this.dirs) rmSync(d, { recursive: true, force: true });
  }
}

function serve(path: string, onConnection: (s: Socket) => Promise<void>): Promise<Server> {
  const server = createServer({ allowHalfOpen: true }, (s) => {
    onConnection(s).catch(() => s.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}
