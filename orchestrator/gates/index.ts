// Public entry of the gates: pure functions from summaries, files and coordination to verdicts.
export * from './types.js';
export * from './codes.js';
export { evaluateImplementationGate, checkOwnedComponents, promotedLevels, type PathExists } from './implementation.js';
export { evaluateComponentGates } from './component.js';
export { evaluateBarriers, type BarrierInput, type BarrierAssignment } from './barriers.js';
export {
  evaluateContEvalGate,
  evaluateSecurityGate,
  evaluateIntegrationGate,
  evaluateDocumentationGate,
  evaluateContQaGate,
} from './closure.js';
export { evaluateGateSnapshot, evaluateClosureGate, snapshotOf, type SnapshotInput } from './snapshot.js';
