// `wave-bench doctor`: is this machine ready? Node, the Docker engine, the agent CLIs, disk space,
// Chromium for the report test — each with how to fix it.
import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { existsSync } from 'node:fs';
import { dockerVersion } from '../../sandboxes/docker/engine.js';
import { repoRoot } from '../../version.js';

interface Check {
  name: string;
  /** Required checks gate the exit code; optional ones only serve some commands (named in `detail`). */
  required: boolean;
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
  const checks: Check[] = [
    {
      name: 'node',
      required: true,
      ok: major >= 20,
      detail: `Node ${process.version}`,
      ...(major >= 20 ? {} : { fix: 'install Node 20 or newer' }),
    },
  ];
  const docker = await dockerVersion();
  checks.push({
    name: 'docker engine',
    required: false,
    ok: docker !== null,
    detail: docker ? `engine ${docker}` : 'no engine answers (needed for `pilot` and the Docker tests)',
    ...(docker ? {} : { fix: 'bash scripts/ensure-docker.sh (Debian), or start your engine / set DOCKER_HOST' }),
  });
  for (const cli of ['codex', 'claude', 'opencode']) {
    const path = onPath(cli);
    checks.push({
      name: `agent CLI ${cli}`,
      required: false,
      ok: path !== undefined,
      detail: path ?? 'not installed (only needed for --executor ' + cli + ')',
      ...(path ? {} : { fix: 'bash scripts/ensure-agent-clis.sh, or npm i -g the CLI' }),
    });
  }
  const fs = statfsSync(repoRoot());
  const free = fs.bavail * fs.bsize;
  checks.push({
    name: 'disk',
    required: true,
    ok: free >= MIN_FREE_BYTES,
    detail: `${(free / 1024 ** 3).toFixed(1)} GiB free under ${repoRoot()}`,
    ...(free >= MIN_FREE_BYTES ? {} : { fix: 'free at least 5 GiB (docker system prune removes unused images)' }),
  });
  const chromium = existsSync('/usr/bin/chromium');
  checks.push({
    name: 'chromium',
    required: false,
    ok: chromium,
    detail: chromium ? '/usr/bin/chromium' : 'missing (only the report browser test needs it)',
    ...(chromium ? {} : { fix: 'bash scripts/ensure-chromium.sh' }),
  });
  return checks;
}

/** Required checks first (FAIL fails the command), then optional ones (missing only limits some commands). */
export function renderChecks(checks: Check[]): string {
  const line = (c: Check, bad: string) =>
    `  ${c.ok ? 'ok     ' : bad} ${c.name.padEnd(19)} ${c.detail}${c.fix ? `\n          fix: ${c.fix}` : ''}\n`;
  const required = checks.filter((c) => c.required);
  const optional = checks.filter((c) => !c.required);
  const failed = required.filter((c) => !c.ok).length;
  return [
    'required (wave-bench run, launch, report):\n',
    ...required.map((c) => line(c, 'FAIL   ')),
    'optional (only the commands named):\n',
    ...optional.map((c) => line(c, 'missing')),
    failed ? `${failed} required check(s) failed: fix them before running wave-bench\n` : 'all required checks pass\n',
  ].join('');
}

export const doctorCommand: CommandModule<object, { json: boolean; setExitCode: (n: number) => void }> = {
  command: 'doctor',
  describe: 'Check Node, the Docker engine, agent CLIs, disk and Chromium, and say how to fix each',
  builder: (y) =>
    y
      .option('json', { type: 'boolean', default: false, describe: 'Print the checks as JSON' })
      .epilog('Exit codes: 0 every required check passes (optional tools may be missing), 1 a required check failed.') as never,
  handler: async (a) => {
    const checks = await runChecks();
    if (a.json) process.stdout.write(JSON.stringify(checks, null, 2) + '\n');
    else process.stdout.write(renderChecks(checks));
    if (checks.some((c) => c.required && !c.ok)) a.setExitCode(1);
  },
};
