// Native scores must be bit-identical across repeated runs (SPEC 3.2): two full runs of the suite
// through the CLI give the same metrics, primary scores and verdicts for every item; only the
// reported wall-clock figures may differ. The run also proves the suite's headline: the full wave
// passes every case the single agent fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

interface Item {
  itemId: string;
  metrics: unknown;
  primary: unknown;
  classification: string;
  live: { attempts: number; failingStatusCode: string | null };
}

const scores = (dir: string) => {
  const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as {
    items: Item[];
    comparisons: unknown[];
    families: unknown[];
  };
  return {
    items: results.items
      .map((i) => ({
        id: i.itemId,
        metrics: i.metrics,
        primary: i.primary,
        classification: i.classification,
        attempts: i.live.attempts,
        gate: i.live.failingStatusCode,
      }))
      .sort((a, b) => a.id.localeCompare(b.id)),
    comparisons: results.comparisons,
    families: results.families,
  };
};

describe('native suite', () => {
  // Two whole-suite runs (96 live launcher runs, CPU-bound): ~150 s at load 9 on 2 cores, far more beside other files.
  it('two runs give identical scores, and the full wave beats the single agent with confidence', { timeout: 900_000 }, async () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    const first = await cli(['run', '--out', a, '--concurrency', '2']);
    expect(first.exitCode, first.stderr).toBe(0);
    const second = await cli(['run', '--out', b, '--concurrency', '1']);
    expect(second.exitCode, second.stderr).toBe(0);
    expect(scores(b)).toEqual(scores(a));
    const { items, comparisons } = scores(a);
    expect(items).toHaveLength(12 * 4);
    const passedBy = (arm: string) => items.filter((i) => i.id.includes(`::${arm}::`) && i.classification === 'passed').length;
    expect(passedBy('full-wave')).toBe(12);
    // Only the overhead case, where nobody else knows anything, is within a lone agent's reach.
    expect(passedBy('single-agent')).toBe(1);
    // The full-information baseline is no strawman: it wins more than the single agent.
    expect(passedBy('single-agent--full-info')).toBeGreaterThan(passedBy('single-agent'));
    expect(comparisons).toContainEqual(expect.objectContaining({ arm: 'full-wave', baseline: 'single-agent', confidentWin: true }));
  });

  it('writes results.md and a results.csv with one row per item in a stable column order', async () => {
    const out = join(tempDir(), 'run');
    expect(
      (await cli(['run', '--out', out, '--case', 'wave-silo-cross-agent-state', '--arm', 'single-agent', '--arm', 'full-wave'])).exitCode,
    ).toBe(0);
    const rows = parse(readFileSync(join(out, 'results.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.arm)).toEqual(['single-agent', 'full-wave']);
    expect(Object.keys(rows[0]!).slice(0, 5)).toEqual(['item_id', 'case_id', 'family', 'arm', 'epoch']);
    expect(rows[1]!['distributed-info-accuracy']).toBe('100');
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toContain('## Comparisons against the reference arm single-agent');
    expect(md).toMatch(/\| full-wave \| 1 \(1\) \| \+100 \|/);
  });

  it('unknown case and arm ids get a did-you-mean and exit 2', async () => {
    const run = await cli(['run', '--case', 'wave-silo-cross-agent', '--out', join(tempDir(), 'x')]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('did you mean "wave-silo-cross-agent-state"');
    const arm = await cli(['run', '--arm', 'full-wav', '--out', join(tempDir(), 'y')]);
    expect(arm.exitCode).toBe(2);
    expect(arm.stderr).toContain('full-wave');
  });
});
