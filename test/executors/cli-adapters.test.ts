// The codex, claude and opencode adapters (SPEC 2.9): their argv is checked by the real CLIs'
// argument parsers (installed by scripts/ensure-agent-clis.sh), usage is parsed from recorded
// outputs, and rate-limit failures are retried with backoff and recorded.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import {
  claudeArgv,
  claudeAssistantText,
  claudeReportedError,
  cliExecutor,
  codexArgv,
  codexAssistantText,
  opencodeArgv,
  opencodeAssistantText,
  parseClaudeUsage,
  parseCodexUsage,
  parseOpencodeUsage,
  priceUsage,
  type ExecutorRunRequest,
} from '../../orchestrator/index.js';
import { agent } from '../helpers/agents.js';
import { repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const bin = (name: string) => join(repo, '.cache', 'agent-clis', 'node_modules', '.bin', name);
const installed = ['codex', 'claude', 'opencode'].every((b) => existsSync(bin(b)));
const recorded = (name: string) => readFileSync(join(repo, 'test', 'fixtures', 'cli-output', name), 'utf8');

function request(executor: Record<string, string>, overrides: Partial<ExecutorRunRequest> = {}): ExecutorRunRequest {
  const ws = tempDir();
  writeFileSync(join(ws, 'prompt.md'), 'Reply with OK.');
  return {
    agent: agent('A1', { executor }),
    lane: 'main',
    wave: 1,
    attempt: 1,
    workspace: ws,
    prompt: 'Reply with OK.',
    promptFile: join(ws, 'prompt.md'),
    inboxFile: join(ws, 'i.md'),
    summaryFile: join(ws, 's.md'),
    logFile: join(ws, 'log.txt'),
    coordinationLog: join(ws, 'c.jsonl'),
    model: 'some-model',
    env: { PATH: process.env.PATH ?? '', HOME: ws },
    budget: { minutes: 1, turns: 7 },
    ...overrides,
  };
}

describe("real CLI argument parsers accept the adapters' argv", () => {
  it('the CLIs are installed (scripts/ensure-agent-clis.sh; required in CI)', () => {
    if (!installed && !process.env.CI) {
      console.warn('agent CLIs not installed: run scripts/ensure-agent-clis.sh to check adapter argv against the real parsers');
      return;
    }
    expect(installed).toBe(true);
  });

  it.runIf(installed)('codex exec parses every flag (and rejects an unknown one)', async () => {
    const inv = codexArgv(request({ id: 'codex', sandbox: 'read-only', profile: 'ci', 'reasoning-effort': 'high' }));
    expect(inv.argv.slice(0, 2)).toEqual(['codex', 'exec']);
    const ok = await execa(bin('codex'), [...inv.argv.slice(1), '--help'], { reject: false, stdin: 'ignore' });
    expect(ok.exitCode, ok.stderr).toBe(0);
    const bad = await execa(bin('codex'), [...inv.argv.slice(1), '--no-such-flag', '--help'], { reject: false, stdin: 'ignore' });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("unexpected argument '--no-such-flag'");
  });

  it.runIf(installed)('claude -p parses every flag and answers with a JSON result (offline: not logged in)', async () => {
    const ws = tempDir();
    const inv = claudeArgv(request({ id: 'claude', 'permission-mode': 'acceptEdits', 'allowed-tools': 'Bash,Edit' }));
    expect(inv.argv).toEqual(
      expect.arrayContaining(['--max-turns', '7', '--model', 'some-model', '--output-format', 'stream-json', '--verbose']),
    );
    const run = await execa(bin('claude'), inv.argv.slice(1), {
      reject: false,
      input: inv.input,
      env: { HOME: ws, PATH: process.env.PATH ?? '', CLAUDE_CODE_MAX_RETRIES: '0', ...inv.env },
      extendEnv: false,
      timeout: 60_000,
    });
    expect(run.stderr).not.toContain('unknown option');
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ type: 'result' });
    const bad = await execa(bin('claude'), ['-p', '--no-such-flag'], {
      reject: false,
      input: 'x',
      env: { HOME: ws, PATH: process.env.PATH ?? '' },
      extendEnv: false,
      timeout: 60_000,
    });
    expect(bad.stderr).toContain("unknown option '--no-such-flag'");
  });

  it.runIf(installed)('opencode run documents every flag the adapter passes', async () => {
    const inv = opencodeArgv(request({ id: 'opencode', agent: 'build' }));
    const help = await execa(bin('opencode'), ['run', '--help'], {
      reject: false,
      stdin: 'ignore',
      env: { HOME: tempDir(), PATH: process.env.PATH ?? '' },
      timeout: 60_000,
    });
    const text = `${help.stdout}\n${help.stderr}`;
    const flags = inv.argv.filter((a) => a.startsWith('-'));
    expect(flags).toEqual(['--format', '--dir', '-m', '--agent']);
    for (const flag of flags) expect(text, flag).toMatch(new RegExp(`(^|\\s)${flag}[,\\s]`));
    expect(text).not.toMatch(/(^|\s)--no-such-flag[,\s]/);
  });
});

