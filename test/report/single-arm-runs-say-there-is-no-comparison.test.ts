// A run with one arm used to compare that arm against itself in silence: an empty comparison table
// and "Bootstrap: 0 resamples". The console, results.md and report.html must say that there is no
// comparison and how to get one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('a single-arm run', () => {
  it('says there is no comparison and how to get one, everywhere', async () => {
    const out = join(tempDir(), 'run');
    const r = await cli(['run', '--out', out, '--case', 'wave-silo-cross-agent-state', '--arm', 'full-wave']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('no comparison: only one arm ran');
    const md = readFileSync(join(out, 'results.md'), 'utf8');
    expect(md).toContain('Only one arm ran, so there is nothing to compare against');
    expect(md).toContain('--arm single-agent --arm full-wave');
    expect(md).not.toContain('Bootstrap: 0 resamples');
    expect(md).not.toMatch(/Comparisons against/);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('Only one arm ran, so there is nothing to compare against');
  }, 120_000);

  it('names the reference arm it falls back to when none of the default reference arms ran', async () => {
    const out = join(tempDir(), 'run');
    const r = await cli([
      'run',
      '--out',
      out,
      '--case',
      'wave-silo-cross-agent-state',
      '--arm',
      'full-wave',
      '--arm',
      'multi-agent-minimal',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'none of the reference arms (single-agent, single-agent--full-info) ran: comparing against full-wave, the first arm run',
    );
    expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('## Comparisons against the reference arm full-wave');
  }, 120_000);
});
