// Where an in-container agent's processes run (docs/executors.md "Agents inside the task
// container"): a box. The local backend's box is a task container of this engine with the agent's
// runtime and the host's route folder bound in, commands started with the engine's exec; the swarm
// backend's is an agent job on any node (../swarm/remote). AgentContainer runs the same on either.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { WaveBenchError } from '../../../orchestrator/index.js';
import { type ContainerLimits, TaskContainer } from './container.js';
import type { DockerClient as Docker } from './engine.js';

export const AGENT_ROOT = '/opt/wave-agent';
/** Where the local backend binds the host's route folder. */
export const LOCAL_ROUTE = `${AGENT_ROOT}/route`;
// Inside: kill every process but the container's first and this one.
const KILL_ALL = `for(const p of require('fs').readdirSync('/proc'))if(/^\\d+$/.test(p)&&+p>1&&+p!==process.pid)try{process.kill(+p,9)}catch{}`;

/** A command's result inside the box: never thrown for the command's own failure. */
export interface BoxExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Where the agent's processes run: the local task container (commands through the engine's exec),
 * or an agent job anywhere in a swarm (../swarm/remote). The agent code above it is the same.
 */
export interface AgentBox {
  exec(cmd: string[], o: { timeoutSec: number }): Promise<BoxExecResult>;
  /** Starts a helper that runs until killAll() (the model route's forwarder). */
  startDetached(cmd: string[]): Promise<void>;
  /** The host command line that runs `cmd` in /app with the named variables (their values in its environment). */
  hostCommand(names: string[], cmd: string[]): string[];
  /** Ends every process the agents started (and the helpers). */
  killAll(): Promise<void>;
  /** A tar stream of /app. */
  appArchive(): Promise<NodeJS.ReadableStream>;
  remove(): Promise<void>;
}

/** What a box is made of: the task image, the runtime bound in read-only, and the host's route folder. */
export interface BoxSpec {
  image: string;
  labels: Record<string, string>;
  limits?: ContainerLimits;
  /** `host:inside:ro` binds of the runtime (node, its loader and libraries, the CLI, the control shim). */
  binds: string[];
  /** Host folder holding `model.sock` (the model route) and `control.sock` (the control relay), seen as the box's route folder inside. */
  routeDir: string;
  /** /etc/hosts lines (`name:address`). */
  extraHosts: string[];
  /** node's argv inside (the runtime's loader and node). */
  node: string[];
}

/** The local backend's box: a task container on this engine, with the runtime and the route bound in. */
export async function localBox(docker: Docker, spec: BoxSpec): Promise<AgentBox> {
  const task = await TaskContainer.create(docker, {
    image: spec.image,
    labels: spec.labels,
    ...(spec.limits ? { limits: spec.limits } : {}),
    binds: [...spec.binds, `${spec.routeDir}:${LOCAL_ROUTE}`],
    ...(spec.extraHosts.length ? { extraHosts: spec.extraHosts } : {}),
  });
  return {
    exec: (cmd, o) => task.exec(cmd, o),
    async startDetached(cmd) {
      const exec = await task.container.exec({ Cmd: cmd });
      // (the start request's connection is closed at once: left open it kept the process alive for minutes)
      const started = (await exec.start({ Detach: true })) as { destroy?: () => void } | undefined;
      started?.destroy?.();
    },
    hostCommand: (names, cmd) => [dockerClient(), 'exec', '-i', '-w', '/app', ...names.flatMap((k) => ['-e', k]), task.id, ...cmd],
    async killAll() {
      await task.exec([...spec.node, '-e', KILL_ALL], { timeoutSec: 30 });
    },
    appArchive: () => task.getArchiveStream('/app'),
    remove: () => task.remove(),
  };
}

export function findOnPath(
  name: string,
  fix = 'bash scripts/ensure-agent-clis.sh, then put .cache/agent-clis/node_modules/.bin on PATH',
): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, name))) return join(dir, name);
  throw new WaveBenchError('agent-cli-missing', `${name} is not on PATH`, { fix });
}

let dockerPath: string | undefined;
/** The docker client on the host's PATH. */
function dockerClient(): string {
  dockerPath ??= findOnPath('docker', "install the docker client (bash scripts/ensure-docker.sh installs Debian's docker.io)");
  return dockerPath;
}