describe('usage from recorded outputs', () => {
  it('claude: tokens, cost, turns, and is_error despite subtype success', () => {
    const log = recorded('claude-not-logged-in.json');
    expect(parseClaudeUsage(log)).toMatchObject({ inputTokens: 0, outputTokens: 0, cliCostUsd: 0, turns: 1 });
    expect(claudeReportedError(log)).toBe(true);
  });

  it('claude: a whole session (stream-json) gives the session totals and its own list-price cost', () => {
    const usage = parseClaudeUsage(recorded('claude-session.jsonl'));
    expect(usage).toEqual({
      inputTokens: 55032,
      outputTokens: 152,
      cachedInputTokens: 60864,
      cacheWriteInputTokens: 0,
      cliCostUsd: 0.1856352,
      turns: 4,
    });
    expect(priceUsage(usage!, 'claude-sonnet-4-5').costUsd).toBe(0.1856352);
    expect(claudeAssistantText(recorded('claude-session.jsonl'))).toEqual(['Done: add now returns the sum.']);
  });

  it('codex: sums turn.completed usage, input without the cached part; a run without turns has no usage', () => {
    expect(parseCodexUsage(recorded('codex-session.jsonl'))).toEqual({
      inputTokens: 39372 - 20736,
      cachedInputTokens: 20736,
      cacheWriteInputTokens: 0,
      outputTokens: 158,
      turns: 1,
    });
    expect(parseCodexUsage(recorded('codex-offline-start.jsonl'))).toBeUndefined();
    expect(codexAssistantText(recorded('codex-session.jsonl'))).toEqual(['Done: add now returns the sum.']);
  });

  it('opencode: sums step_finish tokens; its cost for an unpriced custom model is 0, ours is unknown', () => {
    const usage = parseOpencodeUsage(recorded('opencode-session.jsonl'));
    expect(usage).toEqual({
      inputTokens: 14417,
      outputTokens: 165,
      cachedInputTokens: 16128,
      cacheWriteInputTokens: 0,
      cliCostUsd: 0,
      turns: 4,
    });
    expect(priceUsage(usage!, 'gpt-5.5')).not.toHaveProperty('costUsd');
    expect(priceUsage(usage!, 'wave-endpoint/gpt-5.1').pricedAs).toMatch(/^gpt-5\.1 \(list prices \d{4}-\d{2}-\d{2}\)$/);
    expect(opencodeAssistantText(recorded('opencode-session.jsonl'))).toEqual(['Done: add now returns the sum.']);
  });
});

describe('rate limits', () => {
  it('retries a 429 with backoff inside the budget and records each retry', async () => {
    const ws = tempDir();
    const counter = join(ws, 'count');
    const script = join(ws, 'flaky.mjs');
    writeFileSync(
      script,
      `import { existsSync, readFileSync, writeFileSync } from 'node:fs';\nconst n = existsSync('${counter}') ? Number(readFileSync('${counter}', 'utf8')) : 0;\nwriteFileSync('${counter}', String(n + 1));\nif (n < 2) { console.error('Error: 429 Too Many Requests (rate limit)'); process.exit(1); }\nconsole.log('done');\n`,
    );
    const exec = cliExecutor({
      id: 'flaky',
      invocation: () => ({ argv: [process.execPath, script] }),
      usage: () => undefined,
      retry: { baseDelayMs: 20, maxRetries: 5 },
    });
    const result = await exec.run(request({ id: 'flaky' }));
    expect(result.exitCode).toBe(0);
    expect(result.rateLimitRetries?.map((r) => r.attempt)).toEqual([1, 2]);
    expect(result.rateLimitRetries?.[0]?.reason).toContain('429');
  });

  it('does not retry an ordinary failure', async () => {
    const ws = tempDir();
    const exec = cliExecutor({
      id: 'broken',
      invocation: () => ({ argv: ['/bin/sh', '-c', 'echo "syntax error"; exit 3'] }),
      usage: () => undefined,
      retry: { baseDelayMs: 20, maxRetries: 5 },
    });
    const result = await exec.run(request({ id: 'broken' }, { workspace: ws }));
    expect(result.exitCode).toBe(3);
    expect(result.rateLimitRetries).toBeUndefined();
  });
});
