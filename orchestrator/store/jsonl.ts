// A generic append-only JSONL store shared by the coordination log and the control-plane event log.
// Appends from many processes are serialised by an advisory lock file and written as one write(2)
// on an O_APPEND descriptor, so records are never lost, duplicated or interleaved.
import { closeSync, constants, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LogReadIssue } from '../coordination/types.js';
import { WaveBenchError } from '../errors.js';
import { withFileLock } from './file-lock.js';

/** Appends values as complete JSON lines; terminates a torn last line first so it stays isolated. */
export function appendJsonLines(path: string, values: unknown[]): void {
  if (values.length === 0) return;
  const payload = values.map((value) => JSON.stringify(value)).join('\n') + '\n';
  mkdirSync(dirname(path), { recursive: true });
  withFileLock(`${path}.lock`, () => {
    let fd: number;
    try {
      // Never through a symlink: an agent that swaps the log for a link to a host file must not redirect appends.
      fd = openSync(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EISDIR' && code !== 'ELOOP') throw error;
      throw new WaveBenchError('log-not-a-file', `${path} is not a log file (it is a ${code === 'ELOOP' ? 'symlink' : 'directory'})`, {
        fix: `move ${path} out of the way; the log must be a JSONL file written by wave-bench`,
      });
    }
    try {
      const prefix = endsWithNewline(fd) ? '' : '\n';
      writeSync(fd, prefix + payload);
    } finally {
      closeSync(fd);
    }
  });
}

function endsWithNewline(fd: number): boolean {
  const size = fstatSync(fd).size;
  if (size === 0) return true;
  const last = Buffer.alloc(1);
  readSync(fd, last, 0, 1, size - 1);
  return last[0] === 0x0a;
}

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: unknown;
}

export interface JsonlReadResult {
  values: JsonLine[];
  issues: LogReadIssue[];
  /** Byte offset just after the last complete line consumed (a torn tail is not consumed). */
  endOffset: number;
  /** Number of complete lines consumed, counting from the start offset. */
  lineCount: number;
}

/** Reads complete lines after `fromOffset`. Bad lines become issues; nothing here throws for content. */
export function readJsonLines(path: string, fromOffset = 0, firstLineNumber = 1): JsonlReadResult {
  const bytes = readFrom(path, fromOffset);
  const result: JsonlReadResult = { values: [], issues: [], endOffset: fromOffset, lineCount: 0 };
  let start = 0;
  let lineNumber = firstLineNumber;
  while (start < bytes.length) {
    const newline = bytes.indexOf(0x0a, start);
    if (newline === -1) {
      const text = bytes.subarray(start).toString('utf8');
      result.issues.push({
        line: lineNumber,
        kind: 'torn-tail',
        message: `last line has no newline (a write was cut off): ${preview(text)}`,
      });
      break;
    }
    const text = bytes.subarray(start, newline).toString('utf8');
    if (text.trim() !== '') {
      try {
        result.values.push({ line: lineNumber, value: JSON.parse(text) });
      } catch (error) {
        result.issues.push({
          line: lineNumber,
          kind: 'malformed',
          message: `not valid JSON (${(error as Error).message}): ${preview(text)}`,
        });
      }
    }
    start = newline + 1;
    lineNumber += 1;
    result.lineCount += 1;
    result.endOffset = fromOffset + start;
  }
  return result;
}

/** Remembers how far a file was read, so each call returns only what was appended since. */
export class JsonlTail {
  private offset = 0;
  private nextLine = 1;
  constructor(readonly path: string) {}

  /** New complete lines since the previous call (O(new bytes)). */
  read(): JsonlReadResult {
    const result = readJsonLines(this.path, this.offset, this.nextLine);
    this.offset = result.endOffset;
    this.nextLine += result.lineCount;
    return result;
  }

  get bytesRead(): number {
    return this.offset;
  }
}

function readFrom(path: string, offset: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return Buffer.alloc(0);
    if (code === 'ELOOP')
      throw new WaveBenchError('log-not-a-file', `${path} is not a log file (it is a symlink)`, {
        fix: `move ${path} out of the way; the log must be a JSONL file written by wave-bench`,
      });
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw new WaveBenchError(
        'log-not-a-file',
        `${path} is not a log file (it is a ${stat.isDirectory() ? 'directory' : 'special file'})`,
        { fix: `move ${path} out of the way; the log must be a JSONL file written by wave-bench` },
      );
    const size = stat.size;
    if (size <= offset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - offset);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
