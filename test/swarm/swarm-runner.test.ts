// The swarm runner's own transport on a real single-node swarm: small inputs inline, large ones as
// configs split into parts, binary outputs, all byte-exact; the command's own output never reaches
// the frame; a job over its deadline is killed and reported without an exit code; a job without
// network is alone on a network of its own.
import { createHash, randomBytes } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
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

// A job without network runs on an --internal overlay of its own, made for it and removed after it.
// The probe, run in each job: its IPv4 addresses, whether it has a default route, and a TCP connect
// to a server of this test on every address of the host. A job with the network is the control: the
// same probe reaches the server from it, so a probe that could never connect proves nothing.
const PROBE = `
const net = require('net'), os = require('os'), fs = require('fs');
const addrs = Object.values(os.networkInterfaces()).flat().filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.cidr);
const routes = fs.readFileSync('/proc/net/route', 'utf8').trim().split('\\n').slice(1).map((l) => l.split('\\t')[1]);
const targets = JSON.parse(process.env.TARGETS);
Promise.all(targets.map((host) => new Promise((done) => {
  const s = net.connect({ host, port: Number(process.env.PORT), timeout: 3000 });
  s.on('connect', () => { s.destroy(); done('connected'); }).on('error', (e) => done(e.code)).on('timeout', () => { s.destroy(); done('timeout'); });
}))).then((reach) => {
  fs.mkdirSync('/tmp/out');
  fs.writeFileSync('/tmp/out/r.json', JSON.stringify({ addrs, defaultRoute: routes.includes('00000000'), reach }));
});
`;

describe.runIf(available)('swarm jobs without network', () => {
  it('each runs alone on an internal overlay of its own (no default route, no host reached, other subnet), removed after it', async () => {
    const docker = await connectDocker();
    const image = (await ensureFixtureBaseImage(docker)).tag;
    const server = createServer((s) => s.end());
    await new Promise<void>((r) => server.listen(0, '0.0.0.0', r));
    const port = (server.address() as AddressInfo).port;
    const targets = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a?.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    const runner = await SwarmRunner.create(docker, { registry: REGISTRY, outDir: tempDir() });
    const probe = (network: boolean) =>
      runner.run(
        { image, user: '0:0', network, env: { TARGETS: JSON.stringify(targets), PORT: String(port) } },
        { cmd: ['node', '-e', PROBE], files: {}, collect: '/tmp/out', deadlineSec: 60 },
      );
    const seen = (r: Awaited<ReturnType<typeof probe>>) => {
      expect(r, r.infra).toMatchObject({ exitCode: 0 });
      return JSON.parse(r.files['r.json']!) as { addrs: string[]; defaultRoute: boolean; reach: string[] };
    };
    try {
      const [a, b, open] = (await Promise.all([probe(false), probe(false), probe(true)])).map(seen);
      expect(targets.length).toBeGreaterThan(0);
      expect(open!.reach).toContain('connected');
      for (const job of [a!, b!]) {
        expect(job.defaultRoute).toBe(false);
        expect(job.reach).not.toContain('connected');
        expect(job.addrs).toHaveLength(1);
      }
      const subnet = (cidr: string) => cidr.split('.').slice(0, 3).join('.');
      expect(subnet(a!.addrs[0]!)).not.toBe(subnet(b!.addrs[0]!));
    } finally {
      await runner.dispose();
      server.close();
    }
    // The manager removes them at once; the node drops its own copy of each a moment later.
    const left = async () => (await docker.listNetworks({ filters: { label: [`wave-bench.pid=${process.pid}`] } })).map((n) => n.Name);
    for (let i = 0; i < 120 && (await left()).length > 0; i += 1) await new Promise((r) => setTimeout(r, 250));
    expect(await left()).toEqual([]);
  }, 240_000);
});
