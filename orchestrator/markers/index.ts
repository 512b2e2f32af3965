// Public entry of the marker parser and formatter (SPEC 2.5).
export * from './types.js';
export { parseAgentLog, parseMarkerFields, MARKER_NAMES, DEFAULT_TAIL_BYTES, type MarkerName, type ParseOptions } from './parse.js';
export { formatMarker } from './format.js';
