// `wave-bench --help` and `wave-bench control ...` load only what they run: the static import graph
// of the CLI entry plus the control command reaches neither Docker, execa nor any other command
// module, and the table that --help prints matches the modules it stands for.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../harness/cli/commands/index.js';
import { cli, repo } from '../helpers/cli.js';

/** Every module reached by static `import`/`export ... from` (not `import()`) from the given dist files. */
function staticGraph(entries: string[]): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s+(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) {
      const spec = m[1]!;
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  }
  return { files, packages };
}

describe('CLI start-up', () => {
  const dist = join(repo, 'dist', 'harness', 'cli');

  it('the control command statically reaches neither dockerode, execa, another command nor the launcher', () => {
    const { files, packages } = staticGraph([join(dist, 'main.js'), join(dist, 'commands', 'control.js')]);
    expect([...packages].filter((p) => p === 'dockerode' || p === 'execa')).toEqual([]);
    const commandModules = [...files].filter(
      (f) => f.startsWith(join(dist, 'commands')) && !/commands\/(index\.js|control\.js|control\/)/.test(f),
    );
    expect(commandModules).toEqual([]);
    // Only the light entry of the orchestrator: no launcher, executors, prompts or skills.
    const heavy = [...files].filter((f) => /dist\/orchestrator\/(index\.js|launcher\/(?!types\.js)|executors\/|prompt\/|skills\/)/.test(f)); // launcher/types.js holds only constants
    expect(heavy).toEqual([]);
  });

  it('the command table matches each module it loads lazily', async () => {
    for (const entry of COMMANDS) {
      const mod = await entry.load();
      expect({ name: entry.name, command: mod.command, describe: mod.describe }).toEqual({
        name: entry.name,
        command: entry.command,
        describe: entry.describe,
      });
    }
  });

  it('--help lists every command without loading them', async () => {
    const out = await cli(['--help']);
    expect(out.exitCode).toBe(0);
    for (const entry of COMMANDS) expect(out.stdout).toContain(`wave-bench ${entry.command}`);
    const sub = await cli(['launch', '--help']);
    expect(sub.stdout).toContain('--wave-file');
  });
});
