// The light public entry for the CLI's start-up path and the operator commands (`wave-bench control`):
// errors, text escaping, ids, executor names and the control plane, without the launcher, executors,
// prompts or skills. Agents call `wave-bench control` many times per wave, so what this pulls in is
// paid on every call (`npm run bench`, suite cli-startup). Everything here is also in index.ts.
export * from './errors.js';
export * from './text/index.js';
export * from './control/index.js';
export { EXECUTOR_IDS } from './wave/executor-keys.js';
export { RECORD_KINDS } from './schema/coordination-record.js';
export { SAFE_ID_PATTERN, unsafeIdReason, checkSafeId } from './ids.js';
