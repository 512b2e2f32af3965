// The canonical coordination log of one wave: append record versions, read them all back.
import { appendJsonLines, readJsonLines } from '../store/jsonl.js';
import { parseRecord } from './records.js';
import type { CoordinationRecord, LogReadIssue } from './types.js';

export interface CoordinationLogRead {
  records: CoordinationRecord[];
  issues: LogReadIssue[];
}

/** Appends versions as whole lines under the log's lock (safe across processes). */
export function appendCoordinationRecords(logPath: string, records: readonly CoordinationRecord[]): void {
  appendJsonLines(logPath, [...records]);
}

/** Every valid version in append order; bad lines become issues with line numbers. */
export function readCoordinationLog(logPath: string): CoordinationLogRead {
  const read = readJsonLines(logPath);
  const out: CoordinationLogRead = { records: [], issues: [...read.issues] };
  for (const { line, value } of read.values) {
    const parsed = parseRecord(value, `${logPath}:${line}`);
    if (parsed.ok) out.records.push(parsed.record);
    else out.issues.push({ line, kind: 'malformed', message: parsed.message });
  }
  out.issues.sort((a, b) => a.line - b.line);
  return out;
}
