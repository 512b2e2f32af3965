// Argument vectors and extra environment for the real coding-agent CLIs, run non-interactively
// (SPEC 2.9). The flags are the ones these CLIs accept today (test/executors/cli-adapters.test.ts
// runs them through the real parsers); endpoint and quiet settings come from settings.ts.
import type { ExecutorRunRequest } from '../types.js';
import { claudeEnv, codexConfigArgs, codexEnv, opencodeEnv, opencodeModelArg } from './settings.js';

export interface CliInvocation {
  argv: string[];
  /** The prompt goes on stdin (then stdin closes), so long prompts never hit argv limits. */
  input?: string;
  /** Variables added to the agent's environment for this CLI (endpoint config, quiet switches). */
  env?: Record<string, string>;
}

/** `codex exec`: JSONL events on stdout, sandboxed to the workspace unless the wave says otherwise. */
export function codexArgv(request: ExecutorRunRequest): CliInvocation {
  const s = request.agent.executor;
  const argv = [
    'codex',
    'exec',
    '--json',
    '--skip-git-repo-check',
    '-C',
    request.workspace,
    '-s',
    s.sandbox ?? 'workspace-write',
    ...codexConfigArgs(request),
  ];
  const model = request.model ?? s.model;
  if (model) argv.push('-m', model);
  if (s.profile) argv.push('-p', s.profile);
  if (s['reasoning-effort']) argv.push('-c', `model_reasoning_effort="${s['reasoning-effort']}"`);
  argv.push('-');
  return { argv, input: request.prompt, env: codexEnv(request) };
}

/** `claude -p`: stream-json events (the whole transcript, then one `result`); turns bounded by the budget; edits and shell commands allowed. */
export function claudeArgv(request: ExecutorRunRequest): CliInvocation {
  const s = request.agent.executor;
  const argv = ['claude', '-p', '--output-format', 'stream-json', '--verbose', '--permission-mode', s['permission-mode'] ?? 'acceptEdits'];
  const model = request.model ?? s.model;
  if (model) argv.push('--model', model);
  const turns = request.budget.turns ?? (s['max-turns'] ? Number(s['max-turns']) : undefined);
  if (turns) argv.push('--max-turns', String(turns));
  // acceptEdits covers file edits only; without Bash allowed, -p denies every command (the agent
  // could not run tests or `wave-bench control`) and still exits 0.
  argv.push('--allowedTools', s['allowed-tools'] ?? 'Bash');
  return { argv, input: request.prompt, env: claudeEnv() };
}

/** `opencode run`: JSON events on stdout; with no message argument it reads the prompt from stdin. */
export function opencodeArgv(request: ExecutorRunRequest): CliInvocation {
  const s = request.agent.executor;
  const argv = ['opencode', 'run', '--format', 'json', '--dir', request.workspace];
  const model = request.model ?? s.model;
  if (model) argv.push('-m', opencodeModelArg(request, model));
  if (s.agent) argv.push('--agent', s.agent);
  const turns = request.budget.turns ?? (s['max-turns'] ? Number(s['max-turns']) : undefined);
  return { argv, input: request.prompt, env: opencodeEnv(request, model, turns) };
}
