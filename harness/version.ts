// Reads wave-bench's own version from package.json (works from source and from dist/).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** The checked-out commit, read from .git without running git; null outside a checkout. */
export function gitRevision(root = repoRoot()): string | null {
  try {
    const head = readFileSync(join(root, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = join(root, '.git', ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(join(root, '.git', 'packed-refs'), 'utf8')
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`));
    return packed ? packed.split(' ')[0]! : null;
  } catch {
    return null;
  }
}
