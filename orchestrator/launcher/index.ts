export * from './types.js';
export { acquireLauncherLock, EXIT_LOCK_HELD } from './lock.js';
export { launchWave } from './launch.js';
export { computeOutcome, agentRunSnapshot, type Outcome, type Quality, type OutcomeInput, type AgentRunOutcome } from './outcome.js';
export { TRACE_FILES } from './trace.js';
export { planRelaunch, type RelaunchPlan, type RelaunchInput } from './relaunch.js';
export { runnableAgents } from './context.js';
export { seedRecordId } from './seed.js';
export { replayTrace, diffJson, type ReplayReport } from './replay.js';
