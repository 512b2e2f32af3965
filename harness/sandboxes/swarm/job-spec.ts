// What one swarm job is made of: its inputs (inline in its command when small, else Swarm configs
// split into parts) and its `replicated-job` service spec (one task, the local container's limits,
// no restart, its own offline network unless the container has the network).
import type Docker from 'dockerode';
import { type ContainerLimits, type ContainerOptions, DEFAULT_LIMITS } from '../docker/container.js';
import type { jobScript } from './frame.js';

/**
 * Swarm tasks cannot join the engine's `none` network, so a job without network gets a network of
 * its own: an `--internal` overlay (no route off it, nobody else on it), made for the job and removed
 * after it. An overlay's addresses come from the swarm's pool and nothing of it is kept on the node
 * across an engine restart. (A swarm-scoped bridge was tried first: every engine restart leaves a
 * stale node-local copy that rejects tasks, moby/moby#37087, and making it again leaks one of the
 * node's local address pools each time until no network can be made.)
 */
export function offlineNetworkSpec(name: string, labels: Record<string, string>): object {
  return { Name: name, Driver: 'overlay', Internal: true, Attachable: false, CheckDuplicate: true, Labels: labels };
}

/** Swarm refuses configs over 500 KiB: larger inputs are split into parts and joined in the job. */
const CONFIG_PART_BYTES = 400 * 1024;
/** Inputs up to this size (all files together) travel inside the job's command instead of configs. */
const INLINE_INPUT_BYTES = 64 * 1024;

export interface JobConfig {
  id: string;
  name: string;
  file: string;
}
type Inputs = Parameters<typeof jobScript>[0]['inputs'];

/** The job's inputs; creates the configs large inputs need (the caller removes them). */
export async function prepareInputs(
  docker: Docker,
  o: { name: string; labels: Record<string, string>; files: Record<string, string | Buffer> },
): Promise<{ inputs: Inputs; configs: JobConfig[] }> {
  const inputs: Inputs = [];
  const configs: JobConfig[] = [];
  // Text inputs small enough for the job's own command line (one argument may hold 128 KiB on
  // Linux) go there: no config to create and remove. Anything else becomes configs.
  // (measured after shell quoting: each ' becomes four bytes)
  const values = Object.values(o.files);
  const inlineBytes = values.reduce(
    (n, c) => n + (typeof c === 'string' ? Buffer.byteLength(c) + 3 * (c.match(/'/g)?.length ?? 0) : Infinity),
    0,
  );
  if (inlineBytes <= INLINE_INPUT_BYTES && values.every((c) => typeof c === 'string' && !c.includes('\0'))) {
    for (const [file, content] of Object.entries(o.files)) inputs.push({ target: `/tmp/${file}`, inline: content as string });
    return { inputs, configs };
  }
  for (const [i, [file, content]] of Object.entries(o.files).entries()) {
    const data = Buffer.from(content);
    const parts: string[] = [];
    for (let k = 0, at = 0; at < data.length; k += 1, at += CONFIG_PART_BYTES) {
      // (an empty file has no parts: Swarm refuses empty configs)
      const cname = `${o.name}-${i}-${k}`;
      const created = (await docker.createConfig({
        Name: cname,
        Labels: o.labels,
        Data: data.subarray(at, at + CONFIG_PART_BYTES).toString('base64'),
      })) as { id?: string; ID?: string };
      configs.push({ id: created.id ?? created.ID ?? '', name: cname, file: `/wb-in/${i}.${k}` });
      parts.push(`/wb-in/${i}.${k}`);
    }
    inputs.push({ target: `/tmp/${file}`, parts });
  }
  return { inputs, configs };
}

export interface JobPlacement {
  constraints?: string[];
  reserveNanoCpus?: number;
  reserveMemoryBytes?: number;
}

/**
 * A job task's limits, reservations (none unless asked for), no restart, and its placement
 * constraints. Swarm's constraint enforcer re-checks a node's reservations whenever the node
 * changes (every job network attached to it or detached is a change). Engines before swarmkit's
 * fix of May 2026 (moby/swarmkit 4e661c892; Debian's docker.io 20.10 among them) count finished job
 * tasks there too, including those of removed services that stay in the store, so with any
 * reservation the enforcer soon shuts down every job that starts (docs/cluster.md, "Reservations").
 */
export function jobScheduling(limits: ContainerLimits, placement: JobPlacement): object {
  return {
    Resources: {
      Limits: { NanoCPUs: limits.nanoCpus, MemoryBytes: limits.memoryBytes, Pids: limits.pids },
      Reservations: {
        NanoCPUs: placement.reserveNanoCpus ?? 0,
        MemoryBytes: placement.reserveMemoryBytes ?? 0,
      },
    },
    RestartPolicy: { Condition: 'none', MaxAttempts: 0 },
    Placement: { Constraints: placement.constraints ?? [] },
  };
}

/** The `replicated-job` service running `script` once on any node that satisfies the placement. */
export function jobServiceSpec(o: {
  name: string;
  labels: Record<string, string>;
  image: string;
  script: string;
  configs: JobConfig[];
  container: ContainerOptions;
  placement: JobPlacement;
  /** The job's own offline network (a job whose container has the network has none). */
  offlineNetwork?: string;
}): object {
  const c = o.container;
  const limits = c.limits ?? DEFAULT_LIMITS;
  return {
    Name: o.name,
    Labels: o.labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: o.image,
        Command: ['sh', '-c', o.script],
        Env: Object.entries(c.env ?? {}).map(([k, v]) => `${k}=${v}`),
        ...(c.user ? { User: c.user } : {}),
        Labels: o.labels,
        Configs: o.configs.map((x) => ({ File: { Name: x.file, UID: '0', GID: '0', Mode: 0o444 }, ConfigID: x.id, ConfigName: x.name })),
      },
      ...jobScheduling(limits, o.placement),
      ...(o.offlineNetwork ? { Networks: [{ Target: o.offlineNetwork }] } : {}),
    },
    Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } },
  };
}
