// The `local` executor: runs the smoke agent as a child process (SPEC 2.9).
import { nodeEntryCommand } from '../../process/node-entry.js';
import { runAgentProcess } from '../process.js';
import type { Executor, ExecutorRunRequest } from '../types.js';

function argv(request: ExecutorRunRequest): string[] {
  const entry = nodeEntryCommand(new URL('./agent-main.js', import.meta.url));
  const files = [...request.agent.deliverables, ...request.agent.proofArtifacts.map((p) => p.path)];
  return [
    entry.file,
    ...entry.args,
    '--prompt',
    request.promptFile,
    '--workspace',
    request.workspace,
    '--files',
    files.join(','),
    '--agent',
    request.agent.id,
  ];
}

export const localExecutor: Executor = {
  id: 'local',
  preview: (request) => ({ executor: 'local', argv: argv(request), cwd: request.workspace, envKeys: Object.keys(request.env).sort() }),
  run: (request) =>
    runAgentProcess({
      executor: 'local',
      argv: argv(request),
      cwd: request.workspace,
      env: request.env,
      logFile: request.logFile,
      timeoutMs: request.budget.minutes * 60_000,
      ...(request.signal ? { signal: request.signal } : {}),
    }),
};
