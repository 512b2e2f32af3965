// The lane's launcher lock (SPEC 2.7 step 1): one launcher per lane; a dead holder's lock is reclaimed.
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { dirname } from 'node:path';
import { hostname } from 'node:os';
import { WaveBenchError } from '../errors.js';
import { isSameProcessAlive, processIdentity } from '../process-identity.js';

export const EXIT_LOCK_HELD = 32; // another live launcher holds the lane

interface LockContent {
  pid: number;
  host: string;
  startedAt: string;
  /** The holder's process start time (clock ticks after boot, /proc/<pid>/stat) and the boot id: a
   * live pid with another start time or boot is a reused pid, not the launcher that took the lock. */
  procStart?: string;
  bootId?: string;
}

/** Takes the lock or throws (exit code 32) naming the live holder. Returns a release function. */
export function acquireLauncherLock(lockPath: string, now: () => Date = () => new Date()): () => void {
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let tries = 0; tries < 3; tries += 1) {
    const content: LockContent = { pid: process.pid, host: hostname(), startedAt: now().toISOString(), ...processIdentity(process.pid) };
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, JSON.stringify(content));
      closeSync(fd);
      return () => releaseLock(lockPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(lockPath);
    if (holder && holder.host === hostname() && holder.pid !== process.pid && isSameProcessAlive(holder.pid, holder)) {
      throw new WaveBenchError(
        'launcher-lock-held',
        `lane is locked by a live launcher (pid ${holder.pid}, started ${holder.startedAt}): ${lockPath}`,
        {
          exitCode: EXIT_LOCK_HELD,
          fix: `wait for that launcher to finish (or stop it where it runs); use another --lane to run in parallel`,
        },
      );
    }
    // A dead (or unreadable) holder: reclaim its lock and try again.
    rmSync(lockPath, { force: true });
  }
  throw new WaveBenchError('launcher-lock-contended', `could not take the launcher lock ${lockPath}`, {
    exitCode: EXIT_LOCK_HELD,
    fix: 'another launcher is starting on the same lane at the same moment; retry',
  });
}

function readHolder(lockPath: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(lockPath, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' ? (parsed as LockContent) : undefined;
  } catch {
    return undefined;
  }
}

function releaseLock(lockPath: string): void {
  const holder = readHolder(lockPath);
  if (holder?.pid === process.pid) rmSync(lockPath, { force: true });
}
