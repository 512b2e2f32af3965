// `wave-bench launch` end to end with the local smoke executor: a wave passes only through its
// gate snapshot, leaves a trace bundle that replays identically, resumes as "already passed",
// refuses a lane held by a live launcher, and names the file and line of a bad wave.
import { cpSync, existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

function workspaceWithExample(name = 'wave-1.md'): { ws: string; wave: string } {
  const ws = tempDir();
  mkdirSync(join(ws, 'waves'));
  cpSync(join(repo, 'orchestrator', 'examples', name), join(ws, 'waves', name));
  return { ws, wave: join(ws, 'waves', name) };
}

describe('wave-bench launch', () => {
  it('runs the example wave to a passing snapshot, writes a trace that replays identically', async () => {
    const { ws, wave } = workspaceWithExample();
    const run = await cli(['launch', '--wave-file', wave, '--workspace', ws]);
    expect(run.stderr).toContain('closure cont-qa: pass');
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(ws, 'src/ledger/post.ts'))).toBe(true);
    const trace = join(ws, '.wave/main/traces/wave-1/attempt-1');
    const outcome = JSON.parse(readFileSync(join(trace, 'outcome.json'), 'utf8'));
    expect(outcome.snapshot.ok).toBe(true);
    expect(outcome.snapshot.gates.map((g: { gate: string }) => g.gate)).toEqual([
      'implementation',
      'component',
      'barrier',
      'cont-eval',
      'security',
      'integration',
      'documentation',
      'cont-qa',
    ]);
    const replay = await cli(['replay', trace, '--json']);
    expect(replay.exitCode).toBe(0);
    expect(JSON.parse(replay.stdout).outcomeDifferences).toEqual([]);
    const again = await cli(['launch', '--wave-file', wave, '--workspace', ws]);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('already passed');
  });

  it('replay reports a tampered trace: a changed agent log changes the recomputed verdict', async () => {
    const { ws, wave } = workspaceWithExample();
    expect((await cli(['launch', '--wave-file', wave, '--workspace', ws])).exitCode).toBe(0);
    const trace = join(ws, '.wave/main/traces/wave-1/attempt-1');
    writeFileSync(join(trace, 'agents/A0/log.txt'), '[wave-verdict] blocked detail=tampered\n');
    const replay = await cli(['replay', trace, '--json']);
    expect(replay.exitCode).toBe(1);
    const report = JSON.parse(replay.stdout);
    expect(report.manifestDifferences).toEqual([{ path: 'agents/A0/log.txt', problem: 'modified' }]);
    expect(report.recomputed.snapshot.overall.statusCode).toBe('cont-qa-blocked');
  });

  it('--dry-run writes prompts, projections and executor previews and runs nothing', async () => {
    const { ws, wave } = workspaceWithExample();
    const run = await cli(['launch', '--wave-file', wave, '--workspace', ws, '--dry-run']);
    expect(run.exitCode).toBe(0);
    const dir = join(ws, '.wave/main/dry-run/wave-1');
    const previews = JSON.parse(readFileSync(join(dir, 'executor-preview.json'), 'utf8'));
    expect(Object.keys(previews)).toEqual(['A1', 'E0', 'S1', 'A8', 'A9', 'A0']);
    expect(previews.A1.executor).toBe('local');
    const prompt = readFileSync(join(dir, 'agents/A1/attempt-1/prompt.md'), 'utf8');
    expect(prompt).toContain('[wave-proof] completion=integrated durability=durable proof=integration state=met');
    expect(existsSync(join(ws, 'src/ledger/post.ts'))).toBe(false);
    expect(existsSync(join(ws, '.wave/main/traces'))).toBe(false);
  });

  it("--arm runs a wave under an arm's features: a single-agent wave needs no cont-QA steward", async () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'waves'));
    writeFileSync(
      join(ws, 'waves/wave-1.md'),
      '# Solo\n\n## Agent A1: Solo\n\n### Executor\n\n- id: local\n\n### Owned paths\n\n- src\n\n### Prompt\n\n```\nDo it.\n```\n',
    );
    expect((await cli(['launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws])).stderr).toContain(
      'a full wave needs a cont-QA steward',
    );
    const solo = await cli(['launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws, '--arm', 'single-agent']);
    expect(solo.exitCode, solo.stderr).toBe(0);
    expect(
      (await cli(['launch', '--wave-file', join(ws, 'waves/wave-1.md'), '--workspace', ws, '--arm', 'singel-agent'])).stderr,
    ).toContain('single-agent');
  });

  it('exits 32 naming the pid when a live launcher holds the lane', async () => {
    const { ws, wave } = workspaceWithExample();
    mkdirSync(join(ws, '.wave/main'), { recursive: true });
    writeFileSync(
      join(ws, '.wave/main/launcher.lock'),
      JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), startedAt: new Date().toISOString() }),
    );
    const run = await cli(['launch', '--wave-file', wave, '--workspace', ws]);
    expect(run.exitCode).toBe(32);
    expect(run.stderr).toContain(`pid ${process.pid}`);
  });

  it('reclaims the lock of a dead launcher', async () => {
    const { ws, wave } = workspaceWithExample();
    mkdirSync(join(ws, '.wave/main'), { recursive: true });
    writeFileSync(
      join(ws, '.wave/main/launcher.lock'),
      JSON.stringify({ pid: 999_999, host: (await import('node:os')).hostname(), startedAt: new Date().toISOString() }),
    );
    expect((await cli(['launch', '--wave-file', wave, '--workspace', ws])).exitCode).toBe(0);
  });

  it('rejects a bad wave file with exit 2, naming the file, line, agent and field', async () => {
    const { ws, wave } = workspaceWithExample();
    writeFileSync(
      wave,
      readFileSync(wave, 'utf8')
        .replace('- completion: integrated', '- completion: finished')
        .replace('- src/ledger/post.ts', '- ../../etc/passwd'),
    );
    const run = await cli(['launch', '--wave-file', wave, '--workspace', ws]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/wave-1\.md: line \d+, agent A1 \/ Exit contract \/ completion: expected one of/);
    expect(run.stderr).toMatch(/agent A1 \/ Deliverables: path "..\/..\/etc\/passwd" leaves the workspace/);
    expect(existsSync(join(ws, '.wave'))).toBe(false);
  });

  it('a shared component pending on one owner relaunches only that owner without spending a retry', async () => {
    const ws = tempDir();
    const proof = '[wave-proof] completion=contract durability=none proof=unit state=met';
    const doc = '[wave-doc-delta] state=none paths=';
    const comp = '[wave-component] component=queue-contract level=contract-frozen state=met';
    const policy = (id: string, rules: unknown[]) =>
      writeFileSync(join(ws, 'policies', `${id}.json`), JSON.stringify({ agentId: id, rules }));
    mkdirSync(join(ws, 'policies'));
    mkdirSync(join(ws, 'waves'));
    policy('A1', [{ when: { start: true }, do: [{ marker: proof }, { marker: doc }, { marker: comp }] }]);
    // A2 reaches the component level only on its second run.
    policy('A2', [
      { when: { start: true }, do: [{ marker: proof }, { marker: doc }] },
      { when: { attemptAtLeast: 2 }, do: [{ marker: comp }] },
    ]);
    policy('A0', [
      {
        when: { start: true },
        do: [
          { marker: '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass' },
          { marker: '[wave-verdict] pass' },
        ],
      },
    ]);
    const text = readFileSync(join(repo, 'orchestrator/examples/wave-2.md'), 'utf8')
      .replace(/- id: local/g, '- id: scripted')
      .replace(
        /(## Agent (A\d): [^\n]*\n\n### Executor\n\n- id: scripted)/g,
        (_m, head: string, id: string) => `${head}\n- policy: policies/${id}.json`,
      )
      .replace('## Agent A0: cont-QA\n', '## Agent A0: cont-QA\n\n### Executor\n\n- id: scripted\n- policy: policies/A0.json\n');
    writeFileSync(join(ws, 'waves', 'wave-2.md'), text.replace(/### Deliverables\n\n- src\/\w+\/contract.md\n\n/g, ''));
    const run = await cli(['launch', '--wave-file', join(ws, 'waves', 'wave-2.md'), '--workspace', ws, '--max-retries', '0']);
    expect(run.stderr, run.stderr + run.stdout).toContain('attempt 1: FAIL (shared-component-sibling-pending)');
    expect(run.exitCode, run.stderr + run.stdout).toBe(0);
    const events = readFileSync(join(ws, '.wave/main/control/wave-2.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const started = events.filter((e) => e.entityType === 'attempt' && e.action === 'started');
    expect(started.map((e) => e.data.agentIds)).toEqual([['A1', 'A2'], ['A2']]);
  });
});
