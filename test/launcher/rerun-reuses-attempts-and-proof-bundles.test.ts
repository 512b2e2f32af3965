// A rerun relaunches only what it must: `--reuse-attempt N` restores the accepted results of attempt N
// for every agent not named to run again (they are not relaunched, and their attempt-N result is what
// the gates see), and `--reuse-proof ID` keeps the agent of an active authoritative bundle. A bundle
// that was superseded cannot be reused: the request is refused with exit 2, and so is a launch whose
// pending request names a bundle superseded after it was made; neither writes anything.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { controlEvents, QA_PASS, scriptedWorkspace } from '../helpers/scripted-wave.js';

const controlLog = (ws: string) => join(ws, '.wave/main/control/wave-1.jsonl');
const starts = (ws: string, id: string) =>
  controlEvents(ws).filter((e) => e.entityType === 'agent_run' && e.entityId === id && e.action === 'started').length;

describe('rerun reuse selectors', () => {
  it('reuses an attempt and an active proof bundle; a superseded bundle is refused at request and at launch', async () => {
    const ok = [{ when: { start: true }, do: [{ exit: 0 }] }];
    const { ws, waveFile } = scriptedWorkspace([
      // A1 succeeds in its first attempt only: any later run of it fails.
      {
        id: 'A1',
        rules: [
          { when: { attempt: 1 }, do: [{ exit: 0 }] },
          { when: { attemptAtLeast: 2 }, do: [{ exit: 1 }] },
        ],
      },
      { id: 'A2', rules: ok },
      { id: 'A3', extra: '### Components\n\n- orders-api', rules: ok },
      { id: 'A0', role: 'cont-qa', rules: QA_PASS },
    ]);
    const launch = () => cli(['launch', '--wave-file', waveFile, '--workspace', ws, '--max-retries', '0', '--human-timeout', '0']);
    const c = (...args: string[]) => cli(['control', ...args, '--workspace', ws, '--wave', '1']);
    const counts = () => ['A1', 'A2', 'A3'].map((id) => starts(ws, id));

    expect((await launch()).exitCode).toBe(0);
    expect((await c('rerun', '--agent', 'A1', '--agent', 'A2')).exitCode).toBe(0);
    const failed = await launch(); // attempt 2: A1 fails now
    expect(failed.exitCode, failed.stdout).toBe(1);
    expect(counts()).toEqual([2, 2, 1]);

    // An attempt that never ran cannot be reused; nothing is written.
    const before = readFileSync(controlLog(ws), 'utf8');
    const bad = await c('rerun', '--reuse-attempt', '9', '--agent', 'A2');
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('attempt 9 has not finished (finished attempts: 1, 2)');
    expect(readFileSync(controlLog(ws), 'utf8')).toBe(before);

    // Attempt 1's accepted results stand for A1 and A3; only A2 runs, and the wave passes on A1's attempt-1 result.
    const req = await c('rerun', '--reuse-attempt', '1', '--agent', 'A2');
    expect(req.exitCode, req.stderr).toBe(0);
    expect(req.stdout).toContain('relaunch A2; reuse A1 (attempt 1), A3 (attempt 1)');
    const third = await launch();
    expect(third.exitCode, third.stdout + third.stderr).toBe(0);
    expect(counts()).toEqual([2, 3, 1]);
    const reused = controlEvents(ws).filter((e) => e.entityType === 'agent_run' && e.action === 'reused');
    expect(reused.map((e) => [e.entityId, e.attempt, e.data.fromAttempt])).toEqual([
      ['A1', 3, 1],
      ['A3', 3, 1],
    ]);
    const applied = controlEvents(ws)
      .filter((e) => e.entityType === 'rerun_request' && e.action === 'applied')
      .at(-1)!;
    expect(applied.data.relaunch).toEqual(['A2']);
    const status = JSON.parse((await c('status', '--agent', 'A1', '--json')).stdout) as { state: string };
    expect(status.state).toBe('reused');

    // Proof bundles for A3, the owner of orders-api: the first is superseded by the second.
    writeFileSync(join(ws, 'proof.json'), JSON.stringify({ agentId: 'A3', authoritative: true, componentsMet: [] }));
    const b1 = JSON.parse((await c('proof', 'register', '--file', join(ws, 'proof.json'), '--json')).stdout).entityId as string;
    const b2 = JSON.parse((await c('proof', 'supersede', '--id', b1, '--file', join(ws, 'proof.json'), '--json')).stdout)
      .entityId as string;
    const beforeSuperseded = readFileSync(controlLog(ws), 'utf8');
    const stale = await c('rerun', '--invalidate-component', 'orders-api', '--reuse-proof', b1);
    expect(stale.exitCode).toBe(2);
    expect(stale.stderr).toContain(`proof bundle ${b1} was superseded by ${b2}; reuse ${b2} instead`);
    expect(stale.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(readFileSync(controlLog(ws), 'utf8')).toBe(beforeSuperseded);

    // The active bundle keeps A3 although its component was invalidated: nobody else owns it, so nothing is relaunched.
    expect((await c('rerun', '--invalidate-component', 'orders-api', '--reuse-proof', b2)).exitCode).toBe(0);
    const fourth = await launch();
    expect(fourth.exitCode, fourth.stdout + fourth.stderr).toBe(0);
    expect(counts()).toEqual([2, 3, 1]);
    const appliedProof = controlEvents(ws)
      .filter((e) => e.entityType === 'rerun_request' && e.action === 'applied')
      .at(-1)!;
    expect(appliedProof.data.reused).toEqual([{ agentId: 'A3', from: 'proof-bundle', bundleId: b2 }]);

    // A request whose bundle is superseded after it was made: the launch refuses it before writing anything.
    expect((await c('rerun', '--invalidate-component', 'orders-api', '--reuse-proof', b2)).exitCode).toBe(0);
    expect((await c('proof', 'supersede', '--id', b2, '--file', join(ws, 'proof.json'))).exitCode).toBe(0);
    const logs = () => [readFileSync(controlLog(ws), 'utf8'), readFileSync(join(ws, '.wave/main/coordination/wave-1.jsonl'), 'utf8')];
    const beforeLaunch = logs();
    const refused = await launch();
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toContain(`--reuse-proof ${b2}: proof bundle ${b2} was superseded by`);
    expect(refused.stderr).toContain('wave-bench control rerun clear');
    expect(logs()).toEqual(beforeLaunch);
  }, 240_000);
});
