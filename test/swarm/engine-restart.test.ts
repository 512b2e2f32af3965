// An engine restart (a reboot) leaves the engine with a stale node-local copy of the swarm-scoped
// offline network, and the engine then rejects every task that joins it ("network <id> exists",
// moby/moby#37087). Such a job is infrastructure with a message naming the fix, and
// scripts/ensure-swarm.sh (which the test setup and docs/cluster.md run) makes the network again.
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
}

describe.runIf(available && (ownEngine || dockerRequired))('swarm jobs after an engine restart', () => {
  it('a stale offline network is infrastructure naming the fix, and ensure-swarm.sh makes it again', async () => {
    expect(await job()).toMatchObject({ exitCode: 0 });
    await restartEngine();
    const after = await job();
    // (On an engine without the bug the job simply runs.)
    if (after.exitCode !== 0) expect(after.infra).toMatch(/network \S+ exists .*ensure-swarm\.sh --renew-network/);
    const ensured = await execa('bash', ['scripts/ensure-swarm.sh'], { reject: false });
    expect(ensured.exitCode, ensured.stderr).toBe(0);
    if (after.exitCode !== 0) expect(ensured.stderr).toMatch(/making the wave-bench-offline network again/);
    const renewed = await job();
    expect(renewed, renewed.infra).toMatchObject({ exitCode: 0 });
  }, 300_000);
});
