// Reports are projections of results.json (STYLE 11): render rebuilds md/csv/html byte for byte,
// every reporter writes only its own files, and a damaged results.json is refused with its field.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readResults } from '../../harness/load/results.js';
import { REPORTERS } from '../../harness/report/reporters.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let run: string;
beforeAll(async () => {
  run = join(tempDir(), 'run');
  const r = await cli(['run', '--out', run, '--case', 'wave-silo-cross-agent-state', '--case', 'wave-contradiction-conflict']);
  expect(r.exitCode, r.stderr).toBe(0);
}, 120_000);

describe('report render', () => {
  it('rebuilds results.md, results.csv and report.html from results.json alone, identically', async () => {
    const names = ['results.md', 'results.csv', 'report.html', 'items.jsonl'];
    const before = Object.fromEntries(names.map((n) => [n, readFileSync(join(run, n), 'utf8')]));
    for (const n of names) rmSync(join(run, n));
    rmSync(join(run, 'work'), { recursive: true, force: true });
    const render = await cli(['report', 'render', run]);
    expect(render.exitCode, render.stderr).toBe(0);
    for (const n of names) expect(readFileSync(join(run, n), 'utf8'), n).toBe(before[n]);
  });

  it('refuses a damaged results.json, naming the field', async () => {
    const dir = tempDir();
    const results = JSON.parse(readFileSync(join(run, 'results.json'), 'utf8'));
    results.items[0].primary.alignedScore = 'high';
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
    const render = await cli(['report', 'render', dir]);
    expect(render.exitCode).toBe(2);
    expect(render.stderr).toMatch(/results\.json: items\[0\]\.primary\.alignedScore: expected number, got string/);
    results.schemaVersion = 9;
    writeFileSync(join(dir, 'results.json'), JSON.stringify(results));
    expect((await cli(['report', 'render', dir])).stderr).toContain('schemaVersion is 9');
  });
});

describe.each(Object.keys(REPORTERS))('reporter contract: %s', (id) => {
  it('writes only its own files, deterministically', async () => {
    const reporter = REPORTERS[id]!;
    const { results } = readResults(run);
    const [a, b] = [join(tempDir(), 'a'), join(tempDir(), 'b')];
    for (const dir of [a, b]) {
      mkdirSync(dir, { recursive: true });
      await reporter.onRunEnd(results, dir);
    }
    expect(readdirSync(a).sort()).toEqual([...reporter.files].sort());
    for (const f of reporter.files) expect(readFileSync(join(a, f), 'utf8')).toBe(readFileSync(join(b, f), 'utf8'));
  });
});
