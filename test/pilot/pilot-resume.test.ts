// SIGKILL of a pilot run loses no completed item: `--resume` finishes the run, does not redo the
// items that were done, and ends with the same results as an uninterrupted run.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { bin, cli } from '../helpers/cli.js';
import { dockerAvailable, leftoverContainers } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const ARGS = [
  'pilot',
  'calibrate',
  '--manifest',
  'pilots/fixtures/fixture-pilot.json',
  '--task',
  'fixture__calc-add',
  '--task',
  'fixture__shell-greeting',
  '--concurrency',
  '1',
  '--timeout-verify',
  '20',
  '--json',
];

const done = (out: string) =>
  existsSync(join(out, 'items')) ? readdirSync(join(out, 'items')).filter((d) => existsSync(join(out, 'items', d, 'result.json'))) : [];
const outcome = (stdout: string) =>
  (JSON.parse(stdout) as { items: { itemId: string; classification: string; resolved: boolean }[] }).items
    .map((i) => [i.itemId, i.classification, i.resolved])
    .sort();

describe.runIf(available)('pilot resume', () => {
  it('kill -9 mid-run, then --resume: completed items are reused and the results match an uninterrupted run', async () => {
    const clean = await cli([...ARGS, '--out', join(tempDir(), 'clean')]);
    expect(clean.exitCode, clean.stderr).toBe(0);

    const out = join(tempDir(), 'killed');
    const child = execa('node', [bin, ...ARGS, '--out', out], { reject: false });
    const deadline = Date.now() + 60_000;
    while (done(out).length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await child;
    const finished = done(out);
    expect(finished.length).toBeGreaterThanOrEqual(2);
    const mtimes = Object.fromEntries(finished.map((d) => [d, statSync(join(out, 'items', d, 'result.json')).mtimeMs]));

    const resumed = await cli([...ARGS, '--out', out, '--resume']);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stderr.match(/\(resumed\)/g)?.length ?? 0).toBeGreaterThanOrEqual(finished.length);
    for (const d of finished) expect(statSync(join(out, 'items', d, 'result.json')).mtimeMs).toBe(mtimes[d]);
    expect(outcome(resumed.stdout)).toEqual(outcome(clean.stdout));
    // The killed run's container is an orphan; the resumed run removed it. Nothing stays.
    expect(await leftoverContainers(`wave-bench.pid=${child.pid}`)).toEqual([]);
  }, 180_000);
});
