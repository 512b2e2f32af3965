// Public entry of the executors (SPEC 2.9).
export * from './types.js';
export { SpendPool, totalTokens, type SpendExceeded, type SpendLimit } from './spend.js';
export { EXECUTORS, getExecutor } from './registry.js';
export { runAgentProcess, type ProcessSpec } from './process.js';
export { renderCommandTemplate, shellQuote } from './command.js';
export { AGENT_CLOCK_ENV } from './scripted/executor.js';
export { decideActions, visibleRecords, type AgentView } from './scripted/decide.js';
export * from './cli/index.js';
