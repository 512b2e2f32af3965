// Host-side git of a task workspace (SPEC 3.5 steps 2 and 4) with real git: the copied-out tree
// becomes a one-commit repository, the patch is the diff against that base even when the agent
// committed, orchestrator state stays out of it, and before_repo_set_cmd's test staging is told
// apart from its setup.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitTaskBase, extractPatch, splitBeforeRepoSetCmd } from '../../harness/sandboxes/git.js';
import { tempDir } from '../helpers/tmp.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_AUTHOR_NAME: 'agent', GIT_AUTHOR_EMAIL: 'a@a', GIT_COMMITTER_NAME: 'agent', GIT_COMMITTER_EMAIL: 'a@a' },
  });

function workspace(): string {
  const dir = tempDir();
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'calc.js'), 'export const add = (a, b) => a - b;\n');
  writeFileSync(join(dir, '.gitignore'), 'node_modules/\n');
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'dep.js'), 'installed in the image\n');
  return dir;
}

describe('task workspace git', () => {
  it('the base is one commit of the tree (ignored files stay out), and the patch survives the agent committing', async () => {
    const dir = workspace();
    const base = await commitTaskBase(dir);
    expect(git(dir, 'log', '--all', '--format=%s').trim()).toBe('task base (wave-bench)');
    expect(git(dir, 'ls-files').split('\n').filter(Boolean)).toEqual(['.gitignore', 'src/calc.js']);
    writeFileSync(join(dir, 'src', 'calc.js'), 'export const add = (a, b) => a + b;\n');
    git(dir, 'commit', '-qam', 'agent fix');
    writeFileSync(join(dir, 'src', 'new.js'), 'export {};\n');
    mkdirSync(join(dir, '.wave'));
    writeFileSync(join(dir, '.wave', 'state.json'), '{}\n');
    const { patch, files } = await extractPatch(dir, base);
    expect(files).toEqual(['src/calc.js', 'src/new.js']);
    expect(patch).toContain('+export const add = (a, b) => a + b;');
    // Against HEAD the committed fix would be lost: that is why the base is passed.
    expect((await extractPatch(dir)).files).toEqual(['src/new.js']);
  });

  it('splits before_repo_set_cmd into setup and the test staging of SWE-bench Pro rows', () => {
    const base = '1b39dbdb53f8374094a767c02ad81c46043f3116';
    const cmd = `git reset --hard ${base}\ngit clean -fd \ngit checkout ${base} \ngit checkout ${base} -- src/kept.ts\ngit checkout ec0f940ef0e8e3b61078f145f34dc40d1938e6c5 -- test/utils/FixedRollingArray-test.ts test/other.ts\n`;
    expect(splitBeforeRepoSetCmd(cmd, base)).toEqual({
      setup: [`git reset --hard ${base}`, 'git clean -fd', `git checkout ${base}`, `git checkout ${base} -- src/kept.ts`],
      testStaging: ['git checkout ec0f940ef0e8e3b61078f145f34dc40d1938e6c5 -- test/utils/FixedRollingArray-test.ts test/other.ts'],
    });
    expect(splitBeforeRepoSetCmd('', base)).toEqual({ setup: [], testStaging: [] });
  });
});
