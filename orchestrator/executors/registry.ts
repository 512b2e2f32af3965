// Executor name → implementation. Add a plug-in here and to the conformance test.
import { suggestClosest } from '../text/did-you-mean.js';
import { commandExecutor } from './command.js';
import { cliExecutors } from './cli/index.js';
import { localExecutor } from './local/executor.js';
import { scriptedExecutor } from './scripted/executor.js';
import { stewardExecutor } from './steward/executor.js';
import { ExecutorError, type Executor } from './types.js';

export const EXECUTORS: Record<string, Executor> = {
  scripted: scriptedExecutor,
  local: localExecutor,
  command: commandExecutor,
  steward: stewardExecutor,
  ...cliExecutors,
};

/** The executor registered under `id`; an unknown id is an error with suggestions. */
export function getExecutor(id: string): Executor {
  const executor = EXECUTORS[id];
  if (!executor) {
    const hint = suggestClosest(id, Object.keys(EXECUTORS));
    throw new ExecutorError(id, 'unknown-executor', `unknown executor "${id}"${hint.length ? `; did you mean ${hint.join(', ')}?` : ''}`, {
      fix: `use one of ${Object.keys(EXECUTORS).join(', ')}`,
    });
  }
  return executor;
}
