// The live human loop and clarification triage. A question for a person does not fail the attempt:
// the launcher prints and records the answer command, an answer given from a second process lets
// the same attempt finish; an unanswered question times out into the old outcome; a clarification
// is answered by the agent that owns what it is about, with no person asked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { bin, cli } from '../helpers/cli.js';
import { QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

const CONTRACT = '### Exit contract\n\n- completion: contract\n- durability: none\n- proof: unit\n- doc-impact: none';
const PROOF = [
  { marker: '[wave-proof] completion=contract durability=none proof=unit state=met' },
  { marker: '[wave-doc-delta] state=none paths=' },
];

function controlEvents(ws: string) {
  return readFileSync(join(ws, '.wave/main/control/wave-1.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.endsWith('}'))
    .map((l) => JSON.parse(l) as { entityType: string; entityId: string; action: string; attempt: number; data: Record<string, unknown> });
}
const startsOf = (ws: string, id: string) =>
  controlEvents(ws)
    .filter((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === 'started')
    .map((e) => e.attempt);
const has = (ws: string, type: string, action: string) => {
  try {
    return controlEvents(ws).some((e) => e.entityType === type && e.action === action);
  } catch {
    return false;
  }
};

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A1 asks a person; it can finish its work only once the answer is in its inbox.
const asker = () =>
  scriptedWorkspace([
    {
      id: 'A1',
      extra: CONTRACT,
      rules: [
        {
          when: { start: true },
          unless: { inboxContains: 'after 2027-01' },
          do: [{ post: { id: 'h1', kind: 'human-feedback', summary: 'May we drop the legacy endpoint?', targets: ['launcher'] } }],
        },
        { when: { inboxContains: 'after 2027-01' }, do: PROOF },
      ],
    },
    { id: 'A0', role: 'cont-qa', rules: QA_PASS },
  ]);

describe('the live human loop', () => {
  it('an answer from a second process mid-wave lets the same attempt finish', async () => {
    const { ws, waveFile } = asker();
    const launcher = execa(
      'node',
      [bin, 'launch', '--wave-file', waveFile, '--workspace', ws, '--human-timeout', '5', '--max-retries', '0'],
      { reject: false, env: { NO_COLOR: '1' } },
    );
    await until(() => has(ws, 'human_input', 'asked'));
    const asked = controlEvents(ws).find((e) => e.entityType === 'human_input' && e.action === 'asked')!;
    expect(asked.data.answerCommand).toBe(
      `wave-bench control task answer --workspace ${ws} --lane main --wave 1 --id h1 --answer "<answer>"`,
    );
    const open = await cli(['control', 'feedback', 'list', '--workspace', ws, '--wave', '1', '--json']);
    expect(JSON.parse(open.stdout).map((q: { id: string; state: string }) => [q.id, q.state])).toEqual([['h1', 'open']]);
    const watched = await cli(['control', 'feedback', 'watch', '--workspace', ws, '--wave', '1', '--interval', '0.1', '--timeout', '0.5']);
    expect(watched.exitCode).toBe(0);
    expect(watched.stdout).toContain(
      `h1 [human-feedback/open] A1: May we drop the legacy endpoint?\n  answer with: wave-bench control task answer --workspace ${ws}`,
    );

    const answer = await cli([
      'control',
      'task',
      'answer',
      '--workspace',
      ws,
      '--wave',
      '1',
      '--id',
      'h1',
      '--answer',
      'yes, after 2027-01',
    ]);
    expect(answer.exitCode, answer.stderr).toBe(0);
    const done = await launcher;
    expect(done.exitCode, String(done.stderr)).toBe(0);
    expect(String(done.stderr)).toContain('answer with: wave-bench control task answer');
    expect(String(done.stdout)).toContain('PASS wave 1 after 1 attempt(s)');
    expect(startsOf(ws, 'A1')).toEqual([1, 1]);
    expect(
      controlEvents(ws)
        .filter((e) => e.entityType === 'human_input')
        .map((e) => e.action),
    ).toEqual(['asked', 'answered']);
    const shown = await cli(['control', 'feedback', 'show', '--workspace', ws, '--wave', '1', '--id', 'h1']);
    expect(shown.stdout).toContain('yes, after 2027-01');
  }, 120_000);

  it('no answer within --human-timeout: the attempt ends with the question open and the wait is recorded', async () => {
    const { ws, waveFile } = asker();
    const out = await cli(['launch', '--wave-file', waveFile, '--workspace', ws, '--human-timeout', '0.02', '--max-retries', '0']);
    expect(out.exitCode).toBe(1);
    const open = await cli(['control', 'feedback', 'list', '--open', '--workspace', ws, '--wave', '1']);
    expect(open.stdout).toContain('h1 [human-feedback/open] A1: May we drop the legacy endpoint?');
    expect(
      controlEvents(ws)
        .filter((e) => e.entityType === 'human_input')
        .map((e) => e.action),
    ).toEqual(['asked', 'timed-out']);
  }, 60_000);

  it('triage answers a clarification through the owner of what it is about, without asking a person', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      {
        id: 'A1',
        extra: CONTRACT,
        rules: [
          {
            when: { start: true },
            unless: { inboxContains: 'uuid' },
            do: [
              {
                post: {
                  id: 'c1',
                  kind: 'clarification-request',
                  summary: 'Which key type does the orders table use?',
                  artifactRefs: ['src/a2/schema.sql'],
                  targets: ['launcher'],
                },
              },
            ],
          },
          { when: { inboxContains: 'uuid' }, do: PROOF },
        ],
      },
      { id: 'A3', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] },
      {
        id: 'A2',
        rules: [
          {
            when: { inboxContains: 'Clarification c1' },
            do: [
              { post: { id: 'd1', kind: 'decision', summary: 'Orders use uuid keys', targets: ['agent:A1'], dependsOn: ['c1'] } },
              { resolve: 'triage-c1-A2' },
            ],
          },
          { when: { start: true }, do: [{ exit: 0 }] },
        ],
      },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    const out = await cli(['launch', '--wave-file', waveFile, '--workspace', ws, '--human-timeout', '0.05', '--max-retries', '0']);
    expect(out.exitCode, out.stderr).toBe(0);
    const triage = controlEvents(ws)
      .filter((e) => e.entityType === 'clarification_triage')
      .map((e) => [e.action, e.data.to ?? e.data.by, e.data.by]);
    expect(triage).toEqual([
      ['routed', 'A2', 'ownership'],
      ['answered', 'A2', 'A2'],
    ]);
    expect(has(ws, 'human_input', 'asked')).toBe(false);
    expect(startsOf(ws, 'A1')).toEqual([1, 1]);
    expect(startsOf(ws, 'A3')).toEqual([1]);
  }, 60_000);

  it('when no agent can answer, triage escalates to a person and the answer reaches the asker', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      {
        id: 'A1',
        extra: CONTRACT,
        rules: [
          {
            when: { start: true },
            unless: { inboxContains: 'ship on Friday' },
            do: [{ post: { id: 'c2', kind: 'clarification-request', summary: 'When is the release date?', targets: ['launcher'] } }],
          },
          { when: { inboxContains: 'ship on Friday' }, do: PROOF },
        ],
      },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    const launcher = execa(
      'node',
      [bin, 'launch', '--wave-file', waveFile, '--workspace', ws, '--human-timeout', '5', '--max-retries', '0'],
      { reject: false },
    );
    await until(() => has(ws, 'human_input', 'asked'));
    expect(
      controlEvents(ws)
        .filter((e) => e.entityType === 'clarification_triage')
        .map((e) => e.action),
    ).toEqual(['escalated']);
    expect(
      (await cli(['control', 'feedback', 'respond', '--workspace', ws, '--wave', '1', '--id', 'escalate-c2', '--answer', 'ship on Friday']))
        .exitCode,
    ).toBe(0);
    const done = await launcher;
    expect(done.exitCode, String(done.stderr)).toBe(0);
    expect(startsOf(ws, 'A1')).toEqual([1, 1]);
  }, 120_000);
});
