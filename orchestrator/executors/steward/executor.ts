// The `steward` executor: the shared default closure steward as a real child process. It reads the
// integration summary the launcher projected (WAVE_PROJECTIONS_DIR/integration.json).
import { join } from 'node:path';
import { nodeEntryCommand } from '../../process/node-entry.js';
import { runAgentProcess } from '../process.js';
import type { Executor, ExecutorRunRequest } from '../types.js';

export const PROJECTIONS_DIR_ENV = 'WAVE_PROJECTIONS_DIR';

function argv(request: ExecutorRunRequest): string[] {
  const entry = nodeEntryCommand(new URL('./agent-main.js', import.meta.url));
  const dir = request.env[PROJECTIONS_DIR_ENV] ?? '';
  return [
    entry.file,
    ...entry.args,
    '--role',
    request.agent.role,
    '--agent',
    request.agent.id,
    '--integration',
    dir ? join(dir, 'integration.json') : '',
  ];
}

export const stewardExecutor: Executor = {
  id: 'steward',
  preview: (request) => ({ executor: 'steward', argv: argv(request), cwd: request.workspace, envKeys: Object.keys(request.env).sort() }),
  run: (request) =>
    runAgentProcess({
      executor: 'steward',
      argv: argv(request),
      cwd: request.workspace,
      env: request.env,
      logFile: request.logFile,
      timeoutMs: request.budget.minutes * 60_000,
      ...(request.signal ? { signal: request.signal } : {}),
    }),
};
