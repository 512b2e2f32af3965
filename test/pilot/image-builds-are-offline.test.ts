// A dataset row's Dockerfile is untrusted code: its RUN steps must not reach the host (or anything
// else) unless the user asks for it with --build-network, and results say which it was. A listener
// on the host counts connections while a row's RUN step dials it through the build container's
// default gateway: offline, nothing arrives; with the network on, the same step does reach it (so
// this test would notice a build that quietly had the network). Real Docker; required in CI.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { connectDocker } from '../../harness/sandboxes/docker/engine.js';
import { resolveTaskImage } from '../../harness/sandboxes/docker/task-image.js';
import { TaskContainer } from '../../harness/sandboxes/docker/container.js';
import { cli, repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const fixtures = join(repo, 'pilots', 'fixtures');
const rows = loadDataset(join(fixtures, 'tasks.jsonl')).rows;
const calcAdd = rows.find((r) => r.instance_id === 'fixture__calc-add')!;
let docker: Docker;

/** What the image's RUN step said when it was built (a cached layer says what its first build said). */
async function dialed(image: string): Promise<string> {
  const c = await TaskContainer.create(docker, { image });
  try {
    return (await c.exec(['cat', '/dial.txt'], { timeoutSec: 30 })).stdout.trim();
  } finally {
    await c.remove();
  }
}
let server: Server;
let port = 0;
const connections: string[] = [];
const built: string[] = [];

// Dials <default gateway>:<port> (the host, seen from a bridge network) and always succeeds, so the
// build's outcome never depends on the network; the listener and the step's own words, kept in the
// image as /dial.txt, tell what happened.
const dialHost = (p: number, nonce: string) => {
  const js = `const fs=require("fs");const l=fs.readFileSync("/proc/net/route","utf8").split("\\n").map(x=>x.split("\\t")).find(f=>f[1]==="00000000");if(!l){console.log("no route");process.exit(0)}const g=Buffer.from(l[2],"hex").reverse().join(".");const s=require("net").connect(${p},g,()=>{s.end("${nonce}");console.log("reached")});s.on("error",e=>console.log("unreachable",e.code));setTimeout(()=>process.exit(0),5000).unref()`;
  return `RUN node -e '${js}' > /dial.txt\n`;
};

const rowDialing = (nonce: string) => ({
  ...calcAdd,
  instance_id: `fixture__dial-${nonce}`,
  base_dockerfile: 'FROM wave-bench/fixture-base:latest\n',
  instance_dockerfile: dialHost(port, nonce),
});

describe.runIf(available)('task image builds have no network unless asked (Docker)', () => {
  beforeAll(async () => {
    docker = await connectDocker();
    await ensureFixtureBaseImage(docker);
    server = createServer((socket) => socket.on('data', (d) => connections.push(String(d))));
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    port = (server.address() as AddressInfo).port;
  }, 180_000);

  afterAll(async () => {
    server?.close();
    for (const tag of built)
      await docker
        .getImage(tag)
        .remove({ force: true })
        .catch(() => undefined);
  });

  it('by default a RUN step cannot reach a listener on the host, and the image records it was built offline', async () => {
    const nonce = `offline${process.pid}`;
    const image = await resolveTaskImage(docker, rowDialing(nonce), { contextDir: fixtures });
    built.push(image.image);
    expect(image).toMatchObject({ source: 'built', buildNetwork: false });
    await new Promise((r) => setTimeout(r, 500));
    expect(connections).not.toContain(nonce);
    expect(await dialed(image.image)).toMatch(/^(no route|unreachable)/);
  }, 180_000);

  it('with buildNetwork the same step reaches it (the listener is reachable at all), and the image records it', async () => {
    const nonce = `online${process.pid}`;
    const image = await resolveTaskImage(docker, rowDialing(nonce), { contextDir: fixtures, buildNetwork: true });
    built.push(image.image);
    expect(image).toMatchObject({ source: 'built', buildNetwork: true });
    for (let i = 0; i < 50 && !connections.includes(nonce); i += 1) await new Promise((r) => setTimeout(r, 100));
    expect(connections).toContain(nonce);
    expect(await dialed(image.image)).toBe('reached');
  }, 180_000);

  it('an offline build never reuses a cached layer of a networked one', async () => {
    // Same row as the networked build above: offline it is built anew, and its RUN step stays offline.
    const nonce = `online${process.pid}`;
    const before = connections.filter((c) => c === nonce).length;
    const image = await resolveTaskImage(docker, rowDialing(nonce), { contextDir: fixtures });
    built.push(image.image);
    await new Promise((r) => setTimeout(r, 500));
    expect(connections.filter((c) => c === nonce).length).toBe(before);
    expect(await dialed(image.image)).toMatch(/^(no route|unreachable)/);
  }, 180_000);

  it('a build that needs the network fails offline, and the error names --build-network', async () => {
    const row = {
      ...calcAdd,
      instance_id: `fixture__needs-net-${process.pid}`,
      base_dockerfile: 'FROM wave-bench/fixture-base:latest\n',
      instance_dockerfile: 'RUN test -n "$(ls /sys/class/net | grep -v "^lo$")"\n',
    };
    await expect(resolveTaskImage(docker, row, { contextDir: fixtures })).rejects.toThrow(/no network: pass --build-network/);
  }, 180_000);

  it('pilot results record whether builds had the network (--build-network on pilot calibrate)', async () => {
    const dataset = join(fixtures, 'tasks.jsonl');
    const run = async (...extra: string[]) => {
      const out = tempDir();
      const r = await cli([
        'pilot',
        'calibrate',
        '--dataset',
        dataset,
        '--task',
        'fixture__calc-add',
        '--agent',
        'gold',
        '--timeout-verify',
        '20',
        '--out',
        out,
        ...extra,
      ]);
      expect(r.exitCode, r.stderr).toBe(0);
      return JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
        metadata: { buildNetwork?: boolean };
        items: { image: { buildNetwork?: boolean; image: string } }[];
      };
    };
    const offline = await run();
    expect(offline.metadata.buildNetwork).toBe(false);
    expect(offline.items[0]!.image.buildNetwork).toBe(false);
    const online = await run('--build-network');
    built.push(online.items[0]!.image.image);
    expect(online.metadata.buildNetwork).toBe(true);
    expect(online.items[0]!.image).toMatchObject({ buildNetwork: true });
    expect(online.items[0]!.image.image).not.toBe(offline.items[0]!.image.image);
  }, 240_000);
});
