// Public entry of the control plane (SPEC 2.8): events, their log, and the folded state.
export * from './types.js';
export { createControlEvent, appendControlEvents, readControlLog, type NewControlEvent } from './events.js';
export { foldControlEvents } from './fold.js';
export { ENTITY_TYPES, ProofBundleFileSchema, type ProofBundleFile } from '../schema/control-event.js';
export { humanQuestions, type HumanQuestion } from './feedback.js';
export {
  launchedWave,
  currentProjections,
  explainRecord,
  laneDashboard,
  renderDashboard,
  type RecordExplanation,
  type Dashboard,
} from './coord.js';
export {
  listTasks,
  getTask,
  escalateTask,
  closeTask,
  rerunState,
  clearRerun,
  proofBundles,
  supersedeProofBundle,
  agentStatus,
} from './operator.js';
export {
  agentClock,
  createTask,
  updateTask,
  ackTask,
  answerTask,
  waveRoster,
  requestRerun,
  registerProofBundle,
  revokeProofBundle,
  laneStatus,
  type LaneRef,
  type LaneStatus,
  type TaskInput,
} from './operator.js';
