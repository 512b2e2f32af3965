// Coordination log benchmarks: append cost, and incremental refresh cost on a 100k-record log.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bench } from 'tinybench';
import { appendCoordinationRecords, createRecord, LiveCoordinationState, materialize, readCoordinationLog, type CoordinationRecord } from '../orchestrator/index.js';
import type { BenchSuite } from './types.js';

const LARGE_LOG = 100_000;

function makeRecords(count: number, offset = 0): CoordinationRecord[] {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    const clock = { now: () => new Date(start + n * 10) };
    return createRecord({ id: `r${n % 40_000}`, kind: n % 7 === 0 ? 'request' : 'evidence', lane: 'main', wave: 1, agentId: `A${n % 6}`, targets: [`agent:A${(n + 1) % 6}`], status: n % 3 === 0 ? 'resolved' : 'open', summary: `record ${n}` }, clock);
  });
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
        figures: { largeLogRecords: LARGE_LOG, fullLoadMs, oneShotMaterializeMs: oneShotMs, finalVersionCount: live.versionCount },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
