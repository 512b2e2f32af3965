// Host-side git for task workspaces: snapshot the base, and extract the model patch without
// orchestrator state, scaffolding or binary hunks (SPEC 3.5 step 4).
import { execa } from 'execa';

const EXCLUDED = ['.wave', '.wave-case', '.wave-task'];

async function git(cwd: string, args: string[]): Promise<string> {
  const r = await execa('git', args, {
    cwd,
    reject: false,
    env: {
      GIT_AUTHOR_NAME: 'wave-bench',
      GIT_AUTHOR_EMAIL: 'wave-bench@localhost',
      GIT_COMMITTER_NAME: 'wave-bench',
      GIT_COMMITTER_EMAIL: 'wave-bench@localhost',
    },
  });
  if (r.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Makes the copied-out task tree a fresh repository with one commit holding the base, and returns
 * that commit. The agent sees no history: nothing of the task's future (fix commits, pre-staged
 * tests) can be read out of `.git`. Files the tree's .gitignore covers stay out, as they would in
 * the task's own repository.
 */
export async function commitTaskBase(workspace: string): Promise<string> {
  await git(workspace, ['init', '-q']);
  await git(workspace, ['add', '-A']);
  await git(workspace, ['-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'task base (wave-bench)']);
  return (await git(workspace, ['rev-parse', 'HEAD'])).trim();
}

/**
 * The diff of the working tree against `base` (the task's base commit in the workspace; HEAD when
 * not given), excluding orchestrator state; binary files dropped. Against the base, not HEAD, so
 * work an agent committed is still its patch.
 */
export async function extractPatch(workspace: string, base = 'HEAD'): Promise<{ patch: string; files: string[]; droppedBinary: string[] }> {
  await git(workspace, ['add', '-A', '--', '.', ...EXCLUDED.map((p) => `:(exclude)${p}`)]);
  const raw = await git(workspace, ['diff', '--cached', '--no-color', '--no-ext-diff', base]);
  await git(workspace, ['reset', '-q']);
  const sections = raw ? raw.split(/^(?=diff --git )/m) : [];
  const kept: string[] = [];
  const files: string[] = [];
  const droppedBinary: string[] = [];
  for (const s of sections) {
    const file = /^diff --git a\/(.+?) b\//.exec(s)?.[1] ?? '?';
    if (/^Binary files .* differ$/m.test(s) || /^GIT binary patch$/m.test(s)) droppedBinary.push(file);
    else {
      kept.push(s.endsWith('\n') ? s : `${s}\n`);
      files.push(file);
    }
  }
  return { patch: kept.join(''), files, droppedBinary };
}

/**
 * `before_repo_set_cmd` split in two. SWE-bench Pro rows end it with `git checkout <fix commit> --
 * <test files>`, which stages the graded tests: that part belongs to verification (after the model
 * patch, as SWE-bench Pro's harness runs it) and must never reach an agent's workspace. The rest
 * sets the repository up at its base.
 */
export function splitBeforeRepoSetCmd(cmd: string, baseCommit: string): { setup: string[]; testStaging: string[] } {
  const setup: string[] = [];
  const testStaging: string[] = [];
  for (const line of cmd
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)) {
    const m = /^git\s+checkout\s+(\S+)\s+--\s+\S/.exec(line);
    if (m && m[1] !== baseCommit) testStaging.push(line);
    else setup.push(line);
  }
  return { setup, testStaging };
}

/** Files a patch touches (both sides of each `diff --git` header). */
export function filesInPatch(patch: string): string[] {
  const out = new Set<string>();
  for (const m of patch.matchAll(/^diff --git a\/(\S+) b\/(\S+)$/gm)) {
    out.add(m[1]!);
    out.add(m[2]!);
  }
  return [...out].sort();
}
