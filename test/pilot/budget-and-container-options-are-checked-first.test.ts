// `pilot run`'s ceilings and in-container options must be refused before any work when they
// cannot be honoured: a ceiling for an executor that reports no usage, a cost ceiling for a model
// the price table does not know, --agent-env without --agent-in-container, a CLI that cannot run
// inside yet, a variable that is not set, or no model endpoint among the named variables. Exit 2,
// one message naming the option, no stack trace.
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
  ['agent-env alone', ['--executor', 'codex', '--agent-env', 'OPENAI_API_KEY'], {}, /--agent-env only applies with --agent-in-container/],
  ['unsupported CLI inside', ['--executor', 'scripted', '--agent-in-container'], {}, /--agent-in-container runs the real CLIs \(codex, claude, opencode\), not --executor scripted/],
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
