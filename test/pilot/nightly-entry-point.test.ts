// The nightly entry point (scripts/nightly.sh) on the fixture task set: two nights in a row render
// their reports, the second diffs against the first, and only the newest N nightlies are kept.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();

describe.runIf(available)('scripts/nightly.sh', () => {
  it('runs, renders, diffs against the previous night, and prunes to --keep', async () => {
    const root = join(tempDir(), 'nightly');
    const night = (date: string) =>
      execa(
        'bash',
        [
          join(repo, 'scripts', 'nightly.sh'),
          '--calibrate',
          '--root',
          root,
          '--keep',
          '2',
          '--manifest',
          'pilots/fixtures/fixture-pilot.json',
          '--task',
          'fixture__calc-add',
          '--task',
          'fixture__shell-greeting',
          '--agent',
          'gold',
          '--timeout-verify',
          '30',
        ],
        { cwd: repo, reject: false, env: { NIGHTLY_DATE: date } },
      );
    for (const date of ['2026-11-01', '2026-11-02', '2026-11-03']) {
      const r = await night(date);
      expect(r.exitCode, r.stderr).toBe(0);
    }
    expect(
      readdirSync(root)
        .filter((d) => /^\d{4}-/.test(d))
        .sort(),
    ).toEqual(['2026-11-02', '2026-11-03']);
    const last = join(root, '2026-11-03');
    for (const f of ['results.json', 'results.md', 'report.html', 'failure-review.md', 'summary.md', 'diff-previous.md'])
      expect(existsSync(join(last, f)), f).toBe(true);
    const summary = readFileSync(join(last, 'summary.md'), 'utf8');
    expect(summary).toContain('## Against the previous nightly (2026-11-02)');
    expect(summary).toContain('No: every matched item scored the same.');
  }, 240_000);
});
