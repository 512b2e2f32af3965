// The resident orchestrator runs alongside the wave (at attempt start and again before closure),
// outside the gates, reads the shared summary, and its orchestrator-guidance reaches the inbox of the
// agent it targets and no other.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

describe('the resident orchestrator', () => {
  it("its guidance reaches the targeted agent's inbox; it is not gated", async () => {
    const { ws, waveFile } = scriptedWorkspace([
      {
        id: 'A1',
        rules: [
          { when: { start: true }, do: [{ post: { id: 'k1', kind: 'claim', summary: 'the orders table uses int keys', targets: [] } }] },
        ],
      },
      { id: 'A2', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    writeFileSync(
      join(ws, 'orch.json'),
      JSON.stringify({
        agentId: 'orchestrator',
        rules: [
          {
            when: { summaryContains: 'int keys' },
            do: [
              {
                post: {
                  id: 'g1',
                  kind: 'orchestrator-guidance',
                  summary: 'A2: check the key type A1 claimed before you build on it',
                  targets: ['agent:A2'],
                },
              },
            ],
          },
        ],
      }),
    );
    const out = await cli([
      'launch',
      '--wave-file',
      waveFile,
      '--workspace',
      ws,
      '--max-retries',
      '0',
      '--human-timeout',
      '0',
      '--resident-orchestrator',
      '--orchestrator-executor',
      'scripted',
      '--orchestrator-option',
      'policy=orch.json',
    ]);
    expect(out.exitCode, out.stderr + out.stdout).toBe(0);
    const events = readFileSync(join(ws, '.wave/main/control/wave-1.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.endsWith('}'))
      .map((l) => JSON.parse(l) as { entityType: string; entityId: string; action: string; attempt: number });
    expect(
      events.filter((e) => e.entityType === 'agent_run' && e.entityId === 'orchestrator' && e.action === 'started').map((e) => e.attempt),
    ).toEqual([1, 1]);
    const inbox = (id: string) => readFileSync(join(ws, `.wave/main/projections/wave-1/inboxes/${id}.md`), 'utf8');
    expect(inbox('A2')).toContain('check the key type A1 claimed');
    expect(inbox('A1')).not.toContain('check the key type A1 claimed');
    const status = await cli(['control', 'status', '--workspace', ws, '--wave', '1', '--json']);
    expect(JSON.parse(status.stdout).unknownAgents).toEqual([]);
  }, 120_000);
});
