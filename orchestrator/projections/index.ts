// Public entry of the projections: pure functions from the materialised log to derived state.
export * from './routing.js';
export * from './summary.js';
export * from './inbox.js';
export * from './metrics.js';
export * from './integration.js';
export * from './ledger.js';
export * from './compile.js';
export { compareImportance, selectWithinBudget, renderRecordLine } from './bounded.js';
export * from './conflicts.js';
export * from './conflict-blockers.js';
export * from './late-evidence.js';
export { renderBoard } from './board.js';
