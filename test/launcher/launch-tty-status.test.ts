// On a terminal, `launch` shows one live status line (attempt, stage, agent states, open
// coordination, overdue counts, alerts) instead of plain log lines. Runs under `script`, a real pty.
import { mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { bin, repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('launch on a TTY', () => {
  it('redraws a single status line with agents, coordination and overdue counts', async () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'waves'));
    cpSync(join(repo, 'orchestrator/examples/wave-1.md'), join(ws, 'waves/wave-1.md'));
    const cmd = `COLUMNS=300 node ${bin} launch --wave-file ${join(ws, 'waves/wave-1.md')} --workspace ${ws}`;
    const r = await execa('script', ['-qfec', cmd, '/dev/null'], { reject: false, env: { COLUMNS: '300' } });
    expect(r.exitCode, r.stdout).toBe(0);
    expect(r.stdout).toContain('\r\x1b[2Kattempt 1 · implementation');
    expect(r.stdout).toMatch(/A1:exit0 .*open \d+ \(blockers \d+\) · overdue acks 0 · stale clarifications 0/);
    expect(r.stdout).not.toContain('  A1 finished: exit 0');
  });
});
