// Agents inside the task container (docs/executors.md "Agents inside the task container"): the
// task image runs unmodified with no network at all (`NetworkMode: none`, loopback only); the CLI
// (codex's static binary, or claude's and opencode's glibc binaries run through the host's loader)
// and a runtime for a small forwarder (the host's node, its loader and libraries) are bound in
// read-only under /opt/wave-agent; the agent works in the container's own /app with the image's
// toolchain. Its only route out: a forwarder inside listens on the model endpoint's own port
// (the endpoint's host name resolves to 127.0.0.1 inside) and hands each connection to a Unix
// socket bound in from the host, where wave-bench connects it to that one host and port. The CLI
// process itself is started with `docker exec`, its variables passed by name only.
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readSync, realpathSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { WaveBenchError, type AgentPlacement, type CliInvocation, type ExecutorRunRequest } from '../../../orchestrator/index.js';
import { type AgentBox, AGENT_ROOT as ROOT, type BoxSpec, findOnPath, LOCAL_ROUTE, localBox } from './agent-box.js';
import type { ContainerLimits } from './container.js';
import { startControlRelay, writeControlClient } from './control-relay.js';
import type { DockerClient as Docker } from './engine.js';

const AGENT_HOME = '/tmp/wave-agent/home';
const AGENT_TMP = '/tmp/wave-agent/tmp';
const IMAGE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Launcher variables that mean the same inside (paths to host files are left out). */
const KEPT_ENV = ['WAVE_AGENT_ID', 'WAVE_LANE', 'WAVE_NUMBER'];

/** How one CLI is made available inside: the host folder bound in, the command there, extra PATH entries. */
interface CliRuntime {
  hostDir: string;
  /** The command inside; `glibc` ones are run through the host's loader bound in (see runtimeBinds). */
  command: string[];
  path: string[];
  /** A host binary linked against glibc: its loader and libraries are bound in, so it runs in any image. */
  glibc?: string;
  /** Changes to the agent's executor settings inside (codex: its own sandbox cannot work in a container, which is the sandbox). */
  settings?: Record<string, string>;
}

/**
 * A CLI whose npm package ships one glibc-linked native binary (claude's and opencode's platform
 * packages; the `bin` shim on PATH resolves to it): bound in with its folder, run through the
 * host's loader with the host's libraries (claude 2.1.x needs `librt`, which slim images lack).
 */
function glibcCli(name: string): CliRuntime {
  const binary = realpathSync(findOnPath(name));
  const head = Buffer.alloc(4);
  const fd = openSync(binary, 'r');
  try {
    readSync(fd, head, 0, 4, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])))
    throw new WaveBenchError('agent-cli-layout', `${name} on PATH resolves to ${binary}, which is not a native binary`, {
      fix: `install ${name} with npm on linux x64 (bash scripts/ensure-agent-clis.sh)`,
    });
  return { hostDir: dirname(binary), command: [`${ROOT}/cli/${basename(binary)}`], path: [], glibc: binary };
}

/** The CLIs that can run inside, found from the host's installation on PATH. */
const CLI_RUNTIMES: Record<string, () => CliRuntime> = {
  // @openai/codex ships a static musl binary in its platform package: it runs in any image.
  codex: () => {
    const shim = realpathSync(findOnPath('codex'));
    const hostDir = resolve(dirname(shim), '..', '..', 'codex-linux-x64', 'vendor', 'x86_64-unknown-linux-musl');
    if (!existsSync(join(hostDir, 'bin', 'codex')))
      throw new WaveBenchError('agent-cli-layout', `codex's static binary is not at ${hostDir}/bin/codex`, {
        fix: 'install codex with npm on linux x64 (bash scripts/ensure-agent-clis.sh)',
      });
    return {
      hostDir,
      command: [`${ROOT}/cli/bin/codex`],
      path: [`${ROOT}/cli/codex-path`],
      settings: { sandbox: 'danger-full-access' },
    };
  },
  claude: () => glibcCli('claude'),
  opencode: () => glibcCli('opencode'),
};

/** The executors that can run inside the task container. */
export const IN_CONTAINER_EXECUTORS = Object.keys(CLI_RUNTIMES);

/**
 * The host's node (for the forwarder) and any glibc-linked CLI, with the loader and libraries they
 * need, bound in file by file; both are run through that loader, so they work in any glibc or musl image.
 */
async function runtimeBinds(glibc: string | undefined): Promise<{ binds: string[]; loader: string[]; node: string[] }> {
  const node = realpathSync(process.execPath);
  const libs = new Set<string>();
  for (const binary of glibc ? [node, glibc] : [node]) {
    const { stdout } = await execa('ldd', [binary]);
    for (const m of stdout.matchAll(/(\/\S+)/g)) if (m[1] !== binary && existsSync(m[1]!)) libs.add(m[1]!);
  }
  const loaderPath = [...libs].find((p) => /ld-linux/.test(p));
  if (!loaderPath)
    throw new WaveBenchError('agent-runtime', `no dynamic loader in \`ldd ${node}\``, {
      fix: 'run wave-bench with a dynamically linked node on Linux',
    });
  const inside = new Map([...libs].map((p) => [basename(p), realpathSync(p)]));
  const binds = [`${node}:${ROOT}/bin/node:ro`, ...[...inside].map(([name, host]) => `${host}:${ROOT}/lib/${name}:ro`)];
  const loader = [`${ROOT}/lib/${basename(loaderPath)}`, '--library-path', `${ROOT}/lib`];
  return { binds, loader, node: [...loader, `${ROOT}/bin/node`] };
}

