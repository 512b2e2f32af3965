export * from './types.js';
export { acquireLauncherLock, EXIT_LOCK_HELD } from './lock.js';
export { launchWave, DEFAULT_MAX_RETRIES } from './launch.js';
export { computeOutcome, agentRunSnapshot, type Outcome, type Quality, type OutcomeInput, type AgentRunOutcome } from './outcome.js';
export { TRACE_FILES } from './trace.js';
export { planRelaunch, type RelaunchPlan, type RelaunchInput } from './relaunch.js';
export { runnableAgents } from './context.js';
export { seedRecordId } from './seed.js';
export { replayTrace, diffJson, type ReplayReport } from './replay.js';
export { runBounded as runBoundedTasks } from './agent-env.js';
export {
  launchWaves,
  listWaveFiles,
  readRunState,
  writeRunState,
  reconcileRunState,
  runStatePath,
  RUN_STATE_FILE,
  EXIT_DEPENDENCY_OPEN,
  type RunState,
  type CompletedWave,
  type MultiWaveOptions,
  type MultiWaveOutcome,
} from './waves.js';
export { answerCommand, triageCandidates } from './human.js';
export { RESIDENT_ORCHESTRATOR_ID } from './resident.js';
