// A cross-process advisory lock: an exclusively created lock file holding the owner's pid.
// A lock left by a dead process is reclaimed. Waiting sleeps briefly with Atomics.wait (sync).
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { WaveBenchError } from '../errors.js';

const LOCK_WAIT_LIMIT_MS = 30_000; // a healthy holder keeps the lock for microseconds; 30 s means it is stuck
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** Runs `body` while holding the lock at `lockPath`. */
export function withFileLock<T>(lockPath: string, body: () => T): T {
  acquire(lockPath);
  try {
    return body();
  } finally {
    rmSync(lockPath, { force: true });
  }
}

function acquire(lockPath: string): void {
  const started = Date.now();
  for (let spins = 0; ; spins += 1) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (spins % 50 === 49) reclaimIfDead(lockPath);
    if (Date.now() - started > LOCK_WAIT_LIMIT_MS) {
      throw new WaveBenchError('store-lock-timeout', `could not lock ${lockPath} within ${LOCK_WAIT_LIMIT_MS / 1000}s`, {
        fix: `if no wave-bench process is running, delete ${lockPath}`,
      });
    }
    Atomics.wait(sleeper, 0, 0, Math.min(1 + spins, 5));
  }
}

function reclaimIfDead(lockPath: string): void {
  let pid: number;
  try {
    pid = Number(readFileSync(lockPath, 'utf8'));
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0) {
    rmSync(lockPath, { force: true });
    return;
  }
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') rmSync(lockPath, { force: true });
  }
}
