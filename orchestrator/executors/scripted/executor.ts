// The `scripted` executor: runs the scripted agent as a real child process with its policy file.
import { isAbsolute, join } from 'node:path';
import { nodeEntryCommand } from '../../process/node-entry.js';
import { runAgentProcess } from '../process.js';
import { ExecutorError, type Executor, type ExecutorPreview, type ExecutorRunRequest } from '../types.js';

/** Env var carrying the start time of the agent's logical clock (ISO), set by the launcher. */
export const AGENT_CLOCK_ENV = 'WAVE_AGENT_CLOCK';

function policyPath(request: ExecutorRunRequest): string {
  const policy = request.agent.executor.policy;
  if (!policy) {
    throw new ExecutorError('scripted', 'scripted-policy-missing', `agent ${request.agent.id} has no policy`, {
      fix: 'add "- policy: <path to policy json>" under the agent\'s ### Executor',
    });
  }
  return isAbsolute(policy) ? policy : join(request.workspace, policy);
}

function argv(request: ExecutorRunRequest): string[] {
  const entry = nodeEntryCommand(new URL('./agent-main.js', import.meta.url));
  return [
    entry.file,
    ...entry.args,
    '--policy',
    policyPath(request),
    '--prompt',
    request.promptFile,
    '--inbox',
    request.inboxFile,
    '--summary',
    request.summaryFile,
    '--log',
    request.coordinationLog,
    '--workspace',
    request.workspace,
    '--agent',
    request.agent.id,
    '--owned',
    request.agent.ownedPaths.join(','),
    '--attempt',
    String(request.attempt),
    '--lane',
    request.lane,
    '--wave',
    String(request.wave),
    '--clock',
    request.env[AGENT_CLOCK_ENV] ?? new Date().toISOString(),
  ];
}

export const scriptedExecutor: Executor = {
  id: 'scripted',
  preview(request): ExecutorPreview {
    return { executor: 'scripted', argv: argv(request), cwd: request.workspace, envKeys: Object.keys(request.env).sort() };
  },
  run(request) {
    return runAgentProcess({
      executor: 'scripted',
      argv: argv(request),
      cwd: request.workspace,
      env: request.env,
      logFile: request.logFile,
      timeoutMs: request.budget.minutes * 60_000,
      ...(request.signal ? { signal: request.signal } : {}),
    });
  },
};