// Inside: listen on 127.0.0.1:<port>, pass every connection to the Unix socket.
const FORWARDER = `const net=require('net');const [port,sock]=process.argv.slice(1);net.createServer(c=>{const u=net.connect(sock);c.pipe(u).pipe(c);u.on('error',()=>c.destroy());c.on('error',()=>u.destroy());}).listen(+port,'127.0.0.1');`;
const PROBE = `require('net').connect(+process.argv[1],'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1));`;
/** The variable that marks an agent run's processes inside. */
const RUN_MARK = 'WAVE_AGENT_RUN';
// Inside: kill every process whose environment holds the given NAME=value.
const KILL_MARKED = `const fs=require('fs');const m=process.argv[1];for(const p of fs.readdirSync('/proc'))if(/^\\d+$/.test(p)&&+p!==process.pid)try{if(fs.readFileSync('/proc/'+p+'/environ','latin1').split('\\0').includes(m))process.kill(+p,9)}catch{}`;

export interface AgentContainerOptions {
  docker: Docker;
  image: string;
  /** Shell commands that prepare /app (the setup part of before_repo_set_cmd). */
  setup: string[];
  labels: Record<string, string>;
  limits?: ContainerLimits;
  /** The executor id (a CLI in IN_CONTAINER_EXECUTORS). */
  cli: string;
  /** The model endpoint's URL as the agent uses it (the only host and port it can reach). */
  endpoint: string;
  /** Variables the agent gets (name → value), taken from named host variables, credentials included. */
  agentEnv: Record<string, string>;
  /** The host workspace holding the wave's state: `wave-bench control` inside is relayed to it (control-relay.ts). */
  controlWorkspace?: string;
  /**
   * Makes the box (default: a task container on `docker`, the route bound in at /opt/wave-agent/route);
   * `--backend swarm` gives an agent job, whose daemon makes the route's sockets in `routeInside`.
   */
  box?: { start: (spec: BoxSpec) => Promise<AgentBox>; routeInside: string };
}

/** A running task container prepared for agents, with its model route. */
export class AgentContainer {
  private constructor(
    readonly box: AgentBox,
    private readonly runtime: CliRuntime,
    private readonly node: string[],
    private readonly servers: Server[],
    private readonly hostDirs: string[],
    private readonly o: AgentContainerOptions,
    private readonly routeInside: string,
  ) {}

  static async start(o: AgentContainerOptions): Promise<AgentContainer> {
    const runtime = CLI_RUNTIMES[o.cli]?.();
    const routeInside = o.box?.routeInside ?? LOCAL_ROUTE;
    if (!runtime)
      throw new WaveBenchError('agent-in-container-unsupported', `--agent-in-container does not run ${o.cli} yet`, {
        fix: `use --executor ${IN_CONTAINER_EXECUTORS.join('|')}, or drop --agent-in-container`,
      });
    const url = new URL(o.endpoint);
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const socketDir = mkdtempSync(join(tmpdir(), 'wave-bench-model-route-'));
    chmodSync(socketDir, 0o755);
    const hostDirs = [socketDir];
    const servers: Server[] = [];
    let box: AgentBox | undefined;
    try {
      servers.push(await forwardUnixSocket(join(socketDir, 'model.sock'), url.hostname, port));
      const { binds, loader, node } = await runtimeBinds(runtime.glibc);
      if (runtime.glibc) runtime.command = [...loader, ...runtime.command];
      const controlBinds: string[] = [];
      if (o.controlWorkspace) {
        const controlDir = mkdtempSync(join(tmpdir(), 'wave-bench-control-'));
        chmodSync(controlDir, 0o755);
        hostDirs.push(controlDir);
        servers.push(await startControlRelay(join(socketDir, 'control.sock'), o.controlWorkspace));
        writeControlClient(controlDir, `${ROOT}/control`, node, `${routeInside}/control.sock`);
        // Also at /usr/local/bin/wave-bench: a login shell (codex runs commands with `bash -lc`) may
        // reset PATH from the image's /etc/profile, which never names /opt/wave-agent.
        controlBinds.push(`${controlDir}:${ROOT}/control:ro`, `${join(controlDir, 'wave-bench')}:/usr/local/bin/wave-bench:ro`);
      }
      const spec: BoxSpec = {
        image: o.image,
        labels: o.labels,
        ...(o.limits ? { limits: o.limits } : {}),
        binds: [...binds, `${runtime.hostDir}:${ROOT}/cli:ro`, ...controlBinds],
        routeDir: socketDir,
        extraHosts: isIp(url.hostname) ? [] : [`${url.hostname}:127.0.0.1`],
        node,
      };
      box = await (o.box ? o.box.start(spec) : localBox(o.docker, spec));
      const c = new AgentContainer(box, runtime, node, servers, hostDirs, o, routeInside);
      await c.prepare(port);
      return c;
    } catch (error) {
      await box?.remove();
      for (const s of servers) s.close();
      for (const d of hostDirs) rmSync(d, { recursive: true, force: true });
      throw error;
    }
  }

