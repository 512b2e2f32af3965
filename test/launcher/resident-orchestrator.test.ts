// The resident orchestrator runs alongside the wave for its whole duration: one process, started when
// the launch starts and stopped (process group) when it ends. It keeps reading the shared summary as
// records arrive, and guidance it posts mid-wave reaches the targeted agent's inbox while that agent
// is still running, in the same attempt (A1 below waits for it and fails without it). No resident
// process outlives the launcher: not when the wave ends, not when the launcher is killed with SIGKILL.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { agentProcesses, waitUntil } from '../helpers/agent-processes.js';
import { bin, cli } from '../helpers/cli.js';
import { commandAgentSection, controlEvents, type LoggedControlEvent, QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

type Ev = LoggedControlEvent;

/** A wave: A2 claims int keys; A1 (a shell agent) runs `a1Command`; cont-QA passes; the resident's live policy. */
function residentWave(a1Command: string): { ws: string; waveFile: string; args: string[] } {
  const { ws, waveFile } = scriptedWorkspace([
    {
      id: 'A2',
      rules: [
        { when: { start: true }, do: [{ post: { id: 'k1', kind: 'claim', summary: 'the orders table uses int keys', targets: [] } }] },
      ],
    },
    { id: 'A0', role: 'cont-qa', rules: QA_PASS },
  ]);
  appendFileSync(waveFile, commandAgentSection('A1', a1Command));
  const guidance = {
    id: 'g1',
    kind: 'orchestrator-guidance',
    summary: 'A1: check the key type A2 claimed before you build on it',
    targets: ['agent:A1'],
  };
  writeFileSync(
    join(ws, 'orch.json'),
    JSON.stringify({ agentId: 'orchestrator', live: true, rules: [{ when: { summaryContains: 'int keys' }, do: [{ post: guidance }] }] }),
  );
  const args = ['launch', '--wave-file', waveFile, '--workspace', ws, '--max-retries', '0', '--human-timeout', '0'];
  return {
    ws,
    waveFile,
    args: [...args, '--resident-orchestrator', '--orchestrator-executor', 'scripted', '--orchestrator-option', 'policy=orch.json'],
  };
}

// A1 polls its live inbox (rewritten by the launcher while agents run) for the guidance; without it, A1 fails.
const WAIT_FOR_GUIDANCE =
  'i=0; while [ $i -lt 900 ]; do grep -q "check the key type" "$WAVE_PROJECTIONS_DIR/inboxes/A1.md" 2>/dev/null && { echo "A1 saw the guidance"; exit 0; }; sleep 0.2; i=$((i+1)); done; exit 1';

describe('the resident orchestrator', () => {
  it('one process for the whole wave; its mid-wave guidance reaches the running target; it is stopped at wave end', async () => {
    const { ws, args } = residentWave(WAIT_FOR_GUIDANCE);
    const out = await cli(args);
    expect(out.exitCode, out.stderr + out.stdout).toBe(0);
    expect(readFileSync(join(ws, '.wave/main/agents/wave-1/A1/attempt-1/log.txt'), 'utf8')).toContain('A1 saw the guidance');
    const all = controlEvents(ws);
    const orch = all.filter((e) => e.entityType === 'agent_run' && e.entityId === 'orchestrator');
    expect(orch.map((e) => [e.action, e.attempt])).toEqual([
      ['started', 1],
      ['finished', 1],
    ]);
    expect(orch[1]!.data.stoppedBy).toBe('wave-end');
    // Started before the first agent of the wave finished, stopped after the last attempt's verdict.
    const index = (pred: (e: Ev) => boolean) => all.findIndex(pred);
    expect(all.indexOf(orch[0]!)).toBeLessThan(index((e) => e.entityType === 'agent_run' && e.action === 'finished'));
    expect(all.indexOf(orch[1]!)).toBeGreaterThan(index((e) => e.entityType === 'attempt' && e.action === 'finished'));
    expect(all.filter((e) => e.entityType === 'attempt' && e.action === 'started')).toHaveLength(1); // the same attempt
    const inbox = (id: string) => readFileSync(join(ws, `.wave/main/projections/wave-1/inboxes/${id}.md`), 'utf8');
    expect(inbox('A1')).toContain('check the key type A2 claimed');
    expect(inbox('A2')).not.toContain('check the key type A2 claimed');
    expect(agentProcesses(ws, 'orchestrator')).toEqual([]);
    const status = await cli(['control', 'status', '--workspace', ws, '--wave', '1', '--json']);
    expect(JSON.parse(status.stdout).unknownAgents).toEqual([]);
  }, 180_000);

  it('is killed with the agents when the launcher is killed with SIGKILL', async () => {
    const { ws, args } = residentWave('sleep 600');
    const launcher = execa('node', [bin, ...args], { reject: false, env: { NO_COLOR: '1' } });
    try {
      const running = await waitUntil(() => agentProcesses(ws, 'orchestrator').length > 0 && agentProcesses(ws, 'A1').length > 0, 90_000);
      expect(running).toBe(true);
      launcher.kill('SIGKILL');
      await launcher;
      const gone = await waitUntil(() => agentProcesses(ws, 'orchestrator').length === 0 && agentProcesses(ws, 'A1').length === 0, 60_000);
      expect({ orchestrator: agentProcesses(ws, 'orchestrator'), A1: agentProcesses(ws, 'A1'), gone }).toEqual({
        orchestrator: [],
        A1: [],
        gone: true,
      });
    } finally {
      launcher.kill('SIGKILL');
      for (const pid of [...agentProcesses(ws, 'orchestrator'), ...agentProcesses(ws, 'A1')]) process.kill(pid, 'SIGKILL');
    }
  }, 180_000);
});
