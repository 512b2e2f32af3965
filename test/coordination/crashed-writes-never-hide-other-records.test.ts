// A crash mid-write leaves a torn last line; a hand-edited or corrupted log can hold a malformed
// line in the middle. Neither may hide any other record, and both must be reported with their line.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendCoordinationRecords,
  createRecord,
  LiveCoordinationState,
  readCoordinationLog,
} from '../../orchestrator/coordination/index.js';
import { tempDir, tickingClock } from '../helpers/tmp.js';

function records(n: number) {
  const clock = tickingClock();
  return Array.from({ length: n }, (_, i) =>
    createRecord({ id: `r${i}`, kind: 'claim', lane: 'main', wave: 1, agentId: 'A1', summary: `claim ${i}` }, clock),
  );
}

function logWith(lines: string[]): string {
  const path = join(tempDir(), 'wave-1.jsonl');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, lines.join(''));
  return path;
}

describe('crash tolerance of the coordination log', () => {
  it('reports and skips a torn final line, keeping every earlier record', () => {
    const [a, b] = records(2);
    const path = logWith([JSON.stringify(a) + '\n', JSON.stringify(b) + '\n', JSON.stringify(b).slice(0, 40)]);
    const read = readCoordinationLog(path);
    expect(read.records.map((r) => r.id)).toEqual(['r0', 'r1']);
    expect(read.issues).toEqual([expect.objectContaining({ line: 3, kind: 'torn-tail' })]);
  });

  it('reports a malformed middle line with its line number and reads the records around it', () => {
    const [a, b] = records(2);
    const path = logWith([JSON.stringify(a) + '\n', '{"id": "broken", \n', JSON.stringify(b) + '\n']);
    const read = readCoordinationLog(path);
    expect(read.records.map((r) => r.id)).toEqual(['r0', 'r1']);
    expect(read.issues).toEqual([expect.objectContaining({ line: 2, kind: 'malformed' })]);
    expect(read.issues[0]!.message).toContain('not valid JSON');
  });

  it('reports a line that is JSON but not a record, naming the bad field', () => {
    const [a] = records(1);
    const path = logWith([JSON.stringify({ ...a, kind: 'gossip' }) + '\n', JSON.stringify(a) + '\n']);
    const read = readCoordinationLog(path);
    expect(read.records).toHaveLength(1);
    expect(read.issues[0]).toMatchObject({ line: 1, kind: 'malformed' });
    expect(read.issues[0]!.message).toMatch(/wave-1\.jsonl:1: kind/);
  });

  it('an append after a torn tail starts on a fresh line, so the new record survives', () => {
    const [a, b, c] = records(3);
    const path = logWith([JSON.stringify(a) + '\n', JSON.stringify(b).slice(0, 30)]);
    appendCoordinationRecords(path, [c!]);
    const read = readCoordinationLog(path);
    expect(read.records.map((r) => r.id)).toEqual(['r0', 'r2']);
    expect(read.issues).toEqual([expect.objectContaining({ line: 2, kind: 'malformed' })]);
  });

  it('a live reader does not consume a torn tail: once the write completes the record is read', () => {
    const [a, b] = records(2);
    const path = logWith([JSON.stringify(a) + '\n']);
    const live = new LiveCoordinationState(path);
    live.refresh();
    const text = JSON.stringify(b) + '\n';
    appendFileSync(path, text.slice(0, 25));
    expect(live.refresh().newVersions).toBe(0);
    appendFileSync(path, text.slice(25));
    expect(live.refresh().newVersions).toBe(1);
    expect(live.latest().map((r) => r.id)).toEqual(['r0', 'r1']);
    expect(live.issues.filter((i) => i.kind === 'malformed')).toEqual([]);
  });
});
