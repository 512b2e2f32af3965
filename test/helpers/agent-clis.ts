// The real agent CLIs for tests: installed by scripts/ensure-agent-clis.sh into .cache/agent-clis.
// Missing CLIs skip with a message on a laptop but fail in CI (CI or WAVE_BENCH_REQUIRE_AGENT_CLIS set).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repo } from './cli.js';
import type { Scenario } from './model-endpoint/index.js';

export const AGENT_CLIS = ['claude', 'codex', 'opencode'] as const;
export type AgentCli = (typeof AGENT_CLIS)[number];

export const agentCliBinDir = join(repo, '.cache', 'agent-clis', 'node_modules', '.bin');
export const agentClisRequired = Boolean(process.env.CI || process.env.WAVE_BENCH_REQUIRE_AGENT_CLIS);
export const agentClisInstalled = AGENT_CLIS.every((b) => existsSync(join(agentCliBinDir, b)));

/** PATH with the installed CLIs first. */
export const pathWithClis = `${agentCliBinDir}:${process.env.PATH ?? ''}`;

/**
 * The model id each CLI is run with against the scripted endpoint. The tool set depends on it:
 * codex 0.169 offers apply_patch only for models in its own catalog (gpt-5.5 is; gpt-5.1 is not,
 * and then it offers only exec_command). gpt-5.5 is not in our price table: its cost is unknown.
 */
export const TEST_MODELS: Record<AgentCli, string> = { claude: 'claude-sonnet-4-5', codex: 'gpt-5.5', opencode: 'gpt-5.1' };

/** Endpoint variables for one CLI, pointing at `url`, with a sentinel key. */
export function endpointEnv(cli: AgentCli, url: string, key: string): Record<string, string> {
  return cli === 'claude'
    ? { ANTHROPIC_BASE_URL: url, ANTHROPIC_API_KEY: key, CLAUDE_CODE_MAX_RETRIES: '2' }
    : { OPENAI_BASE_URL: `${url}/v1`, OPENAI_API_KEY: key };
}

/** Call in a test: throws in CI when the CLIs are missing, warns and returns false on a laptop. */
export function requireAgentClis(): boolean {
  if (agentClisInstalled) return true;
  if (agentClisRequired) throw new Error(`agent CLIs missing in ${agentCliBinDir}: run scripts/ensure-agent-clis.sh (required in CI)`);
  console.warn('agent CLIs not installed: run scripts/ensure-agent-clis.sh to run the real-CLI tests');
  return false;
}

/**
 * `pilot run` of the fixture task `fixture__calc-add` with a real CLI against the scripted endpoint,
 * printing results.json: the arms, the output folder and any further options vary.
 */
export function fixturePilotArgs(cli: AgentCli, o: { arms: string[]; out: string; extra?: string[] }): string[] {
  return [
    'pilot',
    'run',
    '--dataset',
    'pilots/fixtures/tasks.jsonl',
    '--task',
    'fixture__calc-add',
    ...o.arms.flatMap((arm) => ['--arm', arm]),
    '--executor',
    cli,
    '--model',
    TEST_MODELS[cli],
    '--timeout-agent',
    '300',
    '--timeout-verify',
    '60',
    '--out',
    o.out,
    '--json',
    ...(o.extra ?? []),
  ];
}

/**
 * The scripted model's part for the fixture task fixture__calc-add: the source owner reads and edits
 * src/calc.js with the CLI's own tools; `markersOnly` agents only end with the markers their prompt asks for.
 */
export const FIX_CALC_ADD: Omit<Scenario, 'agents'> = {
  steps: [
    { kind: 'read', path: 'src/calc.js' },
    { kind: 'edit', path: 'src/calc.js', old: '  return a - b;', new: '  return a + b;' },
  ],
  final: 'Fixed add.\n{{required-markers}}',
  plain: 'Fix add',
};
export const MARKERS_ONLY: Omit<Scenario, 'agents'> = { steps: [], final: 'Checked.\n{{required-markers}}', plain: 'Review' };
