// Host-side git for task workspaces: snapshot the base, and extract the model patch without
// orchestrator state, scaffolding or binary hunks (SPEC 3.5 step 4).
import { execa } from 'execa';

const EXCLUDED = ['.wave', '.wave-case', '.wave-task'];

async function git(cwd: string, args: string[]): Promise<string> {
  const r = await execa('git', args, { cwd, reject: false, env: { GIT_AUTHOR_NAME: 'wave-bench', GIT_AUTHOR_EMAIL: 'wave-bench@localhost', GIT_COMMITTER_NAME: 'wave-bench', GIT_COMMITTER_EMAIL: 'wave-bench@localhost' } });
  if (r.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr}`);
  return r.stdout;
}

/** The diff of the working tree against HEAD, excluding orchestrator state; binary files dropped. */
export async function extractPatch(workspace: string): Promise<{ patch: string; files: string[]; droppedBinary: string[] }> {
  await git(workspace, ['add', '-A', '--', '.', ...EXCLUDED.map((p) => `:(exclude)${p}`)]);
  const raw = await git(workspace, ['diff', '--cached', '--no-color', '--no-ext-diff', 'HEAD']);
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

/** Files a patch touches (both sides of each `diff --git` header). */
export function filesInPatch(patch: string): string[] {
  const out = new Set<string>();
  for (const m of patch.matchAll(/^diff --git a\/(\S+) b\/(\S+)$/gm)) {
    out.add(m[1]!);
    out.add(m[2]!);
  }
  return [...out].sort();
}
