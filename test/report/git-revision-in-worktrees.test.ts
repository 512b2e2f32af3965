// Results record the checked-out commit. Read without running git, it must also be right in a linked
// worktree, where `.git` is a file pointing at the real git folder (reports said "git unknown" there).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gitRevision } from '../../harness/version.js';
import { tempDir } from '../helpers/tmp.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' }).trim();

describe('gitRevision', () => {
  it('reads HEAD in a plain checkout, a linked worktree and after refs are packed, and is null outside a checkout', () => {
    const main = join(tempDir(), 'main');
    mkdirSync(main);
    git(main, 'init', '-q', '-b', 'main');
    writeFileSync(join(main, 'a.txt'), 'a\n');
    git(main, 'add', '.');
    git(main, 'commit', '-qm', 'first');
    expect(gitRevision(main)).toBe(git(main, 'rev-parse', 'HEAD'));
    const linked = join(tempDir(), 'linked');
    git(main, 'worktree', 'add', '-q', '-b', 'side', linked);
    writeFileSync(join(linked, 'b.txt'), 'b\n');
    git(linked, 'add', '.');
    git(linked, 'commit', '-qm', 'second');
    expect(gitRevision(linked)).toBe(git(linked, 'rev-parse', 'HEAD'));
    expect(gitRevision(linked)).not.toBe(gitRevision(main));
    git(main, 'pack-refs', '--all');
    expect(gitRevision(linked)).toBe(git(linked, 'rev-parse', 'HEAD'));
    expect(gitRevision(tempDir())).toBeNull();
  });
});
