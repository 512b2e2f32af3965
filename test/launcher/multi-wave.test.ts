// `wave-bench launch --waves-dir`: the waves of a lane in order with a run-state file. A kill -9 in
// the middle wave resumes with the same command and skips the wave that already completed; declared
// dependencies gate a wave; --reconcile-status rebuilds the run state from the control logs.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { bin, cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const wave = (title: string, slow: boolean, dependsOn?: string) => `# ${title}
${dependsOn ? `\n**Depends on**: ${dependsOn}\n` : ''}
## Agent A1: Worker

### Executor

- id: command
- command: ${slow ? 'sleep 3' : 'true'}

### Owned paths

- src/a1

### Prompt

\`\`\`
Do the work of ${title}.
\`\`\`

## Agent A0: cont-QA

### Executor

- id: local

### Prompt

\`\`\`
Verdict.
\`\`\`
`;

function controlEvents(ws: string, n: number) {
  const path = join(ws, `.wave/main/control/wave-${n}.jsonl`);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as { entityType: string; entityId: string; action: string; data: Record<string, unknown> });
}
const starts = (ws: string, n: number, id: string) =>
  controlEvents(ws, n).filter((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === 'started').length;
const runState = (ws: string) =>
  JSON.parse(readFileSync(join(ws, '.wave/main/run-state.json'), 'utf8')) as { completed: { wave: number; sha256: string; via: string }[] };

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function setup(): string {
  const ws = tempDir();
  mkdirSync(join(ws, 'waves'));
  writeFileSync(join(ws, 'waves/wave-0.md'), wave('Wave zero', false));
  writeFileSync(join(ws, 'waves/wave-1.md'), wave('Wave one', true, 'wave 0'));
  writeFileSync(join(ws, 'waves/wave-2.md'), wave('Wave two', false, 'wave 1'));
  return ws;
}

describe('multi-wave runs', () => {
  it('kill -9 in the middle wave: the same command resumes, skips wave 0 and finishes waves 1 and 2', async () => {
    const ws = setup();
    const args = ['launch', '--waves-dir', join(ws, 'waves'), '--workspace', ws, '--auto-next'];
    const launcher = execa('node', [bin, ...args], { reject: false });
    await until(() => starts(ws, 1, 'A1') === 1);
    launcher.kill('SIGKILL');
    await launcher;
    expect(runState(ws).completed.map((c) => c.wave)).toEqual([0]);
    expect(controlEvents(ws, 2)).toEqual([]);

    const rerun = await cli(args);
    expect(rerun.exitCode, rerun.stderr + rerun.stdout).toBe(0);
    expect(rerun.stdout).toContain('skip wave 0: already completed');
    expect(starts(ws, 0, 'A1')).toBe(1);
    expect(starts(ws, 1, 'A1')).toBe(2);
    expect(starts(ws, 2, 'A1')).toBe(1);
    expect(runState(ws).completed.map((c) => c.wave)).toEqual([0, 1, 2]);

    // Nothing left: a third run does no work.
    const again = await cli(args);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('nothing to do');
    expect(starts(ws, 2, 'A1')).toBe(1);
  }, 180_000);

  it('a wave whose declared dependency has not completed does not start (exit 44, names the wave)', async () => {
    const ws = setup();
    const out = await cli(['launch', '--waves-dir', join(ws, 'waves'), '--workspace', ws, '--start-wave', '2']);
    expect(out.exitCode).toBe(44);
    expect(out.stderr).toContain('wave 2 depends on wave 1');
    expect(controlEvents(ws, 2)).toEqual([]);
  }, 60_000);

  it('--reconcile-status rebuilds the run state from the control logs; a changed wave file runs again', async () => {
    const ws = setup();
    const dir = join(ws, 'waves');
    expect((await cli(['launch', '--waves-dir', dir, '--workspace', ws, '--start-wave', '0', '--end-wave', '1'])).exitCode).toBe(0);
    const before = runState(ws);
    rmSync(join(ws, '.wave/main/run-state.json'));
    const rebuilt = await cli([
      'launch',
      '--waves-dir',
      dir,
      '--workspace',
      ws,
      '--reconcile-status',
      '--start-wave',
      '0',
      '--end-wave',
      '1',
    ]);
    expect(rebuilt.exitCode, rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).toContain('skip wave 1: already completed');
    const after = runState(ws);
    expect(after.completed.map((c) => [c.wave, c.sha256, c.via])).toEqual(before.completed.map((c) => [c.wave, c.sha256, 'reconcile']));

    writeFileSync(join(dir, 'wave-0.md'), wave('Wave zero, revised', false));
    const changed = await cli(['launch', '--waves-dir', dir, '--workspace', ws, '--start-wave', '0']);
    expect(changed.exitCode).toBe(0);
    expect(changed.stderr).toContain('changed since it completed');
    expect(starts(ws, 0, 'A1')).toBe(2);
  }, 180_000);

  it('--wave-file and --waves-dir are exclusive; the range options need --waves-dir', async () => {
    const ws = setup();
    expect((await cli(['launch', '--workspace', ws])).exitCode).toBe(2);
    expect(
      (await cli(['launch', '--wave-file', join(ws, 'waves/wave-0.md'), '--waves-dir', join(ws, 'waves'), '--workspace', ws])).exitCode,
    ).toBe(2);
    const range = await cli(['launch', '--wave-file', join(ws, 'waves/wave-0.md'), '--start-wave', '1', '--workspace', ws]);
    expect(range.exitCode).toBe(2);
    expect(range.stderr).toContain('go with --waves-dir');
  }, 60_000);
});
