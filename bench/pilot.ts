// Docker figures: harness overhead per item against a bare `docker run --rm <image> true` of the
// same image, and fixture throughput at concurrency 1, 2 and 4 (gold agent, no model time).
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../harness/load/pilot-inputs.js';
import { runPilot } from '../harness/run/pilot.js';
import { ensureFixtureBaseImage } from '../harness/sandboxes/docker/base-image.js';
import { connectDocker } from '../harness/sandboxes/docker/engine.js';
import { resolveTaskImage } from '../harness/sandboxes/docker/task-image.js';
import { repoRoot } from '../harness/version.js';
import type { BenchSuite } from './types.js';
import { swarmFigures } from './pilot-swarm.js';
import { swarmAgentFigures } from './pilot-swarm-agents.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** How busy the machine's cores were while `work` ran (0–1, all cores): shows when concurrency has no CPU left to use. */
async function cpuBusy<T>(work: () => Promise<T>): Promise<{ value: T; busy: number }> {
  const sample = () =>
    cpus().reduce(
      (acc, c) => ({
        idle: acc.idle + c.times.idle,
        total: acc.total + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle,
      }),
      { idle: 0, total: 0 },
    );
  const before = sample();
  const value = await work();
  const after = sample();
  const total = after.total - before.total;
  return { value, busy: total > 0 ? Math.round((1 - (after.idle - before.idle) / total) * 100) / 100 : 0 };
}

export const pilotSuite: BenchSuite = {
  name: 'pilot',
  async run() {
    let docker: Awaited<ReturnType<typeof connectDocker>>;
    try {
      docker = await connectDocker();
    } catch (error) {
      return { tasks: [], figures: { skipped: `no Docker engine: ${(error as Error).message}` } };
    }
    await ensureFixtureBaseImage(docker);
    const fixtures = join(repoRoot(), 'pilots', 'fixtures');
    const rows = loadDataset(join(fixtures, 'tasks.jsonl')).rows.filter((r) => r.instance_id !== 'fixture__sleeper-timeout');
    const image = (await resolveTaskImage(docker, rows[0]!, { contextDir: fixtures })).image;
    const bare: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      const t = performance.now();
      const c = await docker.createContainer({ Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
      await c.start();
      await c.wait();
      await c.remove({ force: true });
      bare.push(performance.now() - t);
    }
    const figures: Record<string, number | string> = { bareDockerRunMsMedian: Math.round(median(bare)) };
    // How far the engine itself scales: the ceiling for any harness throughput gain from concurrency.
    for (const concurrency of [1, 2]) {
      const n = 12;
      let next = 0;
      const t = performance.now();
      const { busy } = await cpuBusy(() =>
        Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < n) {
              next += 1;
              const c = await docker.createContainer({ Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
              await c.start();
              await c.wait();
              await c.remove({ force: true });
            }
          }),
        ),
      );
      figures[`bareRunsPerMinuteAtConcurrency${concurrency}`] = Math.round((n / (performance.now() - t)) * 60_000 * 10) / 10;
      figures[`bareCpuBusyAtConcurrency${concurrency}`] = busy;
    }
    for (const concurrency of [1, 2, 4]) {
      const out = mkdtempSync(join(tmpdir(), 'wave-bench-pilot-bench-'));
      try {
        const t = performance.now();
        const { value: items, busy } = await cpuBusy(() =>
          runPilot({
            docker,
            rows,
            agents: [{ kind: 'gold' }],
            epochs: 4,
            concurrency,
            resume: false,
            retryInfra: 0,
            outDir: out,
            runId: `bench-${concurrency}`,
            images: { contextDir: fixtures },
            verifyTimeoutSec: 60,
          }),
        );
        const wall = performance.now() - t;
        figures[`itemsPerMinuteAtConcurrency${concurrency}`] = Math.round((items.length / wall) * 60_000 * 10) / 10;
        figures[`itemsCpuBusyAtConcurrency${concurrency}`] = busy;
        if (concurrency === 1) {
          const overhead = items.map((i) => i.durationsMs.total - i.durationsMs.agent - i.durationsMs.tests);
          figures.harnessOverheadPerItemMsMedian = median(overhead);
          figures.overheadVsBareDockerRun = Math.round((median(overhead) / median(bare)) * 100) / 100;
          figures.resolved = items.filter((i) => i.resolved).length;
          figures.items = items.length;
        }
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
    // The CLI verifies with the engine's bridge network by default (SWE-bench Pro's policy): its cost at concurrency 2.
    {
      const out = mkdtempSync(join(tmpdir(), 'wave-bench-pilot-bench-'));
      try {
        const t = performance.now();
        const { value: items, busy } = await cpuBusy(() =>
          runPilot({
            docker,
            rows,
            agents: [{ kind: 'gold' }],
            epochs: 4,
            concurrency: 2,
            resume: false,
            retryInfra: 0,
            outDir: out,
            runId: 'bench-bridge',
            images: { contextDir: fixtures },
            verifyTimeoutSec: 60,
            verifyNetwork: 'bridge',
          }),
        );
        figures.itemsPerMinuteAtConcurrency2BridgeNetwork = Math.round((items.length / (performance.now() - t)) * 60_000 * 10) / 10;
        figures.itemsCpuBusyAtConcurrency2BridgeNetwork = busy;
        figures.resolvedBridgeNetwork = items.filter((i) => i.resolved).length;
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    }
    Object.assign(figures, await swarmFigures(docker, rows, fixtures));
    if (!('swarmSkipped' in figures)) Object.assign(figures, await swarmAgentFigures());
    return { tasks: [], figures };
  },
};
