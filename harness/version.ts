// Reads wave-bench's own version from package.json (works from source and from dist/).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor of this file holding wave-bench's package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && JSON.parse(readFileSync(candidate, 'utf8')).name === 'wave-bench') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('wave-bench package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export function packageVersion(): string {
  return JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')).version as string;
}

/**
 * Where git keeps this checkout's HEAD and its shared refs: `.git` itself, or — in a linked worktree,
 * where `.git` is a file `gitdir: <dir>` — that dir for HEAD and its `commondir` for refs.
 */
function gitDirs(root: string): { head: string; refs: string } {
  const dotGit = join(root, '.git');
  if (!statSync(dotGit).isFile()) return { head: dotGit, refs: dotGit };
  const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'));
  if (!pointer) throw new Error(`${dotGit} names no gitdir`);
  const head = resolve(root, pointer[1]!.trim());
  const common = join(head, 'commondir');
  return { head, refs: existsSync(common) ? resolve(head, readFileSync(common, 'utf8').trim()) : head };
}

/** The checked-out commit, read from .git without running git (worktrees too); null outside a checkout. */
export function gitRevision(root = repoRoot()): string | null {
  try {
    const dirs = gitDirs(root);
    const head = readFileSync(join(dirs.head, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = join(dirs.refs, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(dirs.refs, 'packed-refs'), 'utf8')
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`));
    return packed ? packed.split(' ')[0]! : null;
  } catch {
    return null;
  }
}
