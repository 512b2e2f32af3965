// A pid alone does not name a process: pids are reused, and after a reboot every pid is new. Locks
// record the holder's start time (/proc/<pid>/stat field 22) and the boot id with its pid, so a
// live pid that now belongs to another process is never taken for the holder.
import { readFileSync } from 'node:fs';

export interface ProcessIdentity {
  procStart?: string;
  bootId?: string;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Start time (clock ticks after boot) of a process where /proc tells it (Linux). */
export function procStartOf(pid: number): string | undefined {
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  // Field 22 counted after the command name, which is in parentheses and may hold spaces.
  return stat ? stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] : undefined;
}

let ownIdentity: ProcessIdentity | undefined;

/** Start time and boot id of a process; empty fields where /proc does not tell them. */
export function processIdentity(pid: number): ProcessIdentity {
  if (pid === process.pid && ownIdentity) return ownIdentity;
  const procStart = procStartOf(pid);
  const bootId = readOrUndefined('/proc/sys/kernel/random/boot_id')?.trim();
  const identity = { ...(procStart ? { procStart } : {}), ...(bootId ? { bootId } : {}) };
  if (pid === process.pid) ownIdentity = identity;
  return identity;
}

export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the process that recorded `recorded` still runs: same pid, same boot, same start time. */
export function isSameProcessAlive(pid: number, recorded: ProcessIdentity): boolean {
  if (!isPidAlive(pid)) return false;
  const now = processIdentity(pid);
  if (recorded.bootId && now.bootId && recorded.bootId !== now.bootId) return false;
  if (recorded.procStart && now.procStart) return recorded.procStart === now.procStart;
  // Recorded without a start time (older wave-bench, or by hand): trust it only for a node process.
  const cmdline = readOrUndefined(`/proc/${pid}/cmdline`);
  return cmdline === undefined || /node|wave-bench/.test(cmdline);
}
