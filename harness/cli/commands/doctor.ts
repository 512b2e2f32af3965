// `wave-bench doctor`: is this machine ready? Node, the Docker engine, the agent CLIs, disk space,
// Chromium for the report test — each with how to fix it.
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { dockerVersion } from '../../sandboxes/docker/engine.js';
import { repoRoot } from '../version.js';

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

const MIN_FREE_BYTES = 5 * 1024 ** 3; // images and item workspaces need a few GB

function onPath(bin: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), join(repoRoot(), '.cache', 'agent-clis', 'node_modules', '.bin')];
  return dirs.map((d) => join(d, bin)).find((p) => existsSync(p));
}

export async function runChecks(): Promise<Check[]> {
  const major = Number(process.versions.node.split('.')[0]);
  const checks: Check[] = [{ name: 'node', ok: major >= 20, detail: `Node ${process.version}`, ...(major >= 20 ? {} : { fix: 'install Node 20 or newer' }) }];
  const docker = await dockerVersion();
  checks.push({ name: 'docker engine', ok: docker !== null, detail: docker ? `engine ${docker}` : 'no engine answers (needed for `pilot` and the Docker tests)', ...(docker ? {} : { fix: 'bash scripts/ensure-docker.sh (Debian), or start your engine / set DOCKER_HOST' }) });
  for (const cli of ['codex', 'claude', 'opencode']) {
    const path = onPath(cli);
    checks.push({ name: `agent CLI ${cli}`, ok: path !== undefined, detail: path ?? 'not installed (only needed for --executor ' + cli + ')', ...(path ? {} : { fix: 'bash scripts/ensure-agent-clis.sh, or npm i -g the CLI' }) });
  }
  const fs = statfsSync(repoRoot());
  const free = fs.bavail * fs.bsize;
  checks.push({ name: 'disk', ok: free >= MIN_FREE_BYTES, detail: `${(free / 1024 ** 3).toFixed(1)} GiB free under ${repoRoot()}`, ...(free >= MIN_FREE_BYTES ? {} : { fix: 'free at least 5 GiB (docker system prune removes unused images)' }) });
  const chromium = existsSync('/usr/bin/chromium');
  checks.push({ name: 'chromium', ok: chromium, detail: chromium ? '/usr/bin/chromium' : 'missing (only the report browser test needs it)', ...(chromium ? {} : { fix: 'bash scripts/ensure-chromium.sh' }) });
  return checks;
}

export const doctorCommand: CommandModule<object, { json: boolean; setExitCode: (n: number) => void }> = {
  command: 'doctor',
  describe: 'Check Node, the Docker engine, agent CLIs, disk and Chromium, and say how to fix each',
  builder: (y) => y.option('json', { type: 'boolean', default: false }).epilog('Exit codes: 0 Node and disk are fine (optional tools may be missing), 1 a required check failed.') as never,
  handler: async (a) => {
    const checks = await runChecks();
    if (a.json) process.stdout.write(JSON.stringify(checks, null, 2) + '\n');
    else for (const c of checks) process.stdout.write(`${c.ok ? 'ok  ' : 'FAIL'} ${c.name.padEnd(18)} ${c.detail}${c.fix ? `\n     fix: ${c.fix}` : ''}\n`);
    if (checks.some((c) => !c.ok && (c.name === 'node' || c.name === 'disk'))) a.setExitCode(1);
  },
};
