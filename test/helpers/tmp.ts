// Temp directories for tests, removed after each test file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export function tempDir(prefix = 'wave-bench-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const fixedClock = (iso: string) => ({ now: () => new Date(iso) });

/** A clock that advances one second per call, from `startIso`. */
export function tickingClock(startIso = '2026-01-01T00:00:00.000Z') {
  let ms = Date.parse(startIso);
  return { now: () => new Date((ms += 1000) - 1000) };
}
