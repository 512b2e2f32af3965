// The environment an agent process receives: an explicit allowlist, never the launcher's whole env.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** Variables every agent gets so ordinary tools work; nothing secret. */
const BASE_KEYS = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TERM'];

/** Builds the agent's env: base keys + the allowlist from the host env + per-agent HOME and TMPDIR. */
export function buildAgentEnv(options: { allowlist: string[]; agentDir: string; extra?: Record<string, string> }): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of [...BASE_KEYS, ...options.allowlist]) {
    const value = process.env[key];
    if (value !== undefined) env[key] = value;
  }
  const home = join(options.agentDir, 'home');
  for (const dir of ['', '.config', '.cache', '.local/share', '.local/state']) mkdirSync(join(home, dir), { recursive: true });
  mkdirSync(join(options.agentDir, 'tmp'), { recursive: true });
  env.HOME = home;
  env.XDG_CONFIG_HOME = join(home, '.config');
  env.XDG_CACHE_HOME = join(home, '.cache');
  env.XDG_DATA_HOME = join(home, '.local/share');
  env.XDG_STATE_HOME = join(home, '.local/state');
  env.TMPDIR = join(options.agentDir, 'tmp'); // CLIs leave runtime files there (opencode ~5 MB a run)
  return { ...env, ...options.extra };
}

/** Runs tasks with at most `limit` in flight; resolves with results in input order. */
export async function runBounded<T, R>(items: T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
