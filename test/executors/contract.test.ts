// The executor contract (SPEC 2.9), run against every executor that can run on this machine:
// real child processes, a non-zero exit is data, a timeout kills the whole process group, the
// agent sees only its allowlisted environment, and a missing binary is an ExecutorError.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXECUTORS, ExecutorError, getExecutor, type AgentDefinition, type ExecutorRunRequest } from '../../orchestrator/index.js';
import { agent } from '../helpers/agents.js';
import { tempDir } from '../helpers/tmp.js';

function request(ws: string, a: AgentDefinition, overrides: Partial<ExecutorRunRequest> = {}): ExecutorRunRequest {
  const dir = join(ws, '.run', a.id);
  mkdirSync(dir, { recursive: true });
  const files = {
    promptFile: join(dir, 'prompt.md'),
    inboxFile: join(dir, 'inbox.md'),
    summaryFile: join(dir, 'summary.md'),
    logFile: join(dir, 'log.txt'),
  };
  writeFileSync(files.promptFile, '# prompt\n\n## Required markers\n\n```\n[wave-verdict] pass detail=<why>\n```\n');
  writeFileSync(files.inboxFile, '');
  writeFileSync(files.summaryFile, '');
  return {
    agent: a,
    lane: 'main',
    wave: 1,
    attempt: 1,
    workspace: ws,
    prompt: 'p',
    ...files,
    coordinationLog: join(ws, 'log.jsonl'),
    env: { PATH: process.env.PATH ?? '', HOME: join(dir, 'home'), WAVE_AGENT_CLOCK: '2026-01-01T00:00:00.000Z' },
    budget: { minutes: 1 },
    ...overrides,
  };
}

const exitWith = (code: number): Record<string, () => AgentDefinition> => ({
  command: () => agent('A1', { executor: { id: 'command', command: `echo working; exit ${code}` } }),
  scripted: () => agent('A1', { executor: { id: 'scripted', policy: 'policy.json' } }),
});

describe.each(['command', 'scripted'])('executor contract: %s', (id) => {
  it('a non-zero exit is returned as data, with output in the log', async () => {
    const ws = tempDir();
    writeFileSync(
      join(ws, 'policy.json'),
      JSON.stringify({ agentId: 'A1', rules: [{ when: { start: true }, do: [{ marker: '[wave-gap] kind=ops detail=x' }, { exit: 7 }] }] }),
    );
    const req = request(ws, exitWith(7)[id]!());
    const result = await getExecutor(id).run(req);
    expect(result).toMatchObject({ exitCode: 7, timedOut: false });
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(readFileSync(req.logFile, 'utf8').length).toBeGreaterThan(0);
  });

  it('preview names the exact argv, cwd and environment keys without running anything', () => {
    const ws = tempDir();
    const preview = getExecutor(id).preview(request(ws, exitWith(0)[id]!()));
    expect(preview.executor).toBe(id);
    expect(preview.cwd).toBe(ws);
    expect(preview.envKeys).toContain('PATH');
    expect(preview.argv.length).toBeGreaterThan(1);
  });
});

// Every registered executor, including the real CLIs (installed by scripts/ensure-agent-clis.sh;
// offline they fail or hang, which is exactly the agent failure the contract must return as data).
const cliBin = join(__dirname, '..', '..', '.cache', 'agent-clis', 'node_modules', '.bin');
const clisInstalled = existsSync(join(cliBin, 'codex'));

describe.each(Object.keys(EXECUTORS))('every executor: %s', (id) => {
  const setup = (ws: string) => {
    writeFileSync(join(ws, 'policy.json'), JSON.stringify({ agentId: 'A1', rules: [{ when: { start: true }, do: [{ exit: 3 }] }] }));
    const executor: Record<string, string> = {
      id,
      ...(id === 'scripted' ? { policy: 'policy.json' } : {}),
      ...(id === 'command' ? { command: 'echo hi; exit 3' } : {}),
    };
    return request(ws, agent('A1', { executor }), {
      env: { PATH: `${cliBin}:${process.env.PATH ?? ''}`, HOME: join(ws, 'home'), CLAUDE_CODE_MAX_RETRIES: '0' },
      budget: { minutes: 0.15 },
    });
  };

  it('previews its exact command without running it', () => {
    const preview = getExecutor(id).preview(setup(tempDir()));
    expect(preview).toMatchObject({ executor: id });
    expect(preview.argv.length).toBeGreaterThan(0);
  });

  it.runIf(!['codex', 'claude', 'opencode'].includes(id) || clisInstalled)(
    'runs a real process and returns the outcome as data, never throwing for the agent itself',
    async () => {
      const ws = tempDir();
      const req = setup(ws);
      const result = await getExecutor(id).run(req);
      expect(typeof result.durationMs).toBe('number');
      expect(result.timedOut || typeof result.exitCode === 'number').toBe(true);
      if (id !== 'local') expect(result.timedOut || result.exitCode !== 0).toBe(true); // offline CLIs, exit 3 agents
      expect(existsSync(req.logFile)).toBe(true);
    },
    60_000,
  );
});

describe('process handling', () => {
  it('a timeout kills the whole process group and reports timedOut', async () => {
    const ws = tempDir();
    const pidFile = join(ws, 'child.pid');
    const a = agent('A1', { executor: { id: 'command', command: `sleep 30 & echo $! > ${pidFile}; wait` } });
    const result = await getExecutor('command').run(request(ws, a, { budget: { minutes: 0.01 } }));
    expect(result).toMatchObject({ timedOut: true, exitCode: null });
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((r) => setTimeout(r, 2_500));
    expect(() => process.kill(grandchild, 0)).toThrow();
  });

  it('the agent sees only the environment it was given, never host secrets', async () => {
    const ws = tempDir();
    process.env.WAVE_TEST_HOST_SECRET = 'do-not-leak';
    try {
      const a = agent('A1', { executor: { id: 'command', command: 'env > {workspace}/env.txt' } });
      await getExecutor('command').run(request(ws, a));
      const env = readFileSync(join(ws, 'env.txt'), 'utf8');
      expect(env).not.toContain('do-not-leak');
      expect(env).toContain('WAVE_AGENT_CLOCK=');
    } finally {
      delete process.env.WAVE_TEST_HOST_SECRET;
    }
  });

  it('a missing agent binary is an ExecutorError, not an agent failure', async () => {
    const ws = tempDir();
    const a = agent('A1', { executor: { id: 'codex' } });
    const run = getExecutor('codex').run(request(ws, a, { env: { PATH: join(ws, 'empty-bin') } }));
    await expect(run).rejects.toBeInstanceOf(ExecutorError);
    await expect(getExecutor('codex').run(request(ws, a, { env: { PATH: join(ws, 'empty-bin') } }))).rejects.toMatchObject({
      code: 'executor-binary-missing',
    });
  });

  it('an unknown executor id suggests the closest ones', () => {
    expect(() => getExecutor('scriptd')).toThrow(/did you mean scripted/);
  });

  it('the local smoke executor writes deliverables and prints the required markers', async () => {
    const ws = tempDir();
    const a = agent('A1', { deliverables: ['src/a1/out.txt'], executor: { id: 'local' } });
    const req = request(ws, a);
    expect((await getExecutor('local').run(req)).exitCode).toBe(0);
    expect(existsSync(join(ws, 'src/a1/out.txt'))).toBe(true);
    expect(readFileSync(req.logFile, 'utf8')).toContain('[wave-verdict] pass detail=smoke');
  });
});
