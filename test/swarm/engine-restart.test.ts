// Swarm jobs still run after an engine restart (a reboot) with nothing for the operator to do. An
// earlier design gave jobs without network one swarm-scoped bridge; the engine kept a stale
// node-local copy of it across a restart and rejected every task that joined it (moby/moby#37087),
// and making it again leaked one of the node's address pools each time, until none was left. Jobs
// now get an internal overlay each (harness/sandboxes/swarm/job-spec.ts).
// The test restarts this machine's engine the way scripts/ensure-docker.sh starts it: it needs
// root and an engine that script started; CI has both.
import { existsSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { connectDocker } from '../../harness/sandboxes/docker/engine.js';
import { SwarmRunner } from '../../harness/sandboxes/swarm/swarm-runner.js';
import { dockerRequired } from '../helpers/docker.js';
import { REGISTRY, swarmAvailable } from '../helpers/swarm.js';
import { tempDir } from '../helpers/tmp.js';

const available = await swarmAvailable();
const ownEngine = process.getuid?.() === 0 && existsSync('/tmp/wave-bench-dockerd.log');
if (available && !ownEngine && !dockerRequired)
  console.warn('the engine was not started by scripts/ensure-docker.sh as root: the engine-restart test is skipped');

async function job(): Promise<{ exitCode: number | null; infra?: string }> {
  const docker = await connectDocker();
  const image = (await ensureFixtureBaseImage(docker)).tag;
  const runner = await SwarmRunner.create(docker, { registry: REGISTRY, outDir: tempDir() });
  try {
    return await runner.run(
      { image, user: '0:0' },
      { cmd: ['sh', '-c', 'mkdir /tmp/out && echo ok > /tmp/out/r'], files: {}, collect: '/tmp/out', deadlineSec: 60 },
    );
  } finally {
    await runner.dispose();
  }
}

async function restartEngine(): Promise<void> {
  await execa('pkill', ['-x', 'dockerd']);
  for (let i = 0; i < 240; i += 1) {
    if ((await execa('pidof', ['dockerd'], { reject: false })).exitCode !== 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  await execa('bash', ['scripts/ensure-docker.sh']);
  // Right after a start the manager answers before it has a leader (not an operator step: time).
  for (let i = 0; i < 240; i += 1) {
    if ((await execa('docker', ['node', 'ls'], { reject: false })).exitCode === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe.runIf(available && (ownEngine || dockerRequired))('swarm jobs after an engine restart', () => {
  it('run with no step of the operator (each job network is made for the job)', async () => {
    expect(await job()).toMatchObject({ exitCode: 0 });
    await restartEngine();
    const after = await job();
    expect(after, after.infra).toMatchObject({ exitCode: 0 });
  }, 300_000);
});

describe.runIf(available)('ensure-swarm.sh', () => {
  it("removes an earlier version's offline bridge, which broke every job after an engine restart", async () => {
    await execa('docker', ['network', 'create', '--scope', 'swarm', '--internal', '-d', 'bridge', 'wave-bench-offline']);
    const ensured = await execa('bash', ['scripts/ensure-swarm.sh'], { reject: false });
    expect(ensured.exitCode, ensured.stderr).toBe(0);
    expect(ensured.stderr).toMatch(/removing the wave-bench-offline network of an earlier wave-bench/);
    expect((await execa('docker', ['network', 'inspect', 'wave-bench-offline'], { reject: false })).exitCode).not.toBe(0);
    expect((await execa('bash', ['scripts/ensure-swarm.sh'])).stderr).toBe('');
  }, 120_000);
});
