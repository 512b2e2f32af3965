// The real claude, codex and opencode CLIs, run by wave-bench's executors, complete whole sessions
// against the scripted model endpoint (test/helpers/model-endpoint): the CLI's own tools read and
// edit a file and write a new one, the usage wave-bench parses from the CLI's output equals what
// the endpoint served, the endpoint saw the model id, our compiled prompt and the key, and the
// assistant's final text reaches the agent log as plain lines.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliExecutors, MODEL_PRICES, type ExecutorRunRequest } from '../../orchestrator/index.js';
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

const KEY = 'sk-sentinel-3f9c2a';
const PROMPT_TOKEN = 'PROMPT-TOKEN-7d41';
const scenario: Scenario = {
  steps: [
    { kind: 'read', path: 'calc.js' },
    { kind: 'edit', path: 'calc.js', old: '  return a - b;', new: '  return a + b;' },
    { kind: 'write', path: 'NOTES.md', content: 'add returns the sum\n' },
  ],
  final: 'Done.\n[wave-proof] completion=contract durability=none proof=unit state=met detail=scripted',
  plain: 'Fix add',
};

let endpoint: ModelEndpoint;
beforeAll(async () => {
  endpoint = await startModelEndpoint({ scenario });
});
afterAll(async () => {
  await endpoint?.close();
});

function request(cli: AgentCli): ExecutorRunRequest {
  const ws = tempDir(`wave-bench-${cli}-`);
  writeFileSync(join(ws, 'calc.js'), 'export function add(a, b) {\n  return a - b;\n}\n');
  const prompt = `${PROMPT_TOKEN}: make add(a, b) return the sum, and note it in NOTES.md.`;
  const run = join(ws, '.wave', 'run');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'prompt.md'), prompt);
  return {
    agent: agent('A1', { executor: { id: cli } }),
    lane: 'main',
    wave: 1,
    attempt: 1,
    workspace: ws,
    prompt,
    promptFile: join(run, 'prompt.md'),
    inboxFile: join(run, 'i.md'),
    summaryFile: join(run, 's.md'),
    logFile: join(run, 'log.txt'),
    coordinationLog: join(run, 'c.jsonl'),
    model: TEST_MODELS[cli],
    env: { PATH: pathWithClis, HOME: join(run, 'home'), TMPDIR: join(run, 'tmp'), ...endpointEnv(cli, endpoint.url, KEY) },
    budget: { minutes: 4, turns: 12 },
  };
}

describe('real agent CLIs against the scripted endpoint', () => {
  it('the CLIs are installed (scripts/ensure-agent-clis.sh; required in CI)', () => {
    expect(requireAgentClis() || !agentClisInstalled).toBe(true);
  });

  for (const cli of AGENT_CLIS) {
    it.runIf(agentClisInstalled)(
      `${cli}: its own tools edit and write files; usage matches what the endpoint served`,
      async () => {
        const req = request(cli);
        const before = endpoint.requests.length;
        const result = await cliExecutors[cli]!.run(req);
        const log = readFileSync(req.logFile, 'utf8');
        expect(result.exitCode, log.slice(-3000)).toBe(0);
        expect(readFileSync(join(req.workspace, 'calc.js'), 'utf8')).toContain('return a + b;');
        expect(readFileSync(join(req.workspace, 'NOTES.md'), 'utf8')).toBe('add returns the sum\n');

        const mine = endpoint.requests.slice(before);
        const turns = mine.filter((r) => r.status === 200 && r.view && r.view.tools.length > 0);
        expect(turns.map((t) => t.turn?.kind)).toEqual(['tool', 'tool', 'tool', 'text']);
        for (const t of turns) {
          expect(t.view!.model).toBe(TEST_MODELS[cli]);
          expect(JSON.stringify(t.body)).toContain(PROMPT_TOKEN);
          expect(String(t.headers['x-api-key'] ?? t.headers.authorization)).toContain(KEY);
        }
        const served = turns.reduce(
          (s, t) => ({
            input: s.input + t.usage!.input - t.usage!.cached,
            cached: s.cached + t.usage!.cached,
            output: s.output + t.usage!.output,
          }),
          { input: 0, cached: 0, output: 0 },
        );
        expect(result.usage).toMatchObject({ inputTokens: served.input, cachedInputTokens: served.cached, outputTokens: served.output });
        if (MODEL_PRICES[TEST_MODELS[cli]]) {
          expect(result.usage?.costUsd).toBeGreaterThan(0);
          expect(result.usage?.pricedAs).toContain(TEST_MODELS[cli]);
        } else {
          expect(result.usage).not.toHaveProperty('costUsd'); // cost unknown, never 0
        }
        if (cli === 'claude') expect(result.usage?.costUsd).toBeCloseTo(result.usage!.cliCostUsd!, 6); // our table agrees with claude's own prices
        expect(log).toMatch(
          new RegExp(`--- ${cli}: assistant text from its JSON output ---\\nDone\\.\\n\\[wave-proof\\] completion=contract`),
        );
      },
      300_000,
    );
  }
});

describe('the turn budget reaches the real CLIs', () => {
  for (const cli of ['claude', 'opencode'] as const) {
    it.runIf(agentClisInstalled)(
      `${cli}: max turns 2 stops a session that would take 4`,
      async () => {
        const req = { ...request(cli), budget: { minutes: 4, turns: 2 } };
        const before = endpoint.requests.length;
        const result = await cliExecutors[cli]!.run(req);
        if (cli === 'claude') expect(result.budgetExhausted).toBe('turns'); // opencode gives no sign of it in its output
        const turns = endpoint.requests.slice(before).filter((r) => r.status === 200 && r.view && r.view.tools.length > 0);
        // claude stops after 2 turns; opencode then asks once more with its "maximum steps" notice
        expect(turns.length).toBeLessThanOrEqual(cli === 'claude' ? 2 : 3);
        expect(existsSync(join(req.workspace, 'NOTES.md'))).toBe(false); // the write would have been turn 3
      },
      300_000,
    );
  }
});
