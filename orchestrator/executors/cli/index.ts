// The real coding-agent CLI executors: codex, claude, opencode.
import { claudeArgv, codexArgv, opencodeArgv } from './argv.js';
import { cliExecutor, type CliSpec } from './executor.js';
import { claudeModelError, claudeOwnRetries, claudeTurnLimitHit, codexModelError, opencodeModelError } from './model-error.js';
import { claudeAssistantText, codexAssistantText, opencodeAssistantText } from './transcript.js';
import { parseClaudeLiveUsage } from './live-usage.js';
import { parseClaudeUsage, parseCodexUsage, parseOpencodeUsage } from './usage.js';
import type { Executor } from '../types.js';

/** How each real CLI is run and read (one CliSpec each); `cliExecutors` runs them on the host. */
export const CLI_SPECS: Record<string, CliSpec> = {
  codex: {
    id: 'codex',
    invocation: codexArgv,
    usage: parseCodexUsage,
    transcript: codexAssistantText,
    modelError: codexModelError,
  },
  claude: {
    id: 'claude',
    invocation: claudeArgv,
    usage: parseClaudeUsage,
    liveUsage: parseClaudeLiveUsage,
    transcript: claudeAssistantText,
    modelError: claudeModelError,
    turnLimitHit: claudeTurnLimitHit,
    ownRetries: claudeOwnRetries,
  },
  opencode: {
    id: 'opencode',
    invocation: opencodeArgv,
    usage: parseOpencodeUsage,
    transcript: opencodeAssistantText,
    modelError: opencodeModelError,
  },
};

export const cliExecutors: Record<string, Executor> = Object.fromEntries(
  Object.entries(CLI_SPECS).map(([id, spec]) => [id, cliExecutor(spec)]),
);

export { codexArgv, claudeArgv, opencodeArgv, type CliInvocation } from './argv.js';
export { parseClaudeUsage, parseCodexUsage, parseOpencodeUsage, claudeReportedError, priceUsage, isPricedModel } from './usage.js';
export { claudeAssistantText, codexAssistantText, opencodeAssistantText } from './transcript.js';
export { MODEL_PRICES, MODEL_PRICES_AS_OF, type ModelPrice } from './model-prices.js';
export { CLI_ENDPOINT_ENV, ENDPOINT_PROVIDER, opencodeConfig } from './settings.js';
export { claudeModelError, codexModelError, opencodeModelError } from './model-error.js';
export { rateLimitReason, backoffDelay, retryAfterMs } from './rate-limit.js';
export { cliExecutor, type AgentPlacement, type CliSpec } from './executor.js';
export { LiveUsageMeter, parseClaudeLiveUsage } from './live-usage.js';
