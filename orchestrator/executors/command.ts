// The `command` executor: a user-supplied command template for any other agent (SPEC 2.9).
// Placeholders {prompt_file} {workspace} {model} {log} are replaced by shell-quoted values and the
// result runs under /bin/sh, so the template may use pipes and redirections.
import { runAgentProcess } from './process.js';
import { ExecutorError, type Executor, type ExecutorRunRequest } from './types.js';

const PLACEHOLDERS = ['prompt_file', 'workspace', 'model', 'log'] as const;

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The shell command for a run; unknown placeholders are an error naming the placeholder. */
export function renderCommandTemplate(template: string, values: Record<(typeof PLACEHOLDERS)[number], string>): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    if (!(PLACEHOLDERS as readonly string[]).includes(name)) {
      throw new ExecutorError('command', 'command-template-invalid', `unknown placeholder ${whole} in "${template}"`, {
        fix: `use only ${PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`,
      });
    }
    return shellQuote(values[name as (typeof PLACEHOLDERS)[number]]);
  });
}

function argv(request: ExecutorRunRequest): string[] {
  const template = request.agent.executor.command;
  if (!template)
    throw new ExecutorError('command', 'command-template-missing', `agent ${request.agent.id} has no command`, {
      fix: 'add "- command: my-agent --prompt {prompt_file} --cwd {workspace}" under ### Executor',
    });
  return [
    '/bin/sh',
    '-c',
    renderCommandTemplate(template, {
      prompt_file: request.promptFile,
      workspace: request.workspace,
      model: request.model ?? '',
      log: request.logFile,
    }),
  ];
}

export const commandExecutor: Executor = {
  id: 'command',
  preview: (request) => ({ executor: 'command', argv: argv(request), cwd: request.workspace, envKeys: Object.keys(request.env).sort() }),
  run: (request) =>
    runAgentProcess({
      executor: 'command',
      argv: argv(request),
      cwd: request.workspace,
      env: request.env,
      logFile: request.logFile,
      timeoutMs: request.budget.minutes * 60_000,
      ...(request.signal ? { signal: request.signal } : {}),
    }),
};
