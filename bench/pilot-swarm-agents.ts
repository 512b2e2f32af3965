// Real-CLI agents as swarm jobs for `npm run bench -- pilot`: runs scripts/measure-swarm-agents.sh
// (the scripted model endpoint, codex, the fixture task under single-agent and full-wave, local and
// swarm alternating) and reports the per-item time of each backend and their ratio. Skipped, with
// the reason, without the agent CLIs or a swarm.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../harness/version.js';

const REPS = 2;
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

export async function swarmAgentFigures(): Promise<Record<string, number | string>> {
  const root = repoRoot();
  if (!existsSync(join(root, '.cache', 'agent-clis', 'node_modules', '.bin', 'codex')))
    return { swarmAgentsSkipped: 'codex is not installed (bash scripts/ensure-agent-clis.sh)' };
  let stdout: string;
  try {
    ({ stdout } = await promisify(execFile)('bash', [join(root, 'scripts', 'measure-swarm-agents.sh'), String(REPS)], {
      cwd: root,
      timeout: 1_800_000,
      maxBuffer: 1 << 20,
    }));
  } catch (error) {
    return { swarmAgentsSkipped: `scripts/measure-swarm-agents.sh failed: ${(error as Error).message.slice(0, 300)}` };
  }
  // Lines: `<backend> <rep> <wall ms> <arm>=<class>:<total ms> …`
  const items = stdout
    .split('\n')
    .filter((l) => /^(local|swarm) \d+ \d+ /.test(l))
    .flatMap((l) => {
      const [backend, , , ...rest] = l.split(' ');
      return rest.map((r) => {
        const m = /^([\w-]+)=([\w-]+):(\d+)$/.exec(r);
        return { backend: backend!, arm: m?.[1] ?? '', classification: m?.[2] ?? '', ms: Number(m?.[3] ?? Number.NaN) };
      });
    });
  const mean = (backend: string, arm?: string) => {
    const xs = items.filter((i) => i.backend === backend && (!arm || i.arm === arm)).map((i) => i.ms);
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  };
  if (!items.length) return { swarmAgentsSkipped: `no runs in the measurement's output: ${stdout.slice(-300)}` };
  return {
    swarmAgentItems: items.length,
    swarmAgentResolved: items.filter((i) => i.classification === 'resolved').length,
    localAgentMsPerItem: Math.round(mean('local')),
    swarmAgentMsPerItem: Math.round(mean('swarm')),
    swarmAgentOverVsLocal: round(mean('swarm') / mean('local')),
    swarmAgentOverVsLocalSingleAgent: round(mean('swarm', 'single-agent') / mean('local', 'single-agent')),
    swarmAgentOverVsLocalFullWave: round(mean('swarm', 'full-wave') / mean('local', 'full-wave')),
  };
}
