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
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as { entityType: string; entityId: string; action: string });
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
    const has = (id: string, action: string) =>
      events(ws).some((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === action);
    await until(() => has('A1', 'finished') && has('A2', 'started'));
    launcher.kill('SIGKILL');
    await launcher;
    expect(has('A2', 'finished')).toBe(false);

    const rerun = await cli(['launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws]);
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    const starts = (id: string) =>
      events(ws).filter((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === 'started').length;
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

  describe('at several points of a wave that retries and runs a closure sweep', () => {
    const policy = {
      agentId: 'A1',
      rules: [
        {
          when: { attemptAtLeast: 2 },
          do: [
            { marker: '[wave-proof] completion=contract durability=none proof=unit state=met' },
            { marker: '[wave-doc-delta] state=none paths=' },
          ],
        },
      ],
    };
    const RETRY_WAVE = WAVE.replace(
      '- id: local\n\n### Owned paths\n\n- src/a1',
      '- id: scripted\n- policy: a1.json\n\n### Exit contract\n\n- completion: contract\n- durability: none\n- proof: unit\n- doc-impact: none\n\n### Owned paths\n\n- src/a1',
    )
      .replace(
        '## Agent A0: cont-QA\n\n### Executor\n\n- id: local',
        "## Agent A0: cont-QA\n\n### Executor\n\n- id: command\n- command: sleep 1; echo '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass'; echo '[wave-verdict] pass'",
      )
      .replace('- command: sleep 3', '- command: sleep 1');

    function setup(): { ws: string; wave: string } {
      const ws = tempDir();
      mkdirSync(join(ws, 'waves'));
      writeFileSync(join(ws, 'waves/wave-1.md'), RETRY_WAVE);
      writeFileSync(join(ws, 'a1.json'), JSON.stringify(policy));
      return { ws, wave: join(ws, 'waves/wave-1.md') };
    }
    const finalSnapshot = (ws: string, attempt: number) =>
      JSON.parse(readFileSync(join(ws, `.wave/main/traces/wave-1/attempt-${attempt}/outcome.json`), 'utf8')).snapshot;
    const is = (ws: string, type: string, id: string, action: string) =>
      events(ws).some((e) => e.entityType === type && e.entityId === id && e.action === action);

    it.each([
      ['during an implementation run', (ws: string) => is(ws, 'agent_run', 'A2', 'started') && !is(ws, 'agent_run', 'A2', 'finished')],
      ['between attempts', (ws: string) => is(ws, 'attempt', 'attempt-1', 'finished')],
      ['during the closure sweep', (ws: string) => is(ws, 'agent_run', 'A0', 'started')],
    ])('killed %s, the re-run ends with the same gate snapshot as an uninterrupted run', async (_label, when) => {
      const clean = setup();
      expect((await cli(['launch', '--wave-file', clean.wave, '--workspace', clean.ws, '--max-retries', '2'])).exitCode).toBe(0);
      const reference = finalSnapshot(clean.ws, 2);

      const { ws, wave } = setup();
      const launcher = execa('node', [bin, 'launch', '--wave-file', wave, '--workspace', ws, '--max-retries', '2'], { reject: false });
      await until(() => when(ws));
      launcher.kill('SIGKILL');
      await launcher;
      const rerun = await cli(['launch', '--wave-file', wave, '--workspace', ws, '--max-retries', '2']);
      expect(rerun.exitCode, rerun.stderr).toBe(0);
      expect(finalSnapshot(ws, 2)).toEqual(reference);
      const log = readCoordinationLog(join(ws, '.wave/main/coordination/wave-1.jsonl'));
      expect(log.issues).toEqual([]);
      expect(
        log.records
          .filter((r) => r.id.startsWith('seed-'))
          .map((r) => r.id)
          .sort(),
      ).toEqual(['seed-w1-A0', 'seed-w1-A1', 'seed-w1-A2']);
      const attemptStarts = events(ws)
        .filter((e) => e.entityType === 'attempt' && e.action === 'started')
        .map((e) => e.entityId);
      expect(new Set(attemptStarts)).toEqual(new Set(['attempt-1', 'attempt-2']));
    });
  });
});
