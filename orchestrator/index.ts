// Public entry of the wave orchestrator. harness/ imports only from here.
export * from './errors.js';
export * from './text/index.js';
export * from './launcher/index.js';
export * from './coordination/index.js';
export * from './projections/index.js';
export * from './markers/index.js';
export * from './gates/index.js';
export * from './control/index.js';
export * from './proof/index.js';
export * from './wave/index.js';
export * from './prompt/index.js';
export * from './executors/index.js';
export * from './skills/index.js';
export { parseScriptedPolicy, type ScriptedPolicy, type ScriptedPolicyFile } from './schema/scripted-policy.js';
export { lanePaths, WAVE_DIR, type LanePaths } from './paths.js';
export { SAFE_ID_PATTERN, unsafeIdReason, checkSafeId, isInsideRoot, assertInsideRoot } from './ids.js';
export { workspaceEscapeReason, writeWorkspaceFile, isWorkspaceFile, readNoFollow } from './safe-fs.js';
