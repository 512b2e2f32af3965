// Several agent processes and the launcher append to one coordination log at the same time.
// This must never lose, duplicate or interleave a record: 8 real processes append 500 records
// each, one append call per record, and exactly 4,000 valid, distinct records are read back.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { readCoordinationLog } from '../../orchestrator/coordination/index.js';
import { tempDir } from '../helpers/tmp.js';

const WRITERS = 8;
const PER_WRITER = 500;
const script = join(__dirname, '..', 'fixtures', 'processes', 'append-records.mjs');

describe('concurrent appends', () => {
  it('8 processes × 500 records → exactly 4,000 valid records, none lost or duplicated', async () => {
    const log = join(tempDir(), '.wave', 'main', 'coordination', 'wave-1.jsonl');
    await Promise.all(Array.from({ length: WRITERS }, (_, w) => execa('node', [script, log, `W${w}`, String(PER_WRITER)])));
    const read = readCoordinationLog(log);
    expect(read.issues).toEqual([]);
    expect(read.records).toHaveLength(WRITERS * PER_WRITER);
    expect(new Set(read.records.map((r) => r.id)).size).toBe(WRITERS * PER_WRITER);
    // Each writer's records appear in its own order (appends are serialised, not reordered).
    for (let w = 0; w < WRITERS; w += 1) {
      const mine = read.records.filter((r) => r.agentId === `W${w}`).map((r) => Number(r.id.split('-')[1]));
      expect(mine).toEqual(Array.from({ length: PER_WRITER }, (_, i) => i));
    }
    const lines = readFileSync(log, 'utf8').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(WRITERS * PER_WRITER + 1);
  });
});
