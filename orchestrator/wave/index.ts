// Public entry of wave files: the model, the parser, validation, rendering and loading.
export * from './types.js';
export { parseWaveText, waveNumberFromName, AGENT_ROLES, type ParseResult } from './parse.js';
export { validateWave, unsafePathReason, isInsideOwned, type ValidateOptions } from './validate.js';
export { renderWaveFile } from './render.js';
export { loadWaveFile, checkedWave } from './load.js';
export { EXECUTOR_KEYS, EXECUTOR_IDS, allowedExecutorKeys } from './executor-keys.js';
