// Identifiers that become parts of paths or image tags (lane, wave, case, arm, instance, item,
// agent ids) are checked against one strict pattern where they enter, and every joined path is
// checked to stay inside its root. A `../` in an id must never move state or a build context.
import { isAbsolute, relative, resolve } from 'node:path';
import { WaveBenchError } from './errors.js';

/** Letters, digits, `_`, `-` and `.`; starts with a letter or digit; no `..`; at most 200 chars. */
export const SAFE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;

/** Why `value` is not a safe identifier, or undefined when it is. */
export function unsafeIdReason(value: string): string | undefined {
  if (typeof value !== 'string' || value === '') return 'is empty';
  if (value.includes('..')) return 'contains ".."';
  if (!SAFE_ID_PATTERN.test(value))
    return 'may use only letters, digits, "_", "-" and "." (starting with a letter or digit, at most 200 characters)';
  return undefined;
}

/** Throws a bad-input error naming where the id came from unless it is safe. */
export function checkSafeId(what: string, value: string, where: string): string {
  const reason = unsafeIdReason(value);
  if (reason) {
    throw new WaveBenchError('unsafe-id', `${where}: ${what} ${JSON.stringify(value)} ${reason}`, {
      fix: `use a ${what} made of letters, digits, "_", "-" and "." only`,
    });
  }
  return value;
}

/** True when `path` is `root` or lies under it (textually, after resolving `.` and `..`). */
export function isInsideRoot(root: string, path: string): boolean {
  const rel = relative(resolve(root), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Returns `path` when it stays inside `root`; throws otherwise. */
export function assertInsideRoot(root: string, path: string, what: string): string {
  if (!isInsideRoot(root, path)) {
    throw new WaveBenchError('path-escapes-root', `${what} ${path} would lie outside ${root}`, {
      fix: 'use identifiers and relative paths that stay inside the workspace',
    });
  }
  return path;
}
