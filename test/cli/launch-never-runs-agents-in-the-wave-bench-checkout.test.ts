// Agents write anywhere in their workspace. `launch` once defaulted --workspace to the current folder,
// so a newcomer following the docs from the checkout had agents writing into wave-bench itself. The
// workspace must be named, and the checkout (or a folder holding it) is refused before anything runs.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repo } from '../helpers/cli.js';

const wave = join(repo, 'test', 'fixtures', 'does-not-matter.md'); // refused before the wave file is read

describe('launch --workspace', () => {
  it('is required', async () => {
    const r = await cli(['launch', '--wave-file', wave]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('Missing required argument: workspace');
  });

  it.each([
    ['the checkout', '.'],
    ['a folder holding the checkout', dirname(repo)],
  ])('refuses %s, naming the fix, and writes nothing', async (_label, workspace) => {
    const hadLaneState = existsSync(join(repo, '.wave'));
    const r = await cli(['launch', '--wave-file', wave, '--workspace', workspace], { cwd: repo });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--workspace .* (is|contains) the wave-bench checkout/);
    expect(r.stderr).toContain('fix: give --workspace the repository the agents should work in');
    expect(existsSync(join(repo, '.wave'))).toBe(hadLaneState);
  });
});
