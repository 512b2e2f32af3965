// Workspace files that agents can reach are adversarial: any path component may be a symlink to the
// host (`src -> /etc`). Before wave-bench writes, hashes or counts a workspace file it resolves the
// real path and refuses anything whose real location is outside the workspace's real path.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { WaveBenchError } from './errors.js';
import { isInsideRoot } from './ids.js';
import { unsafePathReason } from './wave/validate.js';

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Why `rel` must not be used inside `workspace` (text or symlinks leading out), or undefined when it is safe. */
export function workspaceEscapeReason(workspace: string, rel: string): string | undefined {
  const textual = unsafePathReason(rel);
  if (textual) return textual;
  const root = realOrUndefined(workspace);
  if (!root) return `workspace ${workspace} does not exist`;
  // The deepest part of the path that exists decides where a write or read would really land.
  let probe = join(workspace, rel);
  while (!lexists(probe) && probe !== workspace) probe = dirname(probe);
  const real = realOrUndefined(probe);
  if (!real) return `${probe} is a dangling symlink`;
  if (!isInsideRoot(root, real)) return `resolves through a symlink to ${real}, outside the workspace`;
  return undefined;
}

/** Writes a workspace file without following symlinks out of it; returns a refusal reason instead of writing. */
export function writeWorkspaceFile(workspace: string, rel: string, content: string): string | undefined {
  const reason = workspaceEscapeReason(workspace, rel);
  if (reason) return reason;
  const target = join(workspace, rel);
  mkdirSync(dirname(target), { recursive: true });
  const again = workspaceEscapeReason(workspace, rel); // a directory swapped for a symlink meanwhile
  if (again) return again;
  let fd: number;
  try {
    fd = openSync(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return 'is a symlink';
    throw error;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return undefined;
}

/** True when `rel` exists as a file or folder whose real location is inside the workspace. */
export function isWorkspaceFile(workspace: string, rel: string): boolean {
  if (workspaceEscapeReason(workspace, rel)) return false;
  try {
    const stat = statSync(join(workspace, rel));
    return stat.isFile() || stat.isDirectory();
  } catch {
    return false;
  }
}

/** Removes a symlink planted where a state file goes (the link, never its target). */
function unlinkPlantedSymlink(path: string): void {
  try {
    if (lstatSync(path).isSymbolicLink()) unlinkSync(path);
  } catch {
    // nothing there
  }
}

/**
 * Writes a lane state file (prompts, inboxes, projections, plans, traces under <workspace>/.wave).
 * Agents can reach that folder: a symlink planted where the file goes is replaced, never followed,
 * and a folder that really lies outside the workspace (a symlinked lane or state folder) is refused.
 */
export function writeStateFile(workspace: string, path: string, data: string | Buffer): void {
  unlinkPlantedSymlink(path);
  const rel = relative(workspace, path);
  const reason = workspaceEscapeReason(workspace, rel);
  if (reason) {
    throw new WaveBenchError('state-escapes-workspace', `lane state file ${path} ${reason}: a symlink was planted in the lane state`, {
      fix: `remove the symlinks under ${join(workspace, '.wave')} (an agent may have planted them) and run again`,
    });
  }
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644);
  try {
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** Opens a log for appending without following a symlink planted at its path; the caller writes to the descriptor. */
export function openLogNoFollow(path: string): number {
  mkdirSync(dirname(path), { recursive: true });
  unlinkPlantedSymlink(path);
  return openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
}

/** A state file's bytes, or empty when it is missing, a symlink (never followed) or not a regular file. */
export function readNoFollow(path: string): Buffer {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return Buffer.alloc(0);
  }
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd) : Buffer.alloc(0);
  } finally {
    closeSync(fd);
  }
}
