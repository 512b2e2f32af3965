// `wave-bench coord inbox|render|explain` and `wave-bench dashboard`: read-only views compiled from
// the lane's logs with the settings the wave was launched with; they never change the logs.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

const bytes = (file: string) => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));

describe('coord views and the dashboard', () => {
  it('explain says why a record is in an inbox and the summary; inbox, render, dashboard read only', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      {
        id: 'A1',
        rules: [
          {
            when: { start: true },
            do: [{ post: { id: 'q1', kind: 'request', summary: 'need the orders schema', targets: ['capability:db'] } }],
          },
        ],
      },
      { id: 'A2', extra: '### Capabilities\n\n- db', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] },
      { id: 'A3', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    const board = join(ws, 'ops', 'board.md');
    await cli([
      'launch',
      '--wave-file',
      waveFile,
      '--workspace',
      ws,
      '--max-retries',
      '0',
      '--human-timeout',
      '0',
      '--orchestrator-board',
      board,
      '--coordination-note',
      'Keep the orders API stable',
    ]);
    // The operator's note reached every agent as guidance; the board shows open coordination and the note.
    expect(readFileSync(board, 'utf8')).toMatch(/## request\n- `q1` A1 → capability:db/);
    expect(readFileSync(board, 'utf8')).toContain('operator → agent:A1, agent:A2, agent:A3, agent:A0: Keep the orders API stable');
    const logs = [join(ws, '.wave/main/coordination/wave-1.jsonl'), join(ws, '.wave/main/control/wave-1.jsonl')];
    const before = logs.map(bytes);
    const w = ['--workspace', ws, '--wave', '1'];

    const explain = JSON.parse((await cli(['coord', 'explain', '--id', 'q1', ...w, '--json'])).stdout) as {
      summary: { included: boolean };
      inboxes: { agentId: string; included: boolean; why: string }[];
    };
    expect(explain.summary.included).toBe(true);
    const byAgent = Object.fromEntries(explain.inboxes.map((i) => [i.agentId, i]));
    expect(byAgent.A2!.included).toBe(true);
    expect(byAgent.A2!.why).toMatch(/\((capability|assigned|targeted)\)/);
    expect(byAgent.A3!.included).toBe(false);
    expect(byAgent.A3!.why).toContain('not for A3');

    const inbox = await cli(['coord', 'inbox', '--agent', 'A2', ...w]);
    expect(inbox.exitCode, inbox.stderr).toBe(0);
    expect(inbox.stdout).toContain('q1');
    expect(inbox.stdout).toContain('Keep the orders API stable');
    expect((await cli(['coord', 'render', ...w])).stdout).toContain('# Shared summary');
    expect((await cli(['coord', 'render', '--board', ...w])).stdout).toContain('## request');
    expect((await cli(['coord', 'inbox', '--agent', 'nobody', ...w])).exitCode).toBe(2);

    const dash = await cli(['dashboard', ...w]);
    expect(dash.exitCode, dash.stderr).toBe(0);
    expect(dash.stdout).toContain('A2 (implementation): finished attempt 1, last exit 0');
    expect(dash.stdout).toContain('open coordination: orchestrator-guidance 1, request 1');
    const watched = await cli(['dashboard', '--watch', '--interval', '0.2', '--timeout', '1', ...w]);
    expect(watched.exitCode).toBe(0);
    expect(watched.stdout.split('lane main · wave 1').length - 1).toBe(1); // unchanged state is printed once
    expect(logs.map(bytes)).toEqual(before);
  }, 120_000);
});
