// `pilot run|calibrate --backend local|swarm` and the swarm job options (docs/cluster.md).
import { resolve } from 'node:path';
import type { Argv } from 'yargs';
import type { DockerClient } from '../sandboxes/docker/engine.js';
import type { CompletionRunner } from '../sandboxes/runner.js';
import { SwarmRunner } from '../sandboxes/swarm/swarm-runner.js';
import { checkNumbers, int, UsageError } from './options.js';

export interface BackendArgs {
  backend: 'local' | 'swarm';
  registry: string;
  constraint: string[];
  'reserve-cpus'?: number;
  'reserve-memory'?: number;
  'pending-timeout': number;
}

export const BACKEND_RANGES = {
  'reserve-cpus': { min: 0, max: 1024, integer: false, above: false },
  'reserve-memory': int(0, 4 * 1024 * 1024),
  'pending-timeout': int(1, 86_400),
};

export function backendOptions<T>(y: Argv<T>) {
  return y
    .option('backend', {
      choices: ['local', 'swarm'] as const,
      default: 'local' as const,
      describe: 'Where item containers run: this engine, or Docker Swarm jobs (scripts/ensure-swarm.sh, docs/cluster.md)',
    })
    .option('registry', {
      type: 'string',
      default: '127.0.0.1:5000',
      describe: 'With --backend swarm: registry every node pulls task images from (HOST:PORT)',
    })
    .option('constraint', {
      type: 'array',
      string: true,
      default: [] as string[],
      describe: 'With --backend swarm: placement constraint per job, e.g. node.labels.wave==1 (repeatable)',
    })
    .option('reserve-cpus', { type: 'number', describe: 'With --backend swarm: CPUs each job reserves (default 0: see docs/cluster.md)' })
    .option('reserve-memory', { type: 'number', describe: 'With --backend swarm: MiB each job reserves (default 0: see docs/cluster.md)' })
    .option('pending-timeout', {
      type: 'number',
      default: 600,
      describe: 'With --backend swarm: seconds a job may wait for a node before it is an infrastructure failure',
    })
    .check((a) => {
      const b = a as unknown as BackendArgs;
      if (b.backend !== 'swarm' && (b.constraint.length || b['reserve-cpus'] !== undefined || b['reserve-memory'] !== undefined))
        throw new UsageError('--constraint, --reserve-cpus and --reserve-memory need --backend swarm');
      if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(b.registry))
        throw new UsageError(`--registry must be HOST or HOST:PORT, got ${JSON.stringify(b.registry)}`);
      for (const c of b.constraint)
        if (!/^[A-Za-z0-9._/-]+\s*(==|!=)\s*\S+$/.test(c))
          throw new UsageError(`--constraint must look like node.labels.KEY==VALUE or node.role!=manager, got ${JSON.stringify(c)}`);
      return checkNumbers(a as Record<string, unknown>, BACKEND_RANGES);
    });
}

/** The runner for `--backend`: undefined for local (the pilot's own containers), a SwarmRunner otherwise. */
export async function makeRunner(docker: DockerClient, a: BackendArgs, outDir: string): Promise<CompletionRunner | undefined> {
  if (a.backend !== 'swarm') return undefined;
  return SwarmRunner.create(docker, {
    registry: a.registry,
    constraints: a.constraint,
    outDir: resolve(outDir),
    pendingTimeoutSec: a['pending-timeout'],
    ...(a['reserve-cpus'] !== undefined ? { reserveNanoCpus: Math.round(a['reserve-cpus'] * 1e9) } : {}),
    ...(a['reserve-memory'] !== undefined ? { reserveMemoryBytes: Math.round(a['reserve-memory'] * 2 ** 20) } : {}),
  });
}
