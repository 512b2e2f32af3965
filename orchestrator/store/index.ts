export { appendJsonLines, readJsonLines, JsonlTail, type JsonLine, type JsonlReadResult } from './jsonl.js';
export { withFileLock } from './file-lock.js';
