// A launch's token ceiling must never be overrun by agents that keep going: the usage each CLI
// prints is read while it runs, and once the sum over every agent of the launch passes the
// ceiling, all of them are stopped, no further attempt starts, and the outcome says
// `budget-exceeded` with what was spent. The agents here are a stand-in `claude` (a real process)
// that replays a recorded claude session (test/fixtures/cli-output/claude-session.jsonl) without
// its closing `result` and then hangs: only the ceiling can end it before its time budget.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LiveUsageMeter,
  launchWave,
  parseClaudeLiveUsage,
  parseClaudeUsage,
  parseCodexUsage,
  parseOpencodeUsage,
  SpendPool,
  totalTokens,
} from '../../orchestrator/index.js';
import { cli, repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const recorded = (name: string) => readFileSync(join(repo, 'test/fixtures/cli-output', `${name}-session.jsonl`));
const claudeLines = recorded('claude').toString('utf8').trim().split('\n');
// The recorded turns: 28,841 tokens, then 28,915 more (input + cache reads + the 1 output token printed per turn).
const FIRST_TURN = 28_841;
const CEILING = FIRST_TURN + 1_000; // passed by the second turn of a single agent

/** Feeds `bytes` to a meter in small chunks (splitting lines and multi-byte characters); the figures after each chunk that had news. */
function feedInChunks(bytes: Buffer, parse: (t: string) => ReturnType<typeof parseClaudeUsage>): ReturnType<typeof parseClaudeUsage>[] {
  const meter = new LiveUsageMeter(parse, 'claude-sonnet-4-5');
  const seen = [];
  for (let i = 0; i < bytes.length; i += 97) {
    const u = meter.feed(bytes.subarray(i, i + 97));
    if (u) seen.push(u);
  }
  return seen;
}

describe('usage read while a CLI runs (recorded outputs)', () => {
  it('claude: each turn adds its tokens as it starts; the closing result replaces the running sum', () => {
    const seen = feedInChunks(recorded('claude'), parseClaudeLiveUsage);
    expect(seen.map((u) => u!.turns)).toEqual([1, 2, 3, 4, 4]);
    expect(totalTokens(seen[0]!)).toBe(FIRST_TURN);
    expect(seen.at(-1)).toMatchObject(parseClaudeUsage(recorded('claude').toString())!);
    expect(seen.at(-1)!.costUsd).toBeGreaterThan(0);
  });

  it('opencode: each step adds its tokens when it ends; codex: only its turn.completed', () => {
    const steps = feedInChunks(recorded('opencode'), parseOpencodeUsage);
    expect(steps.map((u) => u!.turns)).toEqual([1, 2, 3, 4]);
    expect(steps.at(-1)).toMatchObject(parseOpencodeUsage(recorded('opencode').toString())!);
    const codex = feedInChunks(recorded('codex'), parseCodexUsage);
    expect(codex).toHaveLength(1);
  });

  it('the pool passes its ceiling once, names it, and tells every listener', () => {
    const pool = new SpendPool({ tokens: 100, costUsd: 1 });
    const heard: string[] = [];
    pool.onExceeded((r) => heard.push(`a:${r}`));
    expect(pool.report('A1', { inputTokens: 60 })).toBeUndefined();
    expect(pool.report('A2', { inputTokens: 30, outputTokens: 5 })).toBeUndefined();
    expect(pool.report('A1', { inputTokens: 60, cachedInputTokens: 10 })).toBe('tokens'); // 105 > 100
    expect(pool.report('A2', { inputTokens: 900 })).toBeUndefined(); // already passed: said once
    pool.onExceeded((r) => heard.push(`late:${r}`));
    expect(heard).toEqual(['a:tokens', 'late:tokens']);
    expect(new SpendPool({ costUsd: 0.5 }).report('x', { inputTokens: 1, costUsd: 0.51 })).toBe('cost');
  });
});

/** A workspace whose wave-1.md has two implementation agents, A1 and A2, under claude. */
function twoClaudeAgents(): string {
  const ws = tempDir('wave-bench-ceiling-launch-');
  mkdirSync(join(ws, 'src', 'a1'), { recursive: true });
  mkdirSync(join(ws, 'src', 'a2'), { recursive: true });
  const section = (id: string) =>
    `## Agent ${id}: ${id}\n\n### Executor\n\n- id: claude\n- model: claude-sonnet-4-5\n\n### Owned paths\n\n- src/${id.toLowerCase()}\n\n### Prompt\n\n\`\`\`\nWork on src/${id.toLowerCase()}.\n\`\`\`\n`;
  writeFileSync(join(ws, 'wave-1.md'), `# Two agents\n\n${section('A1')}\n${section('A2')}`);
  return ws;
}

describe('a launch with a token ceiling', () => {
  let savedPath: string | undefined;
  beforeAll(() => {
    // The stand-in claude: replays the recorded session without its `result`, then hangs.
    const bin = tempDir('wave-bench-fake-claude-');
    const replay = join(bin, 'replay.json');
    writeFileSync(replay, JSON.stringify(claudeLines.filter((l) => !l.includes('"type":"result"'))));
    writeFileSync(
      join(bin, 'claude'),
      `#!/usr/bin/env node\nfor (const l of require(${JSON.stringify(replay)})) process.stdout.write(l + '\\n');\nsetInterval(() => {}, 1e6);\n`,
    );
    chmodSync(join(bin, 'claude'), 0o755);
    savedPath = process.env.PATH;
    process.env.PATH = `${bin}:${process.env.PATH ?? ''}`;
  });
  afterAll(() => {
    process.env.PATH = savedPath;
  });

  it('stops every running agent when the sum passes it, starts no retry, and ends budget-exceeded', async () => {
    const ws = twoClaudeAgents();
    const outcome = await launchWave({
      workspace: ws,
      waveFile: join(ws, 'wave-1.md'),
      features: { closure: false, retry: true },
      maxRetries: 2,
      agentTimeoutMinutes: 10, // without the ceiling the stand-ins would hang until then
      spendLimit: { tokens: CEILING },
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(1);
    expect(outcome.budgetExceeded?.ceiling).toBe('tokens');
    expect(outcome.reason).toMatch(/^budget-exceeded: the tokens ceiling was passed \(token ceiling \d+; spent \d+ tokens/);
    expect(outcome.agentRuns.map((r) => [r.agentId, r.budgetExhausted, r.timedOut])).toEqual([
      ['A1', 'tokens', false],
      ['A2', 'tokens', false],
    ]);
    // a stopped run keeps the usage it had printed (there is no closing result event); one stopped
    // before it printed anything has none
    const spent = outcome.agentRuns.reduce((s, r) => s + (r.usage ? totalTokens(r.usage) : 0), 0);
    expect(spent).toBeGreaterThan(CEILING);
    const control = readFileSync(join(ws, '.wave/main/control/wave-1.jsonl'), 'utf8');
    expect(control).toContain('"budget-spent"');
  }, 120_000);

  it('wave-bench launch --max-tokens: the same from the command line (exit 1, the reason printed)', async () => {
    const ws = twoClaudeAgents();
    const args = [
      'launch',
      '--workspace',
      ws,
      '--wave-file',
      join(ws, 'wave-1.md'),
      '--arm',
      'full-wave--no-gates',
      '--agent-timeout',
      '10',
    ];
    const r = await cli([...args, '--max-tokens', String(CEILING)], { env: { PATH: process.env.PATH! } });
    expect(r.exitCode, r.stderr).toBe(1);
    expect(r.stdout).toMatch(
      /^FAIL wave 1 after 1 attempt\(s\): budget-exceeded: the tokens ceiling was passed \(token ceiling \d+; spent \d+ tokens/,
    );
    expect(readFileSync(join(ws, '.wave/main/control/wave-1.jsonl'), 'utf8')).toContain('"budget-spent"');
  }, 120_000);

  it('a ceiling that could never be checked is bad input (exit 2), before any agent starts', async () => {
    const ws = twoClaudeAgents();
    const args = ['launch', '--workspace', ws, '--wave-file', join(ws, 'wave-1.md'), '--arm', 'full-wave--no-gates'];
    const local = await cli([...args, '--max-tokens', '5', '--executor', 'local']);
    expect(local.exitCode).toBe(2);
    expect(local.stderr).toContain('no agent of wave 1 runs under an executor that reports usage');
    const unpriced = await cli([...args, '--max-cost', '1', '--model', 'no-such-model']);
    expect(unpriced.exitCode).toBe(2);
    expect(unpriced.stderr).toContain('no agent of wave 1 runs a model with a price');
    expect((await cli([...args, '--max-tokens', '0'])).stderr).toContain('--max-tokens');
    expect(existsSync(join(ws, '.wave/main/control/wave-1.jsonl'))).toBe(false);
  }, 60_000);
});
