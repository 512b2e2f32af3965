// `control rerun` selectors: --invalidate-component reruns the owners of a component, --reuse keeps an
// agent's last result even when it is named; the next launch applies the request once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

const starts = (ws: string, id: string) =>
  readFileSync(join(ws, '.wave/main/control/wave-1.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as { entityType: string; entityId: string; action: string })
    .filter((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === 'started').length;

describe('rerun selectors', () => {
  it('--invalidate-component reruns its owners only; --reuse keeps a named agent', async () => {
    const noop = [{ when: { start: true }, do: [{ exit: 0 }] }];
    const { ws, waveFile } = scriptedWorkspace([
      { id: 'A1', extra: '### Components\n\n- orders-api', rules: noop },
      { id: 'A2', rules: noop },
      { id: 'A3', rules: noop },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    const launch = () => cli(['launch', '--wave-file', waveFile, '--workspace', ws, '--max-retries', '0', '--human-timeout', '0']);
    const first = await launch();
    expect(first.exitCode, first.stderr + first.stdout).toBe(0);
    const c = (...args: string[]) => cli(['control', 'rerun', ...args, '--workspace', ws, '--wave', '1']);

    expect((await c('--invalidate-component', 'orders-api')).exitCode).toBe(0);
    expect((await launch()).exitCode).toBe(0);
    expect([starts(ws, 'A1'), starts(ws, 'A2'), starts(ws, 'A3')]).toEqual([2, 1, 1]);

    expect((await c('--agent', 'A2', '--agent', 'A3', '--reuse', 'A3')).exitCode).toBe(0);
    expect((await launch()).exitCode).toBe(0);
    expect([starts(ws, 'A1'), starts(ws, 'A2'), starts(ws, 'A3')]).toEqual([2, 2, 1]);

    expect((await c()).exitCode).toBe(2); // a request must name agents or a component
  }, 120_000);
});
