// Docker figures: harness overhead per item against a bare `docker run --rm <image> true` of the
// same image, and fixture throughput at concurrency 1, 2 and 4 (gold agent, no model time).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset } from '../harness/load/pilot-inputs.js';
import { runPilot } from '../harness/run/pilot.js';
import { ensureFixtureBaseImage } from '../harness/sandboxes/docker/base-image.js';
import { connectDocker } from '../harness/sandboxes/docker/engine.js';
import { resolveTaskImage } from '../harness/sandboxes/docker/task-image.js';
import { repoRoot } from '../harness/cli/version.js';
import type { BenchSuite } from './types.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const pilotSuite: BenchSuite = {
  name: 'pilot',
  async run() {
    let docker;
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
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next < n) {
          next += 1;
          const c = await docker.createContainer({ Image: image, Cmd: ['true'], HostConfig: { NetworkMode: 'none' } });
          await c.start();
          await c.wait();
          await c.remove({ force: true });
        }
      }));
      figures[`bareRunsPerMinuteAtConcurrency${concurrency}`] = Math.round((n / (performance.now() - t)) * 60_000 * 10) / 10;
    }
    for (const concurrency of [1, 2, 4]) {
      const out = mkdtempSync(join(tmpdir(), 'wave-bench-pilot-bench-'));
      try {
        const t = performance.now();
        const items = await runPilot({ docker, rows, agents: [{ kind: 'gold' }], epochs: 2, concurrency, resume: false, retryInfra: 0, outDir: out, runId: `bench-${concurrency}`, images: { contextDir: fixtures }, verifyTimeoutSec: 60 });
        const wall = performance.now() - t;
        figures[`itemsPerMinuteAtConcurrency${concurrency}`] = Math.round((items.length / wall) * 60_000 * 10) / 10;
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
    return { tasks: [], figures };
  },
};
