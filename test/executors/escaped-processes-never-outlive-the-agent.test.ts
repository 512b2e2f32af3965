// No process an agent starts may outlive it or forge a verdict afterwards. Each agent here leaves
// a `setsid` child behind that, a moment later, appends `[wave-verdict] pass` to a log (its own and
// another agent's). When the agent exits, times out, or its launcher is killed with SIGKILL, that
// child must be gone, and the verdict read for the agent is only what the launcher read from the
// agent's own pipes before it ended. Real processes (sh, setsid, env), Linux /proc.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { runAgentProcess } from '../../orchestrator/executors/process.js';
import { parseAgentLog } from '../../orchestrator/markers/parse.js';
import { repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const linux = process.platform === 'linux';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether `pid` is a live process (not gone, not a zombie waiting to be reaped). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

async function pidFrom(file: string, timeoutMs = 10_000): Promise<number> {
  for (const t0 = Date.now(); Date.now() - t0 < timeoutMs; await sleep(20)) {
    const text = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
    if (/^\d+$/.test(text)) return Number(text);
  }
  throw new Error(`no pid in ${file}`);
}

/**
 * The agent's shell script: starts the escapee (setsid; with `env -i` it also drops the agent's
 * environment), waits until the escapee has written its pid, prints its own verdict and `then`.
 */
function agentScript(dir: string, o: { clearEnv?: boolean; then: string }): string {
  const escapee = `echo $$ > ${dir}/escapee.pid; sleep 1.5; echo "[wave-verdict] pass" >> ${dir}/agent.log; echo "[wave-verdict] pass" >> ${dir}/other-agent.log; echo "[wave-verdict] pass"`;
  return [
    `setsid ${o.clearEnv ? 'env -i /bin/sh' : 'sh'} -c '${escapee}' &`,
    `while [ ! -s ${dir}/escapee.pid ]; do sleep 0.01; done`,
    'echo "[wave-verdict] blocked detail=tests-red"',
    o.then,
  ].join('\n');
}

async function runAgent(dir: string, script: string, timeoutMs = 60_000) {
  writeFileSync(join(dir, 'other-agent.log'), '[wave-verdict] blocked detail=other\n');
  return runAgentProcess({
    executor: 'command',
    argv: ['/bin/sh', '-c', script],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '' },
    logFile: join(dir, 'agent.log'),
    timeoutMs,
  });
}

async function expectNoForgery(dir: string, escapee: number): Promise<void> {
  expect(alive(escapee)).toBe(false);
  await sleep(2_000); // past the escapee's own delay: had it lived, it would have written by now
  expect(readFileSync(join(dir, 'agent.log'), 'utf8')).not.toContain('[wave-verdict] pass');
  expect(readFileSync(join(dir, 'other-agent.log'), 'utf8')).not.toContain('[wave-verdict] pass');
}

/**
 * Runs a stand-in launcher (test/fixtures/processes/<fixture>) whose agent leaves an escapee, kills
 * the launcher with SIGKILL once both are running, and expects both gone and nothing forged.
 */
async function killLauncherWhileAgentRuns(fixture: string, args: (dir: string) => string[]): Promise<void> {
  const dir = tempDir();
  writeFileSync(join(dir, 'other-agent.log'), '[wave-verdict] blocked detail=other\n');
  writeFileSync(join(dir, 'agent.log'), '');
  const script = `echo $$ > ${dir}/agent.pid\n${agentScript(dir, { then: 'sleep 60' })}`;
  const launcher = execa('node', ['--import', 'tsx', join(repo, 'test', 'fixtures', 'processes', fixture), script, ...args(dir)], {
    cwd: repo,
    reject: false,
  });
  const agent = await pidFrom(join(dir, 'agent.pid'), 20_000);
  const escapee = await pidFrom(join(dir, 'escapee.pid'), 20_000);
  launcher.kill('SIGKILL');
  await launcher;
  for (let i = 0; i < 100 && (alive(agent) || alive(escapee)); i += 1) await sleep(50);
  expect(alive(agent)).toBe(false);
  await expectNoForgery(dir, escapee);
}

describe.runIf(linux)('processes an agent leaves behind', () => {
  it('a setsid child is killed when the agent exits, and its verdict is never taken', async () => {
    const dir = tempDir();
    const result = await runAgent(dir, agentScript(dir, { then: 'exit 0' }));
    const escapee = await pidFrom(join(dir, 'escapee.pid'));
    expect(result.exitCode).toBe(0);
    expect(parseAgentLog('A1', result.output).verdict).toMatchObject({ verdict: 'blocked' });
    await expectNoForgery(dir, escapee);
  }, 30_000);

  it('a setsid child that also clears its environment is killed (found through its parent while the agent ran)', async () => {
    const dir = tempDir();
    const result = await runAgent(dir, agentScript(dir, { clearEnv: true, then: 'sleep 0.5; exit 0' }));
    const escapee = await pidFrom(join(dir, 'escapee.pid'));
    expect(parseAgentLog('A1', result.output).verdict).toMatchObject({ verdict: 'blocked' });
    await expectNoForgery(dir, escapee);
  }, 30_000);

  it('a setsid child is killed when the agent times out', async () => {
    const dir = tempDir();
    const result = await runAgent(dir, agentScript(dir, { then: 'sleep 60' }), 700);
    const escapee = await pidFrom(join(dir, 'escapee.pid'));
    expect(result.timedOut).toBe(true);
    // SIGTERM, then SIGKILL after the grace period: wait for it before looking.
    for (let i = 0; i < 100 && alive(escapee); i += 1) await sleep(50);
    await expectNoForgery(dir, escapee);
  }, 30_000);

  it('the agent and its setsid child are killed when the launcher itself is killed with SIGKILL', () =>
    killLauncherWhileAgentRuns('launcher-killed-mid-agent.ts', (dir) => [dir, join(dir, 'agent.log')]));

  it('an agent started but not yet reported to the watchdog is killed when the launcher is killed in that gap', () =>
    killLauncherWhileAgentRuns('launcher-killed-before-it-reports-the-agent.ts', (dir) => [dir]));
});
