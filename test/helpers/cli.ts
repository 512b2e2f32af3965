// Runs the built CLI as a real child process (tests run after `npm run build`).
import { join } from 'node:path';
import { execa } from 'execa';

export const repo = join(__dirname, '..', '..');
export const bin = join(repo, 'bin', 'wave-bench.js');

export async function cli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}) {
  const result = await execa('node', [bin, ...args], { cwd: options.cwd ?? repo, reject: false, env: { ...options.env, NO_COLOR: '1' } });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}
