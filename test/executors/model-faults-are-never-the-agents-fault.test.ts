// Faults of the model endpoint, served to the real CLIs by the scripted endpoint: a 429 with
// Retry-After is waited out (by the CLI's own retry or by ours) and the session still completes
// (the test fails if the retry comes sooner than Retry-After asked);
// a 500 on every request or a stream cut on every request ends the run as an infrastructure
// failure (`modelError` on the result), never as the agent's own failure; a slow first byte is
// only slow. Each test has its own endpoint, so they run at once: most of their time is the CLIs'
// own waits between retries (opencode retries a failing endpoint for ~85-105 s).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliExecutors, type ExecutorRunRequest } from '../../orchestrator/index.js';
import { agent } from '../helpers/agents.js';
import {
  AGENT_CLIS,
  agentClisInstalled,
  endpointEnv,
  pathWithClis,
  requireAgentClis,
  TEST_MODELS,
  type AgentCli,
} from '../helpers/agent-clis.js';
import { startModelEndpoint, type ModelEndpoint, type Scenario } from '../helpers/model-endpoint/index.js';
import { tempDir } from '../helpers/tmp.js';

const scenario: Scenario = { steps: [{ kind: 'write', path: 'OUT.md', content: 'written\n' }], final: 'Done.', plain: 'Write' };

/** Runs `body` with an endpoint of its own (closed afterwards). */
async function withEndpoint(body: (endpoint: ModelEndpoint) => Promise<void>): Promise<void> {
  const endpoint = await startModelEndpoint({ scenario });
  try {
    await body(endpoint);
  } finally {
    await endpoint.close();
  }
}

function request(endpoint: ModelEndpoint, cli: AgentCli, minutes = 3): ExecutorRunRequest {
  const ws = tempDir(`wave-bench-fault-${cli}-`);
  const run = join(ws, '.wave', 'run');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'prompt.md'), 'Write OUT.md.');
  return {
    agent: agent('A1', { executor: { id: cli } }),
    lane: 'main',
    wave: 1,
    attempt: 1,
    workspace: ws,
    prompt: 'Write OUT.md.',
    promptFile: join(run, 'prompt.md'),
    inboxFile: join(run, 'i.md'),
    summaryFile: join(run, 's.md'),
    logFile: join(run, 'log.txt'),
    coordinationLog: join(run, 'c.jsonl'),
    model: TEST_MODELS[cli],
    env: { PATH: pathWithClis, HOME: join(run, 'home'), TMPDIR: join(run, 'tmp'), ...endpointEnv(cli, endpoint.url, 'sk-fault') },
    budget: { minutes },
  };
}

describe.concurrent('model endpoint faults with the real CLIs', () => {
  it('the CLIs are installed (scripts/ensure-agent-clis.sh; required in CI)', () => {
    expect(requireAgentClis() || !agentClisInstalled).toBe(true);
  });

  for (const cli of AGENT_CLIS) {
    it.runIf(agentClisInstalled)(
      `${cli}: a 429 with Retry-After is waited out and the session completes`,
      ({ expect }) =>
        withEndpoint(async (endpoint) => {
          endpoint.injectFault({ kind: 'rate-limit', retryAfterSec: 3 }, 1, { agentOnly: true });
          const req = request(endpoint, cli);
          const result = await cliExecutors[cli]!.run(req);
          const log = readFileSync(req.logFile, 'utf8');
          expect(result.exitCode, log.slice(-2000)).toBe(0);
          expect(readFileSync(join(req.workspace, 'OUT.md'), 'utf8')).toBe('written\n');
          const mine = endpoint.requests.filter((r) => r.view);
          const limited = mine.findIndex((r) => r.status === 429);
          expect(limited).toBeGreaterThanOrEqual(0);
          const retry = mine.slice(limited + 1).find((r) => r.view!.tools.length > 0);
          // the retry came no sooner than Retry-After asked (the CLI's own retry, or ours after its exit)
          expect(retry!.at - mine[limited]!.at).toBeGreaterThanOrEqual(2_900);
          expect(result.modelError).toBeUndefined();
          // claude reports its own retry and wait; codex and opencode print nothing about theirs
          if (cli === 'claude')
            expect(result.rateLimitRetries).toEqual([
              expect.objectContaining({ by: 'cli', delayMs: 3000, reason: expect.stringContaining('429') }),
            ]);
        }),
      600_000,
    );

    it.runIf(agentClisInstalled)(
      `${cli}: 500 on every request is an infrastructure failure, not the agent's`,
      ({ expect }) =>
        withEndpoint(async (endpoint) => {
          endpoint.injectFault({ kind: 'server-error' });
          // opencode retries a failing endpoint for ~85-105 s before it gives up: its budget leaves room for that on a loaded machine.
          const req = request(endpoint, cli, 6);
          const result = await cliExecutors[cli]!.run(req);
          const log = readFileSync(req.logFile, 'utf8');
          expect(result.exitCode === 0 && !result.timedOut ? 'exit 0' : 'failed', log.slice(-1500)).toBe('failed');
          expect(result.modelError, JSON.stringify(result) + log.slice(-1500)).toBeDefined();
        }),
      600_000,
    );

    it.runIf(agentClisInstalled)(
      `${cli}: a stream cut mid-event on every request is an infrastructure failure`,
      ({ expect }) =>
        withEndpoint(async (endpoint) => {
          endpoint.injectFault({ kind: 'cut' });
          // opencode retries a failing endpoint for ~85-105 s before it gives up: its budget leaves room for that on a loaded machine.
          const req = request(endpoint, cli, 6);
          const result = await cliExecutors[cli]!.run(req);
          const log = readFileSync(req.logFile, 'utf8');
          expect(result.exitCode === 0 && !result.timedOut ? 'exit 0' : 'failed', log.slice(-1500)).toBe('failed');
          expect(result.modelError, JSON.stringify(result) + log.slice(-1500)).toBeDefined();
        }),
      600_000,
    );
  }
});
