// The launcher's watchdog: one detached process per launcher that holds the list of running agent
// runs on a pipe from the launcher (each told before its process starts). When the pipe closes
// without a goodbye (the launcher crashed, was killed with SIGKILL, or exited with agents still
// running), it kills every run it was told about, so no agent outlives its launcher. Linux only,
// like the process tree it kills.
import { spawn, type ChildProcess } from 'node:child_process';
import { nodeEntryCommand } from '../process/node-entry.js';
import { PROC_AVAILABLE } from './process-tree.js';

let watchdog: ChildProcess | undefined;

function ensureWatchdog(): ChildProcess | undefined {
  if (watchdog?.stdin && !watchdog.stdin.destroyed) return watchdog;
  const entry = nodeEntryCommand(new URL('./watchdog-main.js', import.meta.url));
  // Its own session, so a signal to the launcher's group or terminal does not end it first.
  const child = spawn(entry.file, [...entry.args, String(process.pid)], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  watchdog = child;
  return child;
}

/** What the launcher tells the watchdog about one agent run. */
export interface WatchedRun {
  /** The run's root process has started (its session and group belong to the run). */
  started(root: number): void;
  /** The run ended normally: the watchdog forgets it. */
  done(): void;
}

/**
 * Tells the watchdog about an agent run before its process is started, so a launcher killed between
 * the start and the next line of code still leaves nothing behind: until the root is known, the run
 * is every process holding its token.
 */
export function watchAgentRun(token: string): WatchedRun {
  if (!PROC_AVAILABLE) return { started: () => undefined, done: () => undefined };
  const dog = ensureWatchdog();
  dog?.stdin?.write(`run ${token}\n`);
  return {
    started: (root) => void dog?.stdin?.write(`root ${token} ${root}\n`),
    done: () => void dog?.stdin?.write(`done ${token}\n`),
  };
}
