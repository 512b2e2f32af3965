// A cross-process advisory lock: an exclusively created lock file holding the owner's pid and its
// start time. A lock left by a dead process (or by a pid since reused by another one) is reclaimed. Waiting sleeps briefly with Atomics.wait (sync).
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { WaveBenchError } from '../errors.js';
import { isSameProcessAlive, processIdentity } from '../process-identity.js';

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
      const { procStart } = processIdentity(process.pid);
      writeSync(fd, procStart ? `${process.pid} ${procStart}` : String(process.pid));
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
  let procStart: string | undefined;
  try {
    const [pidText, start] = readFileSync(lockPath, 'utf8').trim().split(' ');
    pid = Number(pidText);
    procStart = start;
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isSameProcessAlive(pid, procStart ? { procStart } : {})) rmSync(lockPath, { force: true });
}