  /** /app at base with no history, the agent's folders, and the forwarder listening. */
  private async prepare(port: number): Promise<void> {
    const setup = [
      'cd /app',
      ...this.o.setup,
      'rm -rf .git',
      `mkdir -p ${AGENT_HOME}/.codex ${AGENT_TMP}`, // CODEX_HOME must exist
      // a fresh one-commit repository when the image has git, as on the host: agents see no history
      'if command -v git >/dev/null; then git init -q && git add -A && git -c user.name=wave-bench -c user.email=wave-bench@localhost commit -qm base; fi',
    ];
    const set = await this.box.exec(['sh', '-c', setup.join(' && ')], { timeoutSec: 300 });
    if (set.exitCode !== 0)
      throw new WaveBenchError(
        'agent-container-setup',
        `preparing /app in the agent container failed (${set.exitCode}): ${set.stderr.slice(0, 300)}`,
      );
    await this.box.startDetached([...this.node, '-e', FORWARDER, String(port), `${this.routeInside}/model.sock`]);
    for (let i = 0; i < 100; i += 1) {
      if ((await this.box.exec([...this.node, '-e', PROBE, String(port)], { timeoutSec: 10 })).exitCode === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new WaveBenchError('agent-container-route', `the model route inside the agent container never listened on port ${port}`);
  }

  /** Top-level entries of /app (the wave's owned paths). */
  async topLevel(): Promise<string[]> {
    const r = await this.box.exec(['ls', '-A', '/app'], { timeoutSec: 30 });
    return r.stdout.split('\n').filter((n) => n && n !== '.git');
  }

  /** Runs a node script inside (tests probe the network with it). */
  runNode(script: string, args: string[] = []) {
    return this.box.exec([...this.node, '-e', script, ...args], { timeoutSec: 60 });
  }

  /** Where the CLI runs: in this container's /app, with only the agent's named variables. */
  placement(): AgentPlacement {
    const { runtime, o } = this;
    const container = this;
    return {
      request(r: ExecutorRunRequest): ExecutorRunRequest {
        const kept = Object.fromEntries(KEPT_ENV.filter((k) => r.env[k] !== undefined).map((k) => [k, r.env[k]!]));
        const path = [...runtime.path, ...(o.controlWorkspace ? [`${ROOT}/control`] : []), IMAGE_PATH];
        const env = { PATH: path.join(':'), HOME: AGENT_HOME, TMPDIR: AGENT_TMP, ...kept, ...o.agentEnv };
        const agent = runtime.settings ? { ...r.agent, executor: { ...r.agent.executor, ...runtime.settings } } : r.agent;
        return { ...r, agent, workspace: '/app', env };
      },
      command(inv: CliInvocation, inner: ExecutorRunRequest) {
        // Marks every process of this run inside (they inherit it), so they can be ended with it.
        const run = randomBytes(8).toString('hex');
        const innerEnv = { ...inner.env, ...inv.env, [RUN_MARK]: run };
        // The client is named by its full path: its PATH is the one the agent gets inside.
        const client: Record<string, string> = process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {};
        const names = Object.keys(innerEnv); // values travel in the client's environment, never in argv
        return {
          argv: container.box.hostCommand(names, [...runtime.command, ...inv.argv.slice(1)]),
          env: { ...innerEnv, ...client },
          cwd: tmpdir(),
          // `docker exec` cannot kill its command: end every process inside that carries this run's mark.
          stop: async () => {
            await container.runNode(KILL_MARKED, [`${RUN_MARK}=${run}`]).catch(() => undefined);
          },
        };
      },
    };
  }

  /** Ends every process the agents left inside (the forwarder too), so /app is still when it is read. */
  async stopAgents(): Promise<void> {
    await this.box.killAll();
  }

  /** A tar stream of /app after the agents. */
  appArchive(): Promise<NodeJS.ReadableStream> {
    return this.box.appArchive();
  }

  async dispose(): Promise<void> {
    for (const s of this.servers) s.close();
    for (const d of this.hostDirs) rmSync(d, { recursive: true, force: true });
    await this.box.remove();
  }
}

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

/** Host side of the route: each connection on the socket is joined to host:port, and to nothing else. */
function forwardUnixSocket(path: string, host: string, port: number): Promise<Server> {
  const server = createServer((inside) => {
    const upstream = createConnection({ host, port });
    inside.pipe(upstream).pipe(inside);
    upstream.on('error', () => inside.destroy());
    inside.on('error', () => upstream.destroy());
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(path, () => {
      chmodSync(path, 0o777); // the agent may run as any user of the image
      ok(server);
    });
  });
}
