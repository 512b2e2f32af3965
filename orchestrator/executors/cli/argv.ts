// Argument vectors for the real coding-agent CLIs, run non-interactively (SPEC 2.9). The flags are
// the ones these CLIs accept today (see test/executors/cli-argv-against-real-parsers.test.ts).
import type { ExecutorRunRequest } from '../types.js';

export interface CliInvocation {
  argv: string[];
  /** The prompt goes on stdin (then stdin closes), so long prompts never hit argv limits. */
  input?: string;
}

/** `codex exec`: JSONL events on stdout, sandboxed to the workspace unless the wave says otherwise. */
export function codexArgv(request: ExecutorRunRequest): CliInvocation {
  const s = request.agent.executor;
  const argv = ['codex', 'exec', '--json', '--skip-git-repo-check', '-C', request.workspace, '-s', s.sandbox ?? 'workspace-write'];
  const model = request.model ?? s.model;
  if (model) argv.push('-m', model);
  if (s.profile) argv.push('-p', s.profile);
  if (s['reasoning-effort']) argv.push('-c', `model_reasoning_effort="${s['reasoning-effort']}"`);
  argv.push('-');
  return { argv, input: request.prompt };
}

/** `claude -p`: one JSON result object on stdout; turns bounded by the budget. */
export function claudeArgv(request: ExecutorRunRequest): CliInvocation {
  const s = request.agent.executor;
  const argv = ['claude', '-p', '--output-format', 'json', '--permission-mode', s['permission-mode'] ?? 'acceptEdits'];
  const model = request.model ?? s.model;
  if (model) argv.push('--model', model);
  const turns = request.budget.turns ?? (s['max-turns'] ? Number(s['max-turns']) : undefined);
  if (turns) argv.push('--max-turns', String(turns));
  if (s['allowed-tools']) argv.push('--allowedTools', s['allowed-tools']);
  return { argv, input: request.prompt };
}

/** `opencode run`: JSON events on stdout; the message points at the prompt file. */
export function opencodeArgv(request: ExecutorRunRequest): CliInvocation {
  const s = request.agent.executor;
  const argv = ['opencode', 'run', '--format', 'json', '--dir', request.workspace];
  const model = request.model ?? s.model;
  if (model) argv.push('-m', model);
  if (s.agent) argv.push('--agent', s.agent);
  argv.push(`Read the file ${request.promptFile} and carry out the instructions in it exactly.`);
  return { argv };
}
