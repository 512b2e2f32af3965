// A token ceiling must stop a real CLI on the turn that passes it, read from the CLI's own output
// while it runs, and a pilot item that passes its ceiling must end as `budget-exceeded` — neither
// resolved nor infrastructure — in results.json, results.md, report.html and `report diff`.
// The scripted endpoint serves a fixed 1,100 tokens a turn (1,000 in, 100 out), so a ceiling of
// 1,500 is passed by the second turn. claude prints each turn's usage when the turn starts, so it
// is stopped during the second turn's tool (a `sleep`), before a third request; opencode prints a
// step's usage when the step ends; codex only at the end of its run, so it finishes and its run is
// marked as the one that passed the ceiling. `run` (native cases) takes the same ceiling: the item fails, saying so.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliExecutors, SpendPool, type ExecutorRunRequest } from '../../orchestrator/index.js';
import { agent } from '../helpers/agents.js';
import {
  agentClisInstalled,
  endpointEnv,
  pathWithClis,
  requireAgentClis,
  fixturePilotArgs,
  TEST_MODELS,
  type AgentCli,
} from '../helpers/agent-clis.js';
import { cli } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { startModelEndpoint, type ModelEndpoint, type Scenario } from '../helpers/model-endpoint/index.js';
import { tempDir } from '../helpers/tmp.js';

const KEY = 'sk-sentinel-5e0c11';
const USAGE = { input: 1000, cached: 0, output: 100 }; // 1,100 tokens a turn
const CEILING = 1500; // passed by the second turn
const docker = await dockerAvailable();

const sleepy: Scenario = {
  steps: [
    { kind: 'read', path: 'calc.js' },
    { kind: 'shell', command: 'sleep 15' },
    { kind: 'shell', command: 'sleep 15' },
  ],
  final: 'Done.',
  plain: 'Title',
  usage: USAGE,
};
const fixTask: Scenario = {
  steps: [
    { kind: 'read', path: 'src/calc.js' },
    { kind: 'edit', path: 'src/calc.js', old: '  return a - b;', new: '  return a + b;' },
  ],
  final: 'Fixed add.\n{{required-markers}}',
  plain: 'Fix add',
  usage: USAGE,
};

let endpoint: ModelEndpoint;
beforeAll(async () => {
  endpoint = await startModelEndpoint({ scenario: sleepy });
});
afterAll(async () => {
  await endpoint?.close();
});

function request(c: AgentCli, spend: SpendPool): ExecutorRunRequest {
  const ws = tempDir(`wave-bench-ceiling-${c}-`);
  writeFileSync(join(ws, 'calc.js'), 'export function add(a, b) {\n  return a - b;\n}\n');
  const run = join(ws, '.wave', 'run');
  mkdirSync(run, { recursive: true });
  writeFileSync(join(run, 'prompt.md'), 'Look at calc.js.');
  return {
    agent: agent('A1', { executor: { id: c } }),
    lane: 'main',
    wave: 1,
    attempt: 1,
    workspace: ws,
    prompt: 'Look at calc.js.',
    promptFile: join(run, 'prompt.md'),
    inboxFile: join(run, 'i.md'),
    summaryFile: join(run, 's.md'),
    logFile: join(run, 'log.txt'),
    coordinationLog: join(run, 'c.jsonl'),
    model: TEST_MODELS[c],
    env: { PATH: pathWithClis, HOME: join(run, 'home'), TMPDIR: join(run, 'tmp'), ...endpointEnv(c, endpoint.url, KEY) },
    budget: { minutes: 4, spend },
  };
}

const agentTurnsSince = (n: number) => endpoint.requests.slice(n).filter((r) => r.status === 200 && r.view && r.view.tools.length > 0);

describe('a token ceiling stops the real CLIs as their output reports usage', () => {
  it('the CLIs are installed (scripts/ensure-agent-clis.sh; required in CI)', () => {
    expect(requireAgentClis() || !agentClisInstalled).toBe(true);
  });

  it.runIf(agentClisInstalled)(
    'claude: stopped during its second turn, before a third request',
    async () => {
      const spend = new SpendPool({ tokens: CEILING });
      const before = endpoint.requests.length;
      const result = await cliExecutors.claude!.run(request('claude', spend));
      expect(result.budgetExhausted, result.output?.slice(-2000)).toBe('tokens');
      expect(result.exitCode).not.toBe(0); // SIGTERM: claude exits 143
      expect(agentTurnsSince(before)).toHaveLength(2);
      expect(spend.exceeded()).toBe('tokens');
      expect(spend.spent().tokens).toBeGreaterThan(CEILING);
      // the usage recorded for the stopped run is what its two turns reported (no closing result event)
      expect(result.usage).toMatchObject({ inputTokens: 2 * USAGE.input, turns: 2 });
    },
    180_000,
  );

  it.runIf(agentClisInstalled)(
    'opencode: stopped when its second step reports usage, before the script ends',
    async () => {
      const spend = new SpendPool({ tokens: CEILING });
      const before = endpoint.requests.length;
      const result = await cliExecutors.opencode!.run(request('opencode', spend));
      expect(result.budgetExhausted, result.output?.slice(-2000)).toBe('tokens');
      const turns = agentTurnsSince(before);
      expect(turns.length).toBeGreaterThanOrEqual(2);
      expect(turns.map((t) => t.turn?.kind)).not.toContain('text'); // the final answer was never asked for
      expect(result.usage!.inputTokens! + result.usage!.outputTokens!).toBeGreaterThan(CEILING);
    },
    180_000,
  );

  it.runIf(agentClisInstalled)(
    'codex: reports usage only when its turn ends; that run is marked as the one that passed the ceiling',
    async () => {
      endpoint.setScenario({ ...sleepy, steps: [sleepy.steps[0]!] });
      try {
        const spend = new SpendPool({ tokens: CEILING });
        const result = await cliExecutors.codex!.run(request('codex', spend));
        expect(result.budgetExhausted, result.output?.slice(-2000)).toBe('tokens');
        // the whole script ran: the usage came with turn.completed, after the final answer
        expect(result.output).toContain('"type":"agent_message","text":"Done."');
        expect(spend.exceeded()).toBe('tokens');
      } finally {
        endpoint.setScenario(sleepy);
      }
    },
    180_000,
  );
});

