// The swarm runner's own transport on a real single-node swarm: small inputs inline, large ones as
// configs split into parts, binary outputs, all byte-exact; the command's own output never reaches
// the frame; a job over its deadline is killed and reported without an exit code.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectDocker } from '../../harness/sandboxes/docker/engine.js';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { SwarmRunner } from '../../harness/sandboxes/swarm/swarm-runner.js';
import { REGISTRY, swarmAvailable } from '../helpers/swarm.js';
import { tempDir } from '../helpers/tmp.js';

const available = await swarmAvailable();
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

describe.runIf(available)('swarm runner transport', () => {
  it('carries small and large (multi-config) inputs and binary outputs byte-exact; prints of the command stay out', async () => {
    const docker = await connectDocker();
    const image = (await ensureFixtureBaseImage(docker)).tag;
    const runner = await SwarmRunner.create(docker, { registry: REGISTRY, outDir: tempDir() });
    try {
      const quotes = `it's "quoted" \\ $HOME \`x\`\n`;
      const small = await runner.run(
        { image, user: '0:0' },
        {
          cmd: ['sh', '-c', 'mkdir /tmp/out && cp /tmp/q.txt /tmp/out/q && echo WB-FRAME fake BEGIN 0'],
          files: { 'q.txt': quotes },
          collect: '/tmp/out',
          deadlineSec: 60,
        },
      );
      expect(small, small.infra).toMatchObject({ exitCode: 0, files: { q: quotes } });
      // 900 KB of text (three config parts) and a file of quotes past the inline limit.
      const big = randomBytes(450_000).toString('hex');
      const many = "'".repeat(70_000);
      const large = await runner.run(
        { image, user: '0:0' },
        {
          cmd: ['sh', '-c', 'mkdir /tmp/out && cp /tmp/big /tmp/many /tmp/out/ && head -c 4096 /dev/urandom > /tmp/out/bin && exit 3'],
          files: { big, many },
          collect: '/tmp/out',
          deadlineSec: 120,
        },
      );
      expect(large.exitCode, large.infra).toBe(3);
      expect(sha(large.files.big!)).toBe(sha(big));
      expect(large.files.many).toBe(many);
      expect(large.raw!.bin!.length).toBe(4096);
      const late = await runner.run(
        { image, user: '0:0' },
        { cmd: ['sh', '-c', 'sleep 30'], files: {}, collect: '/tmp/out', deadlineSec: 2 },
      );
      expect(late).toMatchObject({ exitCode: null, files: {} });
      expect(late.infra).toBeUndefined();
    } finally {
      await runner.dispose();
    }
    const left = await docker.listConfigs({ filters: { label: [`wave-bench.pid=${process.pid}`] } });
    expect(left).toEqual([]);
  }, 240_000);
});

describe.runIf(available)('swarm runner job counts', () => {
  it('counts a job as queued until a node takes it and as running on that node until it ends', async () => {
    const docker = await connectDocker();
    const image = (await ensureFixtureBaseImage(docker)).tag;
    const host = ((await docker.info()) as { Name: string }).Name;
    const seen = (runner: SwarmRunner, into: string[]) => runner.watchJobs(() => into.push(JSON.stringify(runner.jobCounts())));
    const runner = await SwarmRunner.create(docker, { registry: REGISTRY, outDir: tempDir() });
    // No node can take this one: it waits without a node until the cluster's refusal is known.
    const greedy = await SwarmRunner.create(docker, { registry: REGISTRY, outDir: tempDir(), reserveNanoCpus: 512e9 });
    try {
      const counts: string[] = [];
      seen(runner, counts);
      const done = await runner.run(
        { image, user: '0:0' },
        { cmd: ['sh', '-c', 'mkdir /tmp/out && echo ok > /tmp/out/r'], files: {}, collect: '/tmp/out', deadlineSec: 60 },
      );
      expect(done, done.infra).toMatchObject({ exitCode: 0, node: host });
      expect(counts[0]).toBe(JSON.stringify({ queued: 1, running: {} }));
      expect(counts).toContain(JSON.stringify({ queued: 0, running: { [host]: 1 } }));
      expect(counts.at(-1)).toBe(JSON.stringify({ queued: 0, running: {} }));
      const waiting: string[] = [];
      seen(greedy, waiting);
      const refused = await greedy.run({ image, user: '0:0' }, { cmd: ['true'], files: {}, collect: '/tmp/out', deadlineSec: 60 });
      expect(refused.infra).toMatch(/rejected the job for resources/);
      expect(waiting).toEqual([JSON.stringify({ queued: 1, running: {} }), JSON.stringify({ queued: 0, running: {} })]);
    } finally {
      await Promise.all([runner.dispose(), greedy.dispose()]);
    }
  }, 240_000);
});
