// End-to-end launches with scripted agents (issue 3): retries that fix a missing proof, open
// clarifications that keep cont-QA from closing, an operator rerun override, and a human question
// answered from the CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchWave, type LaunchOutcome } from '../../orchestrator/index.js';
import { cli } from '../helpers/cli.js';
import { QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

const CONTRACT = '### Exit contract\n\n- completion: contract\n- durability: none\n- proof: unit\n- doc-impact: none';
const PROOF = [
  { marker: '[wave-proof] completion=contract durability=none proof=unit state=met' },
  { marker: '[wave-doc-delta] state=none paths=' },
];

function controlEvents(ws: string) {
  return readFileSync(join(ws, '.wave/main/control/wave-1.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { entityType: string; entityId: string; action: string; attempt: number; data: Record<string, unknown> });
}
const runsOf = (ws: string, id: string) =>
  controlEvents(ws)
    .filter((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === 'started')
    .map((e) => e.attempt);
const launch = (ws: string, waveFile: string, extra: Partial<Parameters<typeof launchWave>[0]> = {}): Promise<LaunchOutcome> =>
  launchWave({ workspace: ws, waveFile, maxRetries: 2, ...extra });

describe('scripted waves through the launcher', () => {
  it('a missing proof fails the attempt with missing-wave-proof; the retry whose policy fixes it passes', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      { id: 'A1', extra: CONTRACT, rules: [{ when: { attemptAtLeast: 2 }, do: PROOF }] },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    const outcome = await launch(ws, waveFile);
    expect(outcome).toMatchObject({ ok: true, exitCode: 0, attempts: 2 });
    const finished = controlEvents(ws).filter((e) => e.entityType === 'attempt' && e.action === 'finished');
    expect(finished.map((e) => e.data.statusCode)).toEqual(['missing-wave-proof', 'pass']);
    expect(runsOf(ws, 'A0')).toEqual([2]);
  });

  it('an open clarification keeps cont-QA from closing until it is resolved', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      {
        id: 'A1',
        rules: [
          {
            when: { start: true },
            unless: { inboxContains: 'answered' },
            do: [{ post: { id: 'c1', kind: 'clarification-request', summary: 'which region?', targets: ['agent:A2'] } }],
          },
        ],
      },
      {
        id: 'A2',
        rules: [
          {
            when: { recordOpen: 'c1' },
            do: [{ post: { id: 'e1', kind: 'evidence', summary: 'answered: eu-west', targets: ['agent:A1'] } }, { resolve: 'c1' }],
          },
        ],
      },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    const outcome = await launch(ws, waveFile);
    expect(outcome.ok).toBe(true);
    const finished = controlEvents(ws).filter((e) => e.entityType === 'attempt' && e.action === 'finished');
    expect(finished[0]!.data.statusCode).toBe('clarification-open');
    expect(runsOf(ws, 'A0')).toEqual([2]);
    expect(runsOf(ws, 'A2')).toEqual([1, 2]);
  });

  it('an operator rerun request overrides the plan: only the named agent runs again', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      { id: 'A1', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] },
      { id: 'A2', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    expect((await launch(ws, waveFile)).ok).toBe(true);
    const rerun = await cli(['control', 'rerun', '--workspace', ws, '--wave', '1', '--agent', 'A2']);
    expect(rerun.exitCode).toBe(0);
    expect((await launch(ws, waveFile)).ok).toBe(true);
    expect(runsOf(ws, 'A1')).toEqual([1]);
    expect(runsOf(ws, 'A2')).toEqual([1, 2]);
    expect(controlEvents(ws).some((e) => e.entityType === 'rerun_request' && e.action === 'applied')).toBe(true);
  });

  it('a human-feedback question blocks closure (exit 43 with how to answer) until answered from the CLI', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      {
        id: 'A1',
        rules: [
          {
            when: { start: true },
            do: [{ post: { id: 'h1', kind: 'human-feedback', summary: 'May we drop the legacy endpoint?', targets: ['launcher'] } }],
          },
        ],
      },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    const first = await launch(ws, waveFile);
    expect(first.exitCode).toBe(43);
    expect(first.snapshot!.overall.statusCode).toBe('human-feedback-open');
    expect(first.reason).toContain('wave-bench control task answer');
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
    expect(answer.exitCode).toBe(0);
    const second = await launch(ws, waveFile);
    expect(second).toMatchObject({ ok: true, exitCode: 0 });
    expect(runsOf(ws, 'A1')).toEqual([1]);
  });
});
