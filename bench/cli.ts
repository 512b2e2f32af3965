// CLI start-up figures: the process time (user + system CPU) of `wave-bench control ...` and
// `wave-bench --help` against a bare `node -e 0` on the same machine. Agents call the control CLI
// many times per wave, so its start-up is paid over and over. Goal: control within 3x of bare node.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWave } from '../orchestrator/index.js';
import { repoRoot } from '../harness/version.js';
import { sixAgentWave } from './launcher.js';
import type { BenchSuite } from './types.js';

const RUNS = 20;

/** Mean CPU milliseconds of one run of `argv`, read from the shell's `times` over RUNS runs. */
function processCpuMs(argv: string[], cwd: string): number {
  const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const script = `i=0; while [ $i -lt ${RUNS} ]; do ${quoted} >/dev/null 2>&1; i=$((i+1)); done; times`;
  const out = spawnSync('/bin/sh', ['-c', script], { cwd, encoding: 'utf8' });
  // `times` prints the shell's own times, then its children's: "<m>m<s>s <m>m<s>s".
  const children = out.stdout.trim().split('\n').at(-1) ?? '';
  const parts = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60_000 + Number(m[2]) * 1000);
  if (parts.length !== 2) throw new Error(`cannot read process times from: ${out.stdout} ${out.stderr}`);
  return (parts[0]! + parts[1]!) / RUNS;
}

export const cliSuite: BenchSuite = {
  name: 'cli-startup',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'wave-bench-cli-'));
    try {
      const outcome = await launchWave({ workspace: dir, waveFile: sixAgentWave(dir), concurrency: 2 });
      if (!outcome.ok) throw new Error(`bench wave failed: ${outcome.reason}`);
      const cli = join(repoRoot(), 'bin', 'wave-bench.js');
      const bare = processCpuMs([process.execPath, '-e', '0'], dir);
      const status = processCpuMs([process.execPath, cli, 'control', 'status', '--wave', '1'], dir);
      const create = processCpuMs(
        [process.execPath, cli, 'control', 'task', 'create', '--wave', '1', '--kind', 'evidence', '--summary', 'bench'],
        dir,
      );
      const help = processCpuMs([process.execPath, cli, '--help'], dir);
      const ratio = (x: number) => Math.round((x / bare) * 100) / 100;
      return {
        tasks: [],
        figures: {
          runsEach: RUNS,
          bareNodeCpuMs: Math.round(bare),
          controlStatusCpuMs: Math.round(status),
          controlTaskCreateCpuMs: Math.round(create),
          helpCpuMs: Math.round(help),
          controlStatusVsBareNode: ratio(status),
          controlTaskCreateVsBareNode: ratio(create),
          helpVsBareNode: ratio(help),
          goal: 'control commands within 3x of bare node',
        },
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
