// The operator commands added for issue 15: every one that changes something only appends to the
// coordination or control log (the old bytes stay a prefix), and every one that reads leaves both
// logs byte-identical.
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

const bytes = (file: string) => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));

describe('operator commands only append', () => {
  it('task list/get/escalate/dismiss/cancel, rerun get/clear, proof get/supersede, status --agent, feedback', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      {
        id: 'A1',
        rules: [
          {
            when: { start: true },
            do: [
              { post: { id: 'q1', kind: 'request', summary: 'need the schema', targets: ['agent:A2'] } },
              { post: { id: 'q2', kind: 'blocker', summary: 'db is down', targets: ['agent:A2'] } },
            ],
          },
        ],
      },
      { id: 'A2', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    await cli(['launch', '--wave-file', waveFile, '--workspace', ws, '--max-retries', '0', '--human-timeout', '0']);
    const logs = [join(ws, '.wave/main/coordination/wave-1.jsonl'), join(ws, '.wave/main/control/wave-1.jsonl')];
    const c = (...args: string[]) => cli(['control', ...args, '--workspace', ws, '--wave', '1']);

    const reads: string[][] = [
      ['task', 'list'],
      ['task', 'list', '--open', '--agent', 'A2'],
      ['task', 'get', '--id', 'q1'],
      ['rerun', 'get'],
      ['proof', 'get'],
      ['status', '--agent', 'A2'],
      ['feedback', 'list'],
    ];
    for (const args of reads) {
      const before = logs.map(bytes);
      const out = await c(...args);
      expect(out.exitCode, `${args.join(' ')}: ${out.stderr}`).toBe(0);
      expect(logs.map(bytes), args.join(' ')).toEqual(before);
    }
    expect((await c('task', 'get', '--id', 'q1')).stdout).toContain('need the schema');
    expect((await c('status', '--agent', 'A2')).stdout).toContain('q1 [request/open]');

    mkdirSync(join(ws, 'proof'));
    writeFileSync(join(ws, 'proof/run.txt'), 'all green\n');
    writeFileSync(join(ws, 'b1.json'), JSON.stringify({ agentId: 'A1', artifacts: [{ path: 'proof/run.txt' }] }));
    writeFileSync(join(ws, 'b2.json'), JSON.stringify({ agentId: 'A1', authoritative: true, artifacts: [{ path: 'proof/run.txt' }] }));
    writeFileSync(join(ws, 'other.json'), JSON.stringify({ agentId: 'A2', artifacts: [{ path: 'proof/run.txt' }] }));
    const first = JSON.parse((await c('proof', 'register', '--file', join(ws, 'b1.json'), '--json')).stdout).entityId as string;

    const writes: string[][] = [
      ['task', 'escalate', '--id', 'q1', '--reason', 'stuck'],
      ['task', 'dismiss', '--id', 'q2', '--reason', 'db is back'],
      ['task', 'cancel', '--id', 'q1', '--reason', 'not needed'],
      ['rerun', '--agent', 'A1'],
      ['rerun', 'clear'],
      ['proof', 'supersede', '--id', first, '--file', join(ws, 'b2.json')],
      ['feedback', 'respond', '--id', 'escalate-none', '--answer', 'x'],
    ];
    for (const args of writes) {
      const before = logs.map(bytes);
      const out = await c(...args);
      const after = logs.map(bytes);
      if (args[1] === 'respond') {
        expect(out.exitCode).toBe(2); // unknown record: nothing written
        expect(after).toEqual(before);
        continue;
      }
      expect(out.exitCode, `${args.join(' ')}: ${out.stderr}`).toBe(0);
      after.forEach((b, i) =>
        expect(b.subarray(0, before[i]!.length).equals(before[i]!), `${args.join(' ')} kept ${logs[i]} as a prefix`).toBe(true),
      );
      expect(after.reduce((s, b) => s + b.length, 0)).toBeGreaterThan(before.reduce((s, b) => s + b.length, 0));
    }
    const tasks = JSON.parse((await c('task', 'list', '--json')).stdout) as {
      id: string;
      kind: string;
      status: string;
      dependsOn: string[];
    }[];
    expect(tasks.find((t) => t.id === 'q1')!.status).toBe('cancelled');
    expect(tasks.find((t) => t.id === 'q2')!.status).toBe('closed');
    expect(tasks.some((t) => t.kind === 'human-escalation' && t.dependsOn.includes('q1'))).toBe(true);
    expect(JSON.parse((await c('rerun', 'get', '--json')).stdout).active).toBeNull();
    const bundles = JSON.parse((await c('proof', 'get', '--json')).stdout) as { id: string; state: string }[];
    expect(bundles.map((b) => b.state)).toEqual(['superseded', 'active']);

    // Refusals write nothing: a bundle of another agent cannot supersede, a closed record cannot be cancelled again, no rerun to clear.
    const before = logs.map(bytes);
    expect((await c('proof', 'supersede', '--id', bundles[1]!.id, '--file', join(ws, 'other.json'))).exitCode).toBe(2);
    expect((await c('task', 'cancel', '--id', 'q2')).exitCode).toBe(2);
    expect((await c('rerun', 'clear')).exitCode).toBe(2);
    expect(logs.map(bytes)).toEqual(before);
  }, 120_000);
});
