// `npm run bench`: runs every suite (or those named on the command line) and writes
// reports/bench/latest.json. Speed goals are read from this file, never asserted in tests.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { repoRoot, packageVersion } from '../harness/version.js';
import { cliSuite } from './cli.js';
import { coordinationSuite } from './coordination.js';
import { launcherSuite, nativeSuiteBench } from './launcher.js';
import { pilotSuite } from './pilot.js';
import type { BenchSuite } from './types.js';

const SUITES: BenchSuite[] = [cliSuite, coordinationSuite, launcherSuite, nativeSuiteBench, pilotSuite];

function summarise(result: unknown): Record<string, number> | unknown {
  const r = result as
    | { state?: string; latency?: { mean?: number; p99?: number; samplesCount?: number }; throughput?: { mean?: number } }
    | undefined;
  if (!r?.latency) return r;
  return {
    meanMs: r.latency.mean ?? NaN,
    p99Ms: r.latency.p99 ?? NaN,
    samples:
      (r.latency as { samplesCount?: number; samples?: unknown[] }).samplesCount ??
      (r.latency as { samples?: unknown[] }).samples?.length ??
      0,
    opsPerSecond: r.throughput?.mean ?? NaN,
  };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const suites = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
  const file = join(repoRoot(), 'reports', 'bench', 'latest.json');
  // Running some suites keeps the others' last figures.
  const out: Record<string, unknown> = existsSync(file)
    ? ((JSON.parse(readFileSync(file, 'utf8')) as { suites?: Record<string, unknown> }).suites ?? {})
    : {};
  for (const suite of suites) {
    process.stdout.write(`bench ${suite.name} ...\n`);
    const result = await suite.run();
    // Each suite keeps when it ran and under what load: running some suites keeps the others' figures.
    out[suite.name] = {
      measuredAt: new Date().toISOString(),
      loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
      figures: result.figures,
      tasks: result.tasks.map((t) => ({ name: t.name, ...(summarise(t.result) as object) })),
    };
    for (const t of result.tasks) process.stdout.write(`  ${t.name}: ${JSON.stringify(summarise(t.result))}\n`);
    process.stdout.write(`  figures: ${JSON.stringify(result.figures)}\n`);
  }
  const dir = join(repoRoot(), 'reports', 'bench');
  mkdirSync(dir, { recursive: true });
  // The machine and its load beside the figures: they mean little without them (README performance section).
  const doc = {
    version: packageVersion(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverage1m: Math.round(loadavg()[0]! * 10) / 10,
    measuredAt: new Date().toISOString(),
    suites: out,
  };
  writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  process.stdout.write(`wrote ${file}\n`);
}

await main();
