// The real claude, codex and opencode CLIs under wave-bench's own commands, against the scripted
// model endpoint: `wave-bench launch` runs a wave whose agent is the CLI, `wave-bench run` takes a
// native case, and `wave-bench pilot run --no-agent-in-container` resolves the fixture task on the
// host under single-agent and full-wave (claude; the default, inside the task container, is run for
// all three CLIs by agent-in-container-reaches-only-the-model.test.ts), with the fix written by the
// CLI's own edit tool, verified in a fresh container. The endpoint's record shows the model id, our compiled
// prompt, and none of the task's hidden fields (gold patch, test patch, graded test ids); the API
// key is written nowhere in the run's output (agent homes included).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODEL_PRICES } from '../../orchestrator/index.js';
import { describeCost } from '../../harness/score/usage.js';
import {
  AGENT_CLIS,
  agentClisInstalled,
  endpointEnv,
  pathWithClis,
  requireAgentClis,
  fixturePilotArgs,
  TEST_MODELS,
  FIX_CALC_ADD,
  MARKERS_ONLY,
} from '../helpers/agent-clis.js';
import { cli, repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { startModelEndpoint, type ModelEndpoint, type RecordedRequest, type Scenario } from '../helpers/model-endpoint/index.js';
import { tempDir } from '../helpers/tmp.js';

const KEY = 'sk-sentinel-91be07';
const docker = await dockerAvailable();
const row = JSON.parse(
  readFileSync(join(repo, 'pilots/fixtures/tasks.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes('"fixture__calc-add"'))!,
) as Record<string, string>;

// The stand-in for the model: FIX_CALC_ADD for the source owner, markers only for the others.
const fix = FIX_CALC_ADD;
const markersOnly = MARKERS_ONLY;
const scenario: Scenario = { ...fix, agents: { A1: fix, A2: markersOnly, A8: markersOnly, A0: markersOnly } };

// The native case wave-solo-task-overhead: the config owner reads its private observations and
// posts the decision with what it read, through the `wave-bench control` command its prompt gives;
// the other owners post evidence. Every agent ends with its required markers.
const nativeScenario: Scenario = {
  steps: [],
  final: '{{required-markers}}',
  agents: {
    A1: {
      steps: [
        { kind: 'shell', command: 'cat {{observations-file}}' },
        {
          kind: 'shell',
          command:
            '{{post}} --kind decision --summary "Connection timeout set to {{result:0:TIMEOUT-[0-9]+S}} per the SLA" --target component:config',
        },
      ],
      final: 'Decided.\n{{required-markers}}',
    },
    A2: {
      steps: [{ kind: 'shell', command: '{{post}} --kind evidence --summary "Logging unchanged this wave" --target component:logging' }],
      final: '{{required-markers}}',
    },
    A3: {
      steps: [{ kind: 'shell', command: '{{post}} --kind evidence --summary "Metrics unchanged this wave" --target component:metrics' }],
      final: '{{required-markers}}',
    },
  },
};

let endpoint: ModelEndpoint;
const rows: { cli: string; scenario: string; outcome: string; tokens: string; cost: string }[] = [];
beforeAll(async () => {
  endpoint = await startModelEndpoint({ scenario });
});
afterAll(async () => {
  await endpoint?.close();
  if (rows.length)
    console.log(
      [
        'CLI × scenario: outcome, tokens in/out (uncached input), cost',
        ...rows.map((r) => `${r.cli.padEnd(9)} ${r.scenario.padEnd(22)} ${r.outcome.padEnd(16)} ${r.tokens.padEnd(14)} ${r.cost}`),
      ].join('\n'),
    );
});

const since = (n: number): RecordedRequest[] =>
  endpoint.requests.slice(n).filter((r) => r.status === 200 && r.view && r.view.tools.length > 0);
const env = (c: (typeof AGENT_CLIS)[number]) => ({ PATH: `${waveBenchOnPath()}:${pathWithClis}`, ...endpointEnv(c, endpoint.url, KEY) });

/** Files under `dir` (recursively, symlinks not followed) whose bytes contain `text`. */
function filesContaining(dir: string, text: string): string[] {
  const hits: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isFile() && readFileSync(path).includes(text)) hits.push(path);
  }
  return hits;
}

/** A folder with a `wave-bench` command (the built CLI), as an installed wave-bench would be. */
function waveBenchOnPath(): string {
  const dir = tempDir('wave-bench-bin-');
  writeFileSync(join(dir, 'wave-bench'), `#!/bin/sh\nexec node ${join(repo, 'bin', 'wave-bench.js')} "$@"\n`, { mode: 0o755 });
  return dir;
}

describe('real agent CLIs under wave-bench commands', () => {
  it('the CLIs are installed (scripts/ensure-agent-clis.sh; required in CI)', () => {
    expect(requireAgentClis() || !agentClisInstalled).toBe(true);
  });

  for (const c of AGENT_CLIS) {
    it.runIf(agentClisInstalled)(
      `${c}: wave-bench launch runs a wave whose agent edits the file with its own tool`,
      async () => {
        const ws = tempDir(`wave-bench-launch-${c}-`);
        mkdirSync(join(ws, 'src'));
        mkdirSync(join(ws, 'waves'));
        writeFileSync(join(ws, 'src/calc.js'), 'export function add(a, b) {\n  return a - b;\n}\n');
        writeFileSync(
          join(ws, 'waves/wave-1.md'),
          `# Fix add\n\n## Agent A1: Calculator owner\n\n### Executor\n\n- id: ${c}\n- model: ${TEST_MODELS[c]}\n\n### Owned paths\n\n- src\n\n### Prompt\n\n\`\`\`\nadd(a, b) in src/calc.js returns the difference; make it return the sum.\n\`\`\`\n`,
        );
        const before = endpoint.requests.length;
        const r = await cli(
          [
            'launch',
            '--wave-file',
            join(ws, 'waves/wave-1.md'),
            '--workspace',
            ws,
            '--arm',
            'single-agent',
            '--agent-timeout',
            '5',
            '--json',
          ],
          { env: env(c) },
        );
        expect(r.exitCode, r.stderr + r.stdout.slice(-2000)).toBe(0);
        expect(readFileSync(join(ws, 'src/calc.js'), 'utf8')).toContain('return a + b;');
        const outcome = JSON.parse(r.stdout) as { agentRuns: { agentId: string; exitCode: number; usage?: Record<string, number> }[] };
        expect(outcome.agentRuns[0]).toMatchObject({ agentId: 'A1', exitCode: 0 });
        expect(outcome.agentRuns[0]!.usage?.outputTokens).toBeGreaterThan(0);
        const u = outcome.agentRuns[0]!.usage!;
        rows.push({
          cli: c,
          scenario: 'launch single-agent',
          outcome: 'passed',
          tokens: `${u.inputTokens}/${u.outputTokens}`,
          cost: describeCost(u.costUsd),
        });
        const prompt = readFileSync(join(ws, '.wave/main/agents/wave-1/A1/attempt-1/prompt.md'), 'utf8').trim();
        const turns = since(before);
        expect(turns.length).toBe(3);
        for (const t of turns) {
          expect(t.view!.model).toBe(TEST_MODELS[c]);
          expect(t.view!.userText).toContain(prompt);
        }
      },
      300_000,
    );
  }

  // On the host (opt-in): one CLI; the same pilot inside the container runs for all three in agent-in-container-….
  for (const c of ['claude'] as const) {
    it.runIf(agentClisInstalled && docker)(
      `${c}: pilot run --no-agent-in-container resolves the fixture task on the host under single-agent and full-wave; no hidden field reaches the model`,
      async () => {
        const out = join(tempDir(`wave-bench-pilot-${c}-`), 'out');
        const before = endpoint.requests.length;
        const r = await cli(fixturePilotArgs(c, { arms: ['single-agent', 'full-wave'], out, extra: ['--no-agent-in-container'] }), {
          env: env(c),
        });
        expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
        type Usage = { agentRuns: number; outputTokens: number; inputTokens: number; costUsd: number | null };
        const doc = JSON.parse(r.stdout) as {
          items: { arm: string; classification: string; gate: { ok: boolean } | null; usage?: Usage }[];
          arms: { arm: string; usage?: Usage & { costPerResolvedUsd: number | null } }[];
          metadata: { fairness: { agentInContainer?: boolean } };
        };
        expect(doc.metadata.fairness.agentInContainer).toBeFalsy();
        expect(doc.items.map((i) => [i.arm, i.classification])).toEqual([
          ['single-agent', 'resolved'],
          ['full-wave', 'resolved'],
        ]);
        expect(doc.items[1]!.gate).toMatchObject({ ok: true });
        // tokens and cost per item and per arm, from the CLI's own output; cost only for priced models
        expect(doc.items.map((i) => i.usage?.agentRuns)).toEqual([1, 4]);
        for (const i of doc.items) expect(i.usage!.outputTokens).toBeGreaterThan(0);
        const priced = Boolean(MODEL_PRICES[TEST_MODELS[c]]);
        for (const a of doc.arms)
          expect(priced ? a.usage!.costPerResolvedUsd! > 0 : a.usage!.costUsd === null, JSON.stringify(a.usage)).toBe(true);
        expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain('## Tokens and cost');
        expect(readFileSync(join(out, 'results.md'), 'utf8')).toContain(priced ? '$' : 'cost unknown');
        expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/turns over 4 agent runs · (\$\d|cost unknown)/); // the full-wave item's drill-down
        expect(filesContaining(out, KEY), "the API key must not be written anywhere in the run's output").toEqual([]);
        rows.push(
          ...doc.items.map((i) => ({
            cli: c,
            scenario: `pilot ${i.arm}`,
            outcome: i.classification,
            tokens: `${i.usage!.inputTokens}/${i.usage!.outputTokens}`,
            cost: describeCost(i.usage!.costUsd),
          })),
        );
        const bodies = endpoint.requests.slice(before).map((q) => JSON.stringify(q.body ?? ''));
        expect(bodies.length).toBeGreaterThan(0);
        for (const hidden of ['adds two numbers', 'add.test.js', row.test_patch!.slice(0, 60), row.patch!.slice(0, 60)]) {
          expect(
            bodies.filter((b) => b.includes(JSON.stringify(hidden).slice(1, -1))),
            hidden,
          ).toEqual([]);
        }
      },
      600_000,
    );
  }

  for (const c of AGENT_CLIS) {
    it.runIf(agentClisInstalled)(
      `${c}: run --executor ${c} takes a native case, its agents posting records through wave-bench control`,
      async () => {
        endpoint.setScenario(nativeScenario);
        try {
          const out = join(tempDir(`wave-bench-native-${c}-`), 'out');
          const r = await cli(
            [
              'run',
              '--case',
              'wave-solo-task-overhead',
              '--arm',
              'full-wave',
              '--executor',
              c,
              '--model',
              TEST_MODELS[c],
              '--agent-timeout',
              '5',
              '--concurrency',
              '1',
              '--out',
              out,
              '--json',
            ],
            { env: env(c) },
          );
          expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
          const item = (
            JSON.parse(r.stdout) as { items: { primary: { passed: boolean; metric: string; value: number }; classification: string }[] }
          ).items[0]!;
          expect(item.primary, JSON.stringify(item)).toMatchObject({ passed: true, value: 100 });
          rows.push({ cli: c, scenario: 'native solo-task', outcome: 'passed', tokens: '–', cost: '–' });
        } finally {
          endpoint.setScenario(scenario);
        }
      },
      600_000,
    );
  }
});
