// Public entry of prompt compilation.
export { compileAgentPrompt, promptHash, type PromptInput, type PromptSkill, type CompiledPrompt } from './compile.js';
export { requiredMarkerLines } from './markers.js';
export { REQUIRED_MARKERS_HEADING, SHARED_SUMMARY_HEADING, INBOX_HEADING } from './sections.js';
