// kill -9 of the launcher mid-wave must lose nothing: re-running the same command resumes,
// reuses the agents that already finished, does not duplicate seeds or records, and passes.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readCoordinationLog } from '../../orchestrator/coordination/index.js';
import { bin, cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const WAVE = `# Crash test

## Agent A1: Fast

### Executor

- id: local

### Owned paths

- src/a1

### Prompt

\`\`\`
Finish quickly.
\`\`\`

## Agent A2: Slow

### Executor

- id: command
- command: sleep 3

### Owned paths

- src/a2

### Prompt

\`\`\`
Take a while.
\`\`\`

## Agent A0: cont-QA

### Executor

- id: local

### Prompt

\`\`\`
Verdict.
\`\`\`
`;

function events(ws: string) {
  const path = join(ws, '.wave/main/control/wave-1.jsonl');
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l.endsWith('}')).map((l) => JSON.parse(l) as { entityType: string; entityId: string; action: string });
}

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('crash safety', () => {
  it('kill -9 while an agent runs, re-run: finished agents reused, nothing lost or duplicated, wave passes', async () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'waves'));
    writeFileSync(join(ws, 'waves/wave-1.md'), WAVE);
    const launcher = execa('node', [bin, 'launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws], { reject: false });
    const has = (id: string, action: string) => events(ws).some((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === action);
    await until(() => has('A1', 'finished') && has('A2', 'started'));
    launcher.kill('SIGKILL');
    await launcher;
    expect(has('A2', 'finished')).toBe(false);

    const rerun = await cli(['launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws]);
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    const starts = (id: string) => events(ws).filter((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === 'started').length;
    expect(starts('A1')).toBe(1);
    expect(starts('A2')).toBe(2);
    const log = readCoordinationLog(join(ws, '.wave/main/coordination/wave-1.jsonl'));
    expect(log.issues).toEqual([]);
    const ids = log.records.map((r) => r.id);
    expect(ids.filter((id) => id.startsWith('seed-'))).toEqual(['seed-w1-A1', 'seed-w1-A2', 'seed-w1-A0']);
  });

  it('kill -9 right after seeding, re-run: seeds are not duplicated', async () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'waves'));
    writeFileSync(join(ws, 'waves/wave-1.md'), WAVE);
    const launcher = execa('node', [bin, 'launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws], { reject: false });
    await until(() => existsSync(join(ws, '.wave/main/coordination/wave-1.jsonl')));
    launcher.kill('SIGKILL');
    await launcher;
    expect((await cli(['launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws])).exitCode).toBe(0);
    const ids = readCoordinationLog(join(ws, '.wave/main/coordination/wave-1.jsonl')).records.map((r) => r.id);
    expect(ids.filter((id) => id.startsWith('seed-')).sort()).toEqual(['seed-w1-A0', 'seed-w1-A1', 'seed-w1-A2']);
  });
});
