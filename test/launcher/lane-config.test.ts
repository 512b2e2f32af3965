// Lane configuration: a bad project config is exit 2 naming file, field and fix, before anything is
// written; a good one sets per-role executors (through profiles) and budgets, flags override it, and
// the effective settings with their sources are recorded in the control log and the trace.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const WAVE = `# Configured wave

## Agent A1: Worker

### Executor

- command: true

### Owned paths

- src/a1

### Prompt

\`\`\`
Work.
\`\`\`

## Q0: placeholder
`.replace(
  '## Q0: placeholder\n',
  `## Agent Q0: Quality

### Executor

- id: local

### Prompt

\`\`\`
Verdict.
\`\`\`
`,
);

function setup(config: unknown): string {
  const ws = tempDir();
  mkdirSync(join(ws, 'waves'));
  writeFileSync(join(ws, 'waves/wave-1.md'), WAVE);
  writeFileSync(join(ws, 'wave-bench.config.json'), JSON.stringify(config, null, 2));
  return ws;
}
const events = (ws: string) =>
  readFileSync(join(ws, '.wave/main/control/wave-1.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as { entityType: string; entityId: string; action: string; data: Record<string, unknown> });

describe('lane configuration', () => {
  it('a bad config is exit 2 naming the file, the field and the fix; nothing is written', async () => {
    const ws = setup({ lanes: { main: { budgets: { maxRetries: 99 }, executors: { byRole: { implementation: 'profile:missing' } } } } });
    const out = await cli(['launch', '--waves-dir', join(ws, 'waves'), '--workspace', ws]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain(`${join(ws, 'wave-bench.config.json')}: lanes.main.budgets.maxRetries`);
    expect(out.stderr).toContain('fix: see docs/launcher.md');
    expect(existsSync(join(ws, '.wave'))).toBe(false);
    const profile = setup({ lanes: { main: { executors: { byRole: { implementation: 'profile:missing' } } } } });
    const p = await cli(['launch', '--wave-file', join(profile, 'waves/wave-1.md'), '--workspace', profile]);
    expect(p.exitCode).toBe(2);
    expect(p.stderr).toContain('lanes.main.executors.byRole.implementation: no profile "missing"');
  }, 60_000);

  it('per-role executors, closure roles and budgets come from the lane; flags override; sources are recorded', async () => {
    const ws = setup({
      lanes: {
        main: {
          executors: { byRole: { implementation: 'profile:shell' }, profiles: { shell: { executor: 'command', timeoutMinutes: 5 } } },
          budgets: { maxRetries: 0, concurrency: 2, humanTimeoutMinutes: 0 },
          closureRoles: { contQa: 'Q0' },
        },
      },
    });
    const out = await cli(['launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws, '--max-retries', '1']);
    expect(out.exitCode, out.stderr + out.stdout).toBe(0);
    const started = events(ws).find((e) => e.entityType === 'agent_run' && e.entityId === 'A1' && e.action === 'started')!;
    expect(started.data.executor).toBe('command');
    const run = events(ws).find((e) => e.entityType === 'wave_run' && e.action === 'started')!;
    const settings = run.data.settings as {
      maxRetries: number;
      concurrency: number;
      sources: Record<string, string>;
      roleExecutors: Record<string, unknown>;
      closureIds: Record<string, string>;
    };
    expect(settings.maxRetries).toBe(1);
    expect(settings.concurrency).toBe(2);
    expect(settings.closureIds.contQa).toBe('Q0');
    expect(settings.roleExecutors).toEqual({ implementation: { executor: 'command', timeoutMinutes: 5 } });
    const config = `config:${join(ws, 'wave-bench.config.json')}`;
    expect(settings.sources).toMatchObject({
      maxRetries: 'flag',
      concurrency: config,
      roleExecutors: config,
      closureIds: config,
      humanTimeoutMinutes: config,
    });
    const metadata = JSON.parse(readFileSync(join(ws, '.wave/main/traces/wave-1/attempt-1/run-metadata.json'), 'utf8'));
    expect(metadata.settings.sources.maxRetries).toBe('flag');
    expect(metadata.executors).toMatchObject({ A1: 'command', Q0: 'local' });
  }, 60_000);

  it("an agent whose executor failed gets the lane's fallback executor on the retry", async () => {
    const ws = setup({
      lanes: {
        main: { executors: { fallback: 'local' }, budgets: { maxRetries: 1, humanTimeoutMinutes: 0 }, closureRoles: { contQa: 'Q0' } },
      },
    });
    // An unknown placeholder makes the command executor itself fail (infrastructure, not the agent).
    // A1 has an exit contract, so its failed first run fails the attempt; the fallback (local) prints the proof.
    writeFileSync(
      join(ws, 'waves/wave-1.md'),
      WAVE.replace('- command: true', '- id: command\n- command: run {nope}').replace(
        '### Owned paths\n\n- src/a1',
        '### Exit contract\n\n- completion: contract\n- durability: none\n- proof: unit\n- doc-impact: none\n\n### Owned paths\n\n- src/a1',
      ),
    );
    const out = await cli(['launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws]);
    expect(out.exitCode, out.stderr + out.stdout).toBe(0);
    const a1 = events(ws).filter((e) => e.entityType === 'agent_run' && e.entityId === 'A1');
    expect(a1.filter((e) => e.action === 'started').map((e) => e.data.executor)).toEqual(['command', 'local']);
    expect(String(a1.find((e) => e.action === 'finished')!.data.executorError)).toContain('command-template-invalid');
  }, 60_000);

  it('--wave-timeout: once the wave has run that long it stops and no new attempt starts (recorded), exit 45', async () => {
    const ws = setup({ lanes: { main: { executors: { byRole: { implementation: 'command' } }, closureRoles: { contQa: 'Q0' } } } });
    // A1 never proves its contract (its command prints nothing), so every attempt fails and retries would follow.
    writeFileSync(
      join(ws, 'waves/wave-1.md'),
      WAVE.replace(
        '### Owned paths\n\n- src/a1',
        '### Exit contract\n\n- completion: contract\n- durability: none\n- proof: unit\n- doc-impact: none\n\n### Owned paths\n\n- src/a1',
      ),
    );
    const out = await cli([
      'launch',
      '--wave-file',
      join(ws, 'waves/wave-1.md'),
      '--workspace',
      ws,
      '--max-retries',
      '3',
      '--wave-timeout',
      '0.001',
      '--human-timeout',
      '0',
    ]);
    expect(out.exitCode).toBe(45);
    expect(out.stdout).toContain('time budget');
    const spent = events(ws).filter((e) => e.entityType === 'wave_run' && e.action === 'budget-spent');
    // 60 ms: the budget runs out while attempt 1 runs (it is stopped) or, on a fast machine, before attempt 2 starts.
    expect(spent).toHaveLength(1);
    expect(spent[0]!.data.attemptInterrupted ?? spent[0]!.data.attemptNotStarted).toBeDefined();
    expect(events(ws).filter((e) => e.entityType === 'attempt' && e.action === 'started')).toHaveLength(1);
  }, 60_000);
});