describe('pilot run --max-tokens-per-item with claude', () => {
  it.runIf(agentClisInstalled && docker)(
    'the item ends budget-exceeded (not infrastructure) in results.json, results.md, report.html and report diff',
    async () => {
      endpoint.setScenario(fixTask);
      try {
        const root = tempDir('wave-bench-ceiling-pilot-');
        const env = { PATH: pathWithClis, ...endpointEnv('claude', endpoint.url, KEY) };
        const run = (out: string, extra: string[]) =>
          cli(fixturePilotArgs('claude', { arms: ['single-agent'], out: join(root, out), extra }), { env });
        const base = await run('base', []);
        expect(base.exitCode, base.stderr.slice(-3000)).toBe(0);
        const head = await run('head', ['--max-tokens-per-item', String(CEILING)]);
        expect(head.exitCode, head.stderr.slice(-3000)).toBe(0);
        type Doc = {
          items: { classification: string; infra: boolean; resolved: boolean; detail: string; usage?: { agentRuns: number } }[];
          arms: { strictRate: number; infraFailures: number; classes: Record<string, number> }[];
          metadata: { fairness: { budget: Record<string, number> } };
        };
        expect((JSON.parse(base.stdout) as Doc).items[0]!.classification).toBe('resolved');
        const doc = JSON.parse(head.stdout) as Doc;
        const item = doc.items[0]!;
        expect(item).toMatchObject({ classification: 'budget-exceeded', infra: false, resolved: false });
        expect(item.detail).toContain(`token ceiling ${CEILING}`);
        expect(item.usage?.agentRuns).toBe(1);
        expect(doc.arms[0]).toMatchObject({ strictRate: 0, infraFailures: 0, classes: { 'budget-exceeded': 1 } });
        expect(doc.metadata.fairness.budget.maxTokensPerItem).toBe(CEILING);
        expect(readFileSync(join(root, 'head', 'results.md'), 'utf8')).toContain('budget-exceeded');
        expect(readFileSync(join(root, 'head', 'report.html'), 'utf8')).toContain('budget-exceeded');
        const diff = await cli(['report', 'diff', join(root, 'base'), join(root, 'head'), '--json']);
        expect(diff.exitCode, diff.stderr).toBe(0);
        expect(diff.stdout).toContain('budget-exceeded');
        expect(diff.stdout).toContain('maxTokensPerItem');
      } finally {
        endpoint.setScenario(sleepy);
      }
    },
    600_000,
  );
});

describe('run --max-tokens-per-item with claude (a native case)', () => {
  it.runIf(agentClisInstalled)(
    'stops the agents when the item passes its ceiling; the item fails, saying so, and the ceiling is recorded',
    async () => {
      const out = join(tempDir('wave-bench-ceiling-native-'), 'out');
      const r = await cli(
        [
          'run',
          '--case',
          'wave-solo-task-overhead',
          '--arm',
          'single-agent',
          '--executor',
          'claude',
          '--model',
          TEST_MODELS.claude,
          '--agent-timeout',
          '5',
          '--max-tokens-per-item',
          String(CEILING),
          '--out',
          out,
          '--json',
        ],
        { env: { PATH: pathWithClis, ...endpointEnv('claude', endpoint.url, KEY) } },
      );
      expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
      type Doc = {
        items: { classification: string; budgetExceeded?: string; primary: { passed: boolean } }[];
        metadata: { fairness: { budget: Record<string, number> } };
      };
      const doc = JSON.parse(r.stdout) as Doc;
      const item = doc.items[0]!;
      expect(item).toMatchObject({ classification: 'failed', primary: { passed: false } });
      expect(item.budgetExceeded).toContain(`token ceiling ${CEILING}`);
      expect(doc.metadata.fairness.budget.maxTokensPerItem).toBe(CEILING);
      expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('spend ceiling passed, agents stopped');
    },
    600_000,
  );
});
