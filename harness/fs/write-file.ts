// Atomic file writes: a temp name in the same directory, then a rename. A failed write (ENOSPC,
// EACCES, …) removes its temp file and becomes a clear error naming the file.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { WaveBenchError } from '../../orchestrator/index.js';

export function writeFileAtomic(path: string, data: string): void {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw writeError(path, error);
  }
}

/** Runs a write (append, truncate) and turns its failure into a clear error naming the file. */
export function writeOrExplain(path: string, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw writeError(path, error);
  }
}

function writeError(path: string, error: unknown): WaveBenchError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new WaveBenchError('write-failed', `cannot write ${path}: ${code} (${(error as Error).message})`, {
    fix:
      code === 'ENOSPC'
        ? 'free space on that disk, then run the same command again with --resume'
        : 'make sure the output directory exists and is writable',
    cause: error,
  });
}
