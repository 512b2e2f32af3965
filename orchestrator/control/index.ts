// Public entry of the control plane (SPEC 2.8): events, their log, the folded state, and the
// operator actions on a lane (tasks, human questions, reruns, proof bundles, status).
export * from './types.js';
export { createControlEvent, appendControlEvents, readControlLog, type NewControlEvent } from './events.js';
export { foldControlEvents } from './fold.js';
export { ENTITY_TYPES, ProofBundleFileSchema, type ProofBundleFile } from '../schema/control-event.js';
export { humanQuestions, answerTask, type HumanQuestion } from './feedback.js';
export {
  launchedWave,
  currentProjections,
  explainRecord,
  laneDashboard,
  renderDashboard,
  type RecordExplanation,
  type Dashboard,
} from './coord.js';
export { agentClock, waveRoster, type LaneRef } from './lane-ref.js';
export { createTask, updateTask, ackTask, listTasks, getTask, escalateTask, closeTask, type TaskInput } from './tasks.js';
export { requestRerun, rerunState, clearRerun, checkRerunPlan, rerunPlanFromEvents, type RerunInput } from './reruns.js';
export { planRerun, finishedRuns, type FinishedRun, type RerunPlan, type ReusedResult, type RerunSelectors } from './rerun-plan.js';
export { registerProofBundle, revokeProofBundle, proofBundles, supersedeProofBundle } from './proof-bundles.js';
export { laneStatus, agentStatus, type LaneStatus } from './status.js';
