// Coordination log benchmarks: append cost, and incremental refresh cost on a 100k-record log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  appendCoordinationRecords,
  createRecord,
  LiveCoordinationState,
  materialize,
  readCoordinationLog,
  type CoordinationRecord,
} from '../orchestrator/index.js';
import type { BenchSuite } from './types.js';

const LARGE_LOG = 100_000;

function makeRecords(count: number, offset = 0): CoordinationRecord[] {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const clock = { now: () => new Date(start + n * 10) };
    return createRecord(
      {
        id: `r${n % 40_000}`,
        kind: n % 7 === 0 ? 'request' : 'evidence',
        lane: 'main',
        wave: 1,
        agentId: `A${n % 6}`,
        targets: [`agent:A${(n + 1) % 6}`],
        status: n % 3 === 0 ? 'resolved' : 'open',
        summary: `record ${n}`,
      },
      clock,
    );
  });
}

// The bench drives plain child processes itself; execa stays in the executor and sandbox folders.
const run = (args: string[]) => promisify(execFile)(process.execPath, args, { maxBuffer: 1 << 20 });

const APPENDER = `
import { appendCoordinationRecords, createRecord } from ${JSON.stringify(new URL('../orchestrator/index.js', import.meta.url).href)};
const [log, writer, count] = process.argv.slice(1);
const clock = { now: () => new Date(Date.UTC(2026, 0, 1)) };
for (let i = 0; i < Number(count); i += 1) appendCoordinationRecords(log, [createRecord({ id: writer + '-' + i, kind: 'evidence', lane: 'main', wave: 1, agentId: writer }, clock)]);
`;

/** Records per second appended one at a time by one process, and by 8 processes at once. */
async function appendThroughput(dir: string): Promise<Record<string, number>> {
  const one = join(dir, 'one.jsonl');
  const n = 5_000;
  const t1 = performance.now();
  await run(['--input-type=module', '-e', APPENDER, one, 'W0', String(n)]);
  const oneMs = performance.now() - t1;
  const many = join(dir, 'many.jsonl');
  const per = 2_000;
  const t8 = performance.now();
  await Promise.all(Array.from({ length: 8 }, (_, w) => run(['--input-type=module', '-e', APPENDER, many, `W${w}`, String(per)])));
  const manyMs = performance.now() - t8;
  return {
    oneWriterRecordsPerSecond: Math.round((n / oneMs) * 1000),
    eightWritersRecordsPerSecond: Math.round(((8 * per) / manyMs) * 1000),
  };
}

/** Peak RSS of a fresh process that reads and materialises the whole log. */
async function materializeRssMb(log: string): Promise<number> {
  const script = `import { materialize, readCoordinationLog } from ${JSON.stringify(new URL('../orchestrator/index.js', import.meta.url).href)};\nconst v = materialize(readCoordinationLog(process.argv[1]).records);\nv.latest();\nconsole.log(process.resourceUsage().maxRSS);`;
  const { stdout } = await run(['--input-type=module', '-e', script, log]);
  return Math.round(Number(stdout.trim()) / 1024);
}

export const coordinationSuite: BenchSuite = {
  name: 'coordination',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'wave-bench-bench-'));
    try {
      const log = join(dir, 'wave-1.jsonl');
      const bulk = makeRecords(LARGE_LOG);
      for (let i = 0; i < bulk.length; i += 5_000) appendCoordinationRecords(log, bulk.slice(i, i + 5_000));
      const live = new LiveCoordinationState(log);
      const loadStart = performance.now();
      live.refresh();
      const fullLoadMs = performance.now() - loadStart;
      const oneShotStart = performance.now();
      materialize(readCoordinationLog(log).records);
      const oneShotMs = performance.now() - oneShotStart;
      appendCoordinationRecords(log, makeRecords(100, LARGE_LOG));
      const incStart = performance.now();
      live.refresh();
      live.latest();
      const incremental100Ms = performance.now() - incStart;
      const throughput = await appendThroughput(dir);
      const peakRssMb = await materializeRssMb(log);
      let next = LARGE_LOG;
      const bench = new Bench({ time: 1_000, warmupIterations: 5 });
      bench
        .add('append 1 record (locked, fsync-free)', () => {
          appendCoordinationRecords(log, makeRecords(1, next++));
        })
        .add('append 10 records + incremental refresh (100k-record log)', () => {
          appendCoordinationRecords(log, makeRecords(10, next));
          next += 10;
          live.refresh();
        })
        .add('incremental refresh with nothing new (100k-record log)', () => {
          live.refresh();
        });
      await bench.run();
      return {
        tasks: bench.tasks.map((task) => ({ name: task.name, result: task.result })),
        figures: {
          largeLogRecords: LARGE_LOG,
          fullMaterializeMs: Math.round(oneShotMs),
          liveFullLoadMs: Math.round(fullLoadMs),
          incrementalRefreshAfter100Ms: Math.round(incremental100Ms * 100) / 100,
          incrementalSpeedupVsFull: Math.round(oneShotMs / incremental100Ms),
          peakRssWhileMaterializing100kMb: peakRssMb,
          ...throughput,
          finalVersionCount: live.versionCount,
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
