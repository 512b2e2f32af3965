// A coordination regression must break CI: the working tree's native suite is diffed against the
// committed release baseline (reports/baselines/<version>/) with --fail-on regression.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;

describe('release baseline', () => {
  it(`the suite does not regress against reports/baselines/${version}`, async () => {
    const head = join(tempDir(), 'head');
    expect((await cli(['run', '--out', head])).exitCode).toBe(0);
    const diff = await cli(['report', 'diff', join(repo, 'reports', 'baselines', version), head, '--fail-on', 'regression', '--json']);
    const d = JSON.parse(diff.stdout);
    expect(d.flips, JSON.stringify(d.flips)).toEqual([]);
    expect(d.regression).toBe(false);
    expect(diff.exitCode).toBe(0);
  }, 180_000); // one whole-suite run: ~25 s at load 10 on 2 cores, given 7x
});
