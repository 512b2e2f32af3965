// `pilot run`'s ceilings and in-container options must be refused before any work when they
// cannot be honoured: a ceiling for an executor that reports no usage, a cost ceiling for a model
// the price table does not know, --agent-env where the agent runs on the host, an executor that
// cannot run inside, a variable that is not set, or no model endpoint among the named (or, by
// default, the set) variables. Exit 2, one message naming the option, no stack trace. The real
// CLIs run inside by default: with their endpoint set, the same options pass.
import { describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const base = ['pilot', 'run', '--dataset', 'pilots/fixtures/tasks.jsonl', '--dry-run'];
const cases: [string, string[], Record<string, string>, RegExp][] = [
  [
    'token ceiling, scripted executor',
    ['--executor', 'scripted', '--max-tokens-per-item', '100'],
    {},
    /--max-tokens-per-item needs an executor that reports usage/,
  ],
  ['cost ceiling, unpriced model', ['--executor', 'codex', '--model', 'gpt-5.5', '--max-cost-per-item', '1'], {}, /"gpt-5.5" is not in it/],
  ['cost ceiling, no model', ['--executor', 'claude', '--max-cost-per-item', '1'], {}, /no --model was given/],
  ['zero tokens', ['--executor', 'codex', '--max-tokens-per-item', '0'], {}, /--max-tokens-per-item must be an integer from 1/],
  [
    'agent-env for a host-side executor',
    ['--executor', 'command', '--command', 'true', '--agent-env', 'X'],
    {},
    /--agent-env only applies with --agent-in-container/,
  ],
  [
    'agent-env with the agent on the host',
    ['--executor', 'codex', '--no-agent-in-container', '--agent-env', 'OPENAI_API_KEY'],
    { OPENAI_API_KEY: 'k' },
    /drop --no-agent-in-container/,
  ],
  [
    'a real CLI inside by default, with no endpoint set',
    ['--executor', 'claude'],
    { ANTHROPIC_API_KEY: 'k' },
    /claude runs inside the task container by default.*ANTHROPIC_BASE_URL, which is not set.*--no-agent-in-container/,
  ],
  [
    'unsupported CLI inside',
    ['--executor', 'scripted', '--agent-in-container'],
    {},
    /--agent-in-container runs the real CLIs \(codex, claude, opencode\), not --executor scripted/,
  ],
  ['unset variable', ['--executor', 'codex', '--agent-in-container', '--agent-env', 'WB_TEST_UNSET_VAR'], {}, /WB_TEST_UNSET_VAR: not set/],
  [
    'no endpoint',
    ['--executor', 'codex', '--agent-in-container', '--agent-env', 'OPENAI_API_KEY'],
    { OPENAI_API_KEY: 'k' },
    /pass --agent-env OPENAI_BASE_URL/,
  ],
];

describe('pilot run refuses ceilings and in-container options it cannot honour', () => {
  for (const [name, args, env, message] of cases)
    it(name, async () => {
      const r = await cli([...base, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }, 60_000);
});

describe('pilot run puts real CLIs inside the task container by default', () => {
  it('with the endpoint set, the plan passes and says the agents run inside; --no-agent-in-container keeps them on the host', async () => {
    const env = { PATH: process.env.PATH ?? '', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9', ANTHROPIC_API_KEY: 'k' };
    for (const [flags, inside] of [
      [[], true],
      [['--no-agent-in-container'], false],
    ] as const) {
      const r = await cli([...base, '--executor', 'claude', ...flags], { env });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout.includes('"agentInContainer": true'), r.stdout.slice(0, 2000)).toBe(inside);
    }
  }, 60_000);
});
