// `--backend swarm` figures for `npm run bench -- pilot`: per-item wall time of the same fixture
// items (gold, no model time) through Swarm jobs and through the local engine on this one node, the
// coordinator's own CPU per item, and a throughput model versus node count built from them.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRunScripts } from '../harness/load/run-scripts.js';
import { runPilot } from '../harness/run/pilot.js';
import type { DockerClient } from '../harness/sandboxes/docker/engine.js';
import type { CompletionRunner } from '../harness/sandboxes/runner.js';
import { SwarmRunner } from '../harness/sandboxes/swarm/swarm-runner.js';
import type { DatasetRow } from '../harness/schema/pilot.js';

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

/** Seconds the realistic-length items' tests take: real SWE-bench Pro verifications run for tens of seconds to minutes. */
const SLOW_TESTS_SEC = 10;

/**
 * The fixtures' own run scripts, each waiting SLOW_TESTS_SEC before it runs the tests: the same
 * items with a verification of a realistic length, so the fixed cost per job is seen beside it.
 */
function slowRunScripts(fixtures: string, rows: DatasetRow[]) {
  const dir = mkdtempSync(join(tmpdir(), 'wave-bench-slow-run-scripts-'));
  for (const row of rows) {
    const from = join(fixtures, 'run_scripts', row.instance_id);
    // Dereferenced: the fixtures share one run_script.sh through symlinks, which a plain copy would
    // keep (with absolute targets), and the write below would then go through them into the fixtures.
    cpSync(from, join(dir, row.instance_id), { recursive: true, dereference: true });
    const script = readFileSync(join(from, 'run_script.sh'), 'utf8').replace(/^#!.*\n/, '');
    writeFileSync(join(dir, row.instance_id, 'run_script.sh'), `#!/bin/bash\nsleep ${SLOW_TESTS_SEC}\n${script}`);
  }
  return { dir, scripts: loadRunScripts(dir, rows) };
}

async function timed(
  docker: DockerClient,
  rows: DatasetRow[],
  fixtures: string,
  concurrency: number,
  runner?: CompletionRunner,
  o: { epochs?: number; runScripts?: ReturnType<typeof loadRunScripts> } = {},
) {
  const out = mkdtempSync(join(tmpdir(), 'wave-bench-swarm-bench-'));
  try {
    const cpu = process.cpuUsage();
    const t = performance.now();
    const items = await runPilot({
      docker,
      rows,
      agents: [{ kind: 'gold' }],
      epochs: o.epochs ?? 4,
      concurrency,
      ...(o.runScripts ? { runScripts: o.runScripts } : {}),
      resume: false,
      retryInfra: 0,
      outDir: out,
      runId: `bench-swarm-${concurrency}`,
      images: { contextDir: fixtures },
      verifyTimeoutSec: 60,
      ...(runner ? { runner } : {}),
    });
    const wall = performance.now() - t;
    const used = process.cpuUsage(cpu);
    return {
      n: items.length,
      resolved: items.filter((i) => i.resolved).length,
      msPerItem: wall / items.length,
      perMinute: (items.length / wall) * 60_000,
      cpuMsPerItem: (used.user + used.system) / 1000 / items.length,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function swarmFigures(docker: DockerClient, rows: DatasetRow[], fixtures: string): Promise<Record<string, number | string>> {
  const registry = process.env.WAVE_BENCH_REGISTRY ?? '127.0.0.1:5000';
  let runner: SwarmRunner;
  try {
    runner = await SwarmRunner.create(docker, { registry, outDir: join(tmpdir(), 'wave-bench-swarm-bench') });
  } catch (error) {
    return { swarmSkipped: `no swarm (run scripts/ensure-swarm.sh): ${(error as Error).message}` };
  }
  try {
    // One warm-up item pushes the image to the registry (once per image id), as any run's first item would.
    await timed(docker, rows.slice(0, 1), fixtures, 1, runner);
    const local1 = await timed(docker, rows, fixtures, 1);
    const swarm1 = await timed(docker, rows, fixtures, 1, runner);
    const swarm2 = await timed(docker, rows, fixtures, 2, runner);
    const perNode = swarm2.perMinute;
    // The coordinator does no container work itself: its CPU per item bounds how many nodes it can feed.
    const coordinatorCeiling = 60_000 / Math.max(swarm2.cpuMsPerItem, 1);
    const figures: Record<string, number | string> = {
      swarmItems: swarm1.n,
      swarmResolved: swarm1.resolved + swarm2.resolved,
      localMsPerItemAtConcurrency1: Math.round(local1.msPerItem),
      swarmMsPerItemAtConcurrency1: Math.round(swarm1.msPerItem),
      swarmOverVsLocal: round(swarm1.msPerItem / local1.msPerItem, 2),
      // Swarm's cost is a fixed amount per item (configs, scheduling, dispatch, logs): the ratio is
      // large for sub-second fixture items and small for real ones (minutes of tests each).
      swarmExtraMsPerItem: Math.round(swarm1.msPerItem - local1.msPerItem),
      swarmItemsPerMinuteAtConcurrency1: round(swarm1.perMinute),
      swarmItemsPerMinuteAtConcurrency2: round(swarm2.perMinute),
      coordinatorCpuMsPerSwarmItem: round(swarm2.cpuMsPerItem),
      coordinatorItemsPerMinuteCeiling: Math.round(coordinatorCeiling),
    };
    for (const nodes of [1, 2, 4, 8, 16])
      figures[`modelItemsPerMinuteWith${nodes}Nodes`] = Math.round(Math.min(nodes * perNode, coordinatorCeiling));
    // The same items with a verification of realistic length (tests that take SLOW_TESTS_SEC): one epoch each.
    const slow = slowRunScripts(fixtures, rows);
    try {
      const localSlow = await timed(docker, rows, fixtures, 1, undefined, { epochs: 1, runScripts: slow.scripts });
      const swarmSlow = await timed(docker, rows, fixtures, 1, runner, { epochs: 1, runScripts: slow.scripts });
      figures.slowTestsSec = SLOW_TESTS_SEC;
      figures.slowResolved = localSlow.resolved + swarmSlow.resolved;
      figures.slowItems = localSlow.n + swarmSlow.n;
      figures.localMsPerSlowItem = Math.round(localSlow.msPerItem);
      figures.swarmMsPerSlowItem = Math.round(swarmSlow.msPerItem);
      figures.swarmOverVsLocalSlowItems = round(swarmSlow.msPerItem / localSlow.msPerItem, 2);
    } finally {
      rmSync(slow.dir, { recursive: true, force: true });
    }
    return figures;
  } finally {
    await runner.dispose();
  }
}
