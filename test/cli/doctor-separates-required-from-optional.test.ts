// `doctor` printed FAIL for optional tools and still exited 0, so "FAIL" meant nothing. Required checks
// (Node, disk) now decide the exit code; optional ones (Docker engine, agent CLIs, Chromium) say
// "missing" and which command needs them.
import { describe, expect, it } from 'vitest';
import { renderChecks } from '../../harness/cli/commands/doctor.js';
import { cli } from '../helpers/cli.js';

describe('wave-bench doctor', () => {
  it('marks Node and disk required and the tools optional, and exits by the required ones', async () => {
    const r = await cli(['doctor', '--json']);
    const checks = JSON.parse(r.stdout) as { name: string; required: boolean; ok: boolean }[];
    expect(checks.filter((c) => c.required).map((c) => c.name)).toEqual(['node', 'disk']);
    expect(checks.filter((c) => !c.required).map((c) => c.name)).toEqual(expect.arrayContaining(['docker engine', 'chromium']));
    expect(r.exitCode).toBe(checks.some((c) => c.required && !c.ok) ? 1 : 0);
  });

  it('prints a failed required check as FAIL and a missing optional tool as missing', () => {
    const text = renderChecks([
      { name: 'node', required: true, ok: true, detail: 'Node v20' },
      { name: 'disk', required: true, ok: false, detail: '1.0 GiB free', fix: 'free at least 5 GiB' },
      {
        name: 'chromium',
        required: false,
        ok: false,
        detail: 'missing (only the report browser test needs it)',
        fix: 'bash scripts/ensure-chromium.sh',
      },
    ]);
    expect(text).toMatch(/required[^\n]*\n {2}ok +node[^\n]*\n {2}FAIL +disk/);
    expect(text).toMatch(/optional[^\n]*\n {2}missing chromium/);
    expect(text).toContain('1 required check(s) failed');
  });
});
