// The wave's time budget ends a running attempt: when --wave-timeout is spent, the running agents'
// process groups are killed (nothing of theirs outlives the launcher), the end is recorded as the
// budget's (exit 45, `wave_run budget-spent`, the killed runs marked `stoppedBy: wave-timeout`), never
// as an agent failure, and the same command without the budget resumes the same attempt: the agent
// that was killed runs again, agents that had finished are not.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentProcesses } from '../helpers/agent-processes.js';
import { cli } from '../helpers/cli.js';
import { commandAgentSection, controlEvents, QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

describe('the wave timeout', () => {
  it('kills a running attempt, records the budget as the cause (exit 45), and a second launch resumes it', async () => {
    const { ws, waveFile } = scriptedWorkspace([
      { id: 'A2', rules: [{ when: { start: true }, do: [{ exit: 0 }] }] },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    // A1 sleeps far past the budget until the file `go` exists.
    appendFileSync(waveFile, commandAgentSection('A1', 'test -f go || sleep 600'));
    const launch = (...extra: string[]) =>
      cli(['launch', '--wave-file', waveFile, '--workspace', ws, '--max-retries', '0', '--human-timeout', '0', ...extra]);

    const first = await launch('--wave-timeout', '0.05'); // 3 seconds
    expect(first.exitCode, first.stdout + first.stderr).toBe(45);
    expect(first.stdout).toContain("the wave's time budget (0.05 minute(s)) is spent; attempt 1 was stopped");
    expect(agentProcesses(ws, 'A1')).toEqual([]);
    const spent = controlEvents(ws).filter((e) => e.entityType === 'wave_run' && e.action === 'budget-spent');
    expect(spent).toHaveLength(1);
    expect(spent[0]!.data).toMatchObject({ waveTimeoutMinutes: 0.05, attemptInterrupted: 1 });
    expect(spent[0]!.data.stoppedAgents).toContain('A1');
    const a1 = controlEvents(ws).find((e) => e.entityType === 'agent_run' && e.entityId === 'A1' && e.action === 'finished')!;
    expect(a1.data).toMatchObject({ stoppedBy: 'wave-timeout', exitCode: null });
    expect(a1.data.executorError).toBeUndefined(); // not an infrastructure failure either
    expect(controlEvents(ws).some((e) => e.entityType === 'attempt' && e.action === 'finished')).toBe(false); // no gate verdict on killed work
    const finishedBefore = controlEvents(ws)
      .filter((e) => e.entityType === 'agent_run' && e.action === 'finished' && !e.data.stoppedBy)
      .map((e) => e.entityId);

    writeFileSync(join(ws, 'go'), '');
    const second = await launch();
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    const attemptsStarted = controlEvents(ws).filter((e) => e.entityType === 'attempt' && e.action === 'started');
    expect(attemptsStarted.map((e) => e.attempt)).toEqual([1]); // the same attempt, resumed
    const starts = (id: string) =>
      controlEvents(ws).filter((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === 'started');
    expect(starts('A1').map((e) => e.attempt)).toEqual([1, 1]);
    for (const id of finishedBefore.filter((x) => x !== 'A0')) expect(starts(id)).toHaveLength(1);
    const runs = controlEvents(ws).filter((e) => e.entityType === 'wave_run' && e.action === 'finished');
    expect(runs.map((e) => e.data.exitCode)).toEqual([45, 0]);
  }, 180_000);
});
