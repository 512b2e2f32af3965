// The real coding-agent CLI executors: codex, claude, opencode.
import { claudeArgv, codexArgv, opencodeArgv } from './argv.js';
import { cliExecutor } from './executor.js';
import { parseClaudeUsage, parseCodexUsage, parseOpencodeUsage } from './usage.js';
import type { Executor } from '../types.js';

export const cliExecutors: Record<string, Executor> = {
  codex: cliExecutor({ id: 'codex', invocation: codexArgv, usage: parseCodexUsage }),
  claude: cliExecutor({ id: 'claude', invocation: claudeArgv, usage: parseClaudeUsage }),
  opencode: cliExecutor({ id: 'opencode', invocation: opencodeArgv, usage: parseOpencodeUsage }),
};

export { codexArgv, claudeArgv, opencodeArgv, type CliInvocation } from './argv.js';
export { parseClaudeUsage, parseCodexUsage, parseOpencodeUsage, claudeReportedError } from './usage.js';
export { rateLimitReason, backoffDelay } from './rate-limit.js';
export { cliExecutor, type CliSpec } from './executor.js';
