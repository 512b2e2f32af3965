// Atomic file writes: a temp name in the same directory, then a rename.
import { renameSync, writeFileSync } from 'node:fs';

export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
