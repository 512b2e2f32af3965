// Where an item's run-to-completion containers run: the local engine (default) or a Docker Swarm
// cluster (`--backend swarm`). The pilot code sees only this interface.
import type Docker from 'dockerode';
import type { AgentBox, BoxSpec } from './docker/agent-box.js';
import { runToCompletion, type CompletedRun, type ContainerOptions } from './docker/container.js';

export interface RunSpec {
  cmd: string[];
  files: Record<string, string | Buffer>;
  collect: string;
  deadlineSec: number;
}

/** A completed run; `infra` says why the cluster (not the command) failed it, `node` where it ran. */
export interface RunnerResult extends CompletedRun {
  infra?: string;
  node?: string;
  /** The collected files as bytes (swarm only; `files` holds them as UTF-8 text). */
  raw?: Record<string, Buffer>;
}

/** Jobs started and not yet ended: waiting for a node (`queued`), and per node (`running`). */
export interface JobCounts {
  queued: number;
  running: Record<string, number>;
}

export interface CompletionRunner {
  readonly backend: 'local' | 'swarm';
  /** Runs `cmd` to completion with `files` in /tmp and returns the files under `collect`. */
  run(o: ContainerOptions, spec: RunSpec): Promise<RunnerResult>;
  /** The node that last ran a container with exactly this labels object (swarm only). */
  nodeOf(labels: object): string | undefined;
  /** The node whose agent job ran the agents of the item with exactly this labels object (swarm only). */
  agentNodeOf?(labels: object): string | undefined;
  /** Where the runner's unfinished jobs are now (swarm only). */
  jobCounts?(): JobCounts;
  /** Calls `listener` whenever jobCounts() changes; returns the unsubscribe (swarm only). */
  watchJobs?(listener: () => void): () => void;
  /** Boxes for in-container agents elsewhere than this engine (swarm: agent jobs on any node). */
  readonly agentBoxes?: { start: (spec: BoxSpec) => Promise<AgentBox>; routeInside: string };
  /** Removes whatever the runner still holds (services, configs). */
  dispose(): Promise<void>;
}

export class LocalRunner implements CompletionRunner {
  readonly backend = 'local' as const;
  constructor(private readonly docker: Docker) {}
  run(o: ContainerOptions, spec: RunSpec): Promise<RunnerResult> {
    return runToCompletion(this.docker, o, spec);
  }
  nodeOf(): undefined {
    return undefined;
  }
  async dispose(): Promise<void> {}
}
