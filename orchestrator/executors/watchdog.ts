// The launcher's watchdog: one detached process per launcher that holds the list of running agent
// trees on a pipe from the launcher. When the pipe closes without a goodbye (the launcher crashed,
// was killed with SIGKILL, or exited with agents still running), it kills every tree it was told
// about, so no agent outlives its launcher. Linux only, like the process tree it kills.
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

/** Tells the watchdog about an agent tree; the returned function says it ended normally. */
export function watchAgentTree(root: number, token: string): () => void {
  if (!PROC_AVAILABLE) return () => undefined;
  const dog = ensureWatchdog();
  dog?.stdin?.write(`watch ${root} ${token}\n`);
  return () => void dog?.stdin?.write(`done ${root}\n`);
}
