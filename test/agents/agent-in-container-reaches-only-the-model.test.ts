// An agent inside the task container must reach the model endpoint and nothing else, and its
// credentials must reach the endpoint and nowhere else. From inside an agent container (the
// fixture task image, codex's runtime bound in), the endpoint answers through the route, while
// every address of the host (a server the test listens with on all interfaces), the engine's
// gateway and a public address fail. Then each real CLI (codex, claude, opencode), run by `pilot
// run --agent-in-container`, resolves the fixture task under both arms working in the container's
// /app; the sentinel key it was given reached the endpoint in its requests and appears in no
// file of the run's output, and no other host variable reached the agent; the full wave's tests
// owner posts a record with `wave-bench control` from inside, relayed to the wave's log on the host.
// The same runs show usage and cost per item and arm from the CLI's own output (results.md and the
// HTML drill-down too), and none of the task's hidden fields (gold patch, test patch, graded test
// ids) in any request to the model.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentContainer } from '../../harness/sandboxes/docker/agent-container.js';
import { SwarmRunner } from '../../harness/sandboxes/swarm/swarm-runner.js';
import { MODEL_PRICES } from '../../orchestrator/index.js';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { connectDocker, type DockerClient } from '../../harness/sandboxes/docker/engine.js';
import { resolveTaskImage } from '../../harness/sandboxes/docker/task-image.js';
import type { DatasetRow } from '../../harness/schema/pilot.js';
import {
  AGENT_CLIS,
  agentClisInstalled,
  endpointEnv,
  pathWithClis,
  requireAgentClis,
  fixturePilotArgs,
  FIX_CALC_ADD,
  MARKERS_ONLY,
  TEST_MODELS,
} from '../helpers/agent-clis.js';
import { cli, repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { REGISTRY, swarmAvailable } from '../helpers/swarm.js';
import { startModelEndpoint, type ModelEndpoint, type Scenario } from '../helpers/model-endpoint/index.js';
import { workingDirectory } from '../helpers/model-endpoint/scenario.js';
import { tempDir } from '../helpers/tmp.js';

const KEY = 'sk-sentinel-c0nta1ner';
const HOST_ONLY = 'host-only-value-5b2f'; // a host variable the agent was not given
const docker = await dockerAvailable();
const fixtures = join(repo, 'pilots/fixtures');
const row = JSON.parse(
  readFileSync(join(fixtures, 'tasks.jsonl'), 'utf8')
    .split('\n')
    .find((l) => l.includes('"fixture__calc-add"'))!,
) as DatasetRow;

const fix = FIX_CALC_ADD;
const markersOnly = MARKERS_ONLY;
// The tests owner posts a record with the `wave-bench control` command its prompt gives, from inside.
const EVIDENCE = 'Tests checked inside the task container';
const postsEvidence: Omit<Scenario, 'agents'> = {
  steps: [{ kind: 'shell', command: `{{post}} --kind evidence --summary "${EVIDENCE}"` }],
  final: 'Checked.\n{{required-markers}}',
  plain: 'Review',
};

let endpoint: ModelEndpoint;
let hostServer: Server;
let hostPort = 0;
beforeAll(async () => {
  endpoint = await startModelEndpoint({ scenario: { ...fix, agents: { A1: fix, A2: postsEvidence, A8: markersOnly, A0: markersOnly } } });
  hostServer = createServer((s) => s.end('host service\n'));
  await new Promise<void>((r) => hostServer.listen(0, '0.0.0.0', r));
  hostPort = (hostServer.address() as { port: number }).port;
});
afterAll(async () => {
  await endpoint?.close();
  hostServer?.close();
});

// Inside: try each target; print one line per target, `ok` or the error code.
const PROBE = `const net=require('net');const targets=JSON.parse(process.argv[1]);(async()=>{for(const [h,p] of targets){const r=await new Promise(res=>{const s=net.connect({host:h,port:p,timeout:3000});s.on('connect',()=>{s.destroy();res('ok')});s.on('timeout',()=>{s.destroy();res('timeout')});s.on('error',e=>res(e.code||'error'))});console.log(h+':'+p+' '+r)}})();`;

// Inside a swarm agent job: a connection to the gateway with a made-up token, asking for the model route.
const FORGED = `const s=require('net').connect(7000,process.argv[1]);let n=0;s.on('connect',()=>s.write(JSON.stringify({token:'0'.repeat(32),kind:'model'})+'\\nGET /v1/models HTTP/1.0\\r\\n\\r\\n'));s.on('data',d=>{n+=d.length});s.on('close',()=>console.log('closed with '+n+' bytes'));s.on('error',()=>{});`;
const BACKENDS = ['local', 'swarm'] as const;
type Backend = (typeof BACKENDS)[number];
const swarm = await swarmAvailable();
const runners: SwarmRunner[] = [];
afterAll(async () => {
  for (const r of runners) await r.dispose();
});

/**
 * An agent container of `image` for codex (its runtime is found on PATH), routed to the endpoint:
 * a task container of this engine (`local`), or an agent job of the swarm (`swarm`).
 */
async function codexContainer(engine: DockerClient, image: string, backend: Backend, controlWorkspace?: string): Promise<AgentContainer> {
  const savedPath = process.env.PATH;
  process.env.PATH = pathWithClis;
  try {
    let box: SwarmRunner['agentBoxes'] | undefined;
    if (backend === 'swarm') {
      const runner = await SwarmRunner.create(engine as never, { registry: REGISTRY, outDir: tempDir('wave-bench-swarm-box-') });
      runners.push(runner);
      box = runner.agentBoxes;
      // (with the relay always: the same runtime image as the swarm pilots, built once per CLI)
      controlWorkspace ??= tempDir('wave-bench-swarm-box-ws-');
    }
    return await AgentContainer.start({
      docker: engine,
      image,
      setup: [],
      labels: { 'wave-bench.run': 'agent-in-container-test' },
      cli: 'codex',
      endpoint: `${endpoint.url}/v1`,
      agentEnv: {},
      ...(controlWorkspace ? { controlWorkspace } : {}),
      ...(box ? { box } : {}),
    });
  } finally {
    process.env.PATH = savedPath;
  }
}

describe('an agent inside the task container', () => {
  it('the CLIs are installed (scripts/ensure-agent-clis.sh; required in CI)', () => {
    expect(requireAgentClis() || !agentClisInstalled).toBe(true);
  });

  for (const backend of BACKENDS) {
    it.runIf(agentClisInstalled && docker && (backend === 'local' || swarm))(
      `${backend}: reaches the model endpoint through its route, and no other address`,
      async () => {
        const engine: DockerClient = await connectDocker();
        await ensureFixtureBaseImage(engine);
        const image = await resolveTaskImage(engine, row, { contextDir: fixtures });
        const sockets = () =>
          (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().filter((h) => h.constructor.name === 'Socket')
            .length;
        const socketsBefore = sockets();
        const c = await codexContainer(engine, image.image, backend);
        try {
          const port = Number(new URL(endpoint.url).port);
          const before = endpoint.requests.length;
          const answer = await c.runNode(
            `fetch('http://127.0.0.1:'+process.argv[1]+'/v1/models').then(r=>console.log('status',r.status),e=>{console.log('failed',e.cause?.code);process.exit(1)})`,
            [String(port)],
          );
          expect(answer.exitCode, answer.stdout + answer.stderr).toBe(0);
          expect(answer.stdout).toMatch(/^status \d{3}/);
          expect(endpoint.requests.length).toBe(before + 1); // it arrived at the endpoint itself
          const hostIps = Object.values(networkInterfaces())
            .flat()
            .filter((i) => i && i.family === 'IPv4' && !i.internal)
            .map((i) => i!.address);
          expect(hostIps.length).toBeGreaterThan(0);
          const targets = [
            ...hostIps.map((ip) => [ip, hostPort]),
            ...hostIps.map((ip) => [ip, port]),
            ['172.17.0.1', hostPort],
            ['1.1.1.1', 443],
            ['127.0.0.1', hostPort], // the container's own loopback: nothing of the host's
          ];
          const probe = await c.runNode(PROBE, [JSON.stringify(targets)]);
          const results = probe.stdout.trim().split('\n');
          expect(results).toHaveLength(targets.length);
          for (const line of results) expect(line, probe.stdout).not.toMatch(/ ok$/);
          if (backend === 'swarm') {
            // The one peer on the job's network, the run's gateway, passes on nothing without the job's token.
            const gateways = await execa('docker', [
              'service',
              'ls',
              '--format',
              '{{.Name}}',
              '--filter',
              `label=wave-bench.pid=${process.pid}`,
            ]);
            const gateway = gateways.stdout.split('\n').find((n) => n.startsWith('wb-gw-'));
            expect(gateway).toBeDefined();
            const forged = await c.runNode(FORGED, [gateway!]);
            expect(forged.stdout.trim()).toBe('closed with 0 bytes');
          }
        } finally {
          await c.dispose();
        }
        // No connection to the engine stays open (one did, and kept `pilot run` alive for minutes after its items).
        // (the swarm runner keeps its event stream until it is disposed)
        await new Promise((r) => setTimeout(r, 200));
        if (backend === 'local') expect(sockets()).toBeLessThanOrEqual(socketsBefore);
      },
      300_000,
    );

    it.runIf(agentClisInstalled && docker && (backend === 'local' || swarm))(
      `${backend}: ends an agent run's own processes inside once its host command has ended, and nothing else`,
      async () => {
        const engine: DockerClient = await connectDocker();
        await ensureFixtureBaseImage(engine);
        const image = await resolveTaskImage(engine, row, { contextDir: fixtures });
        const c = await codexContainer(engine, image.image, backend);
        try {
          const placed = c.placement().command({ argv: ['codex', '--version'], env: {} }, { env: {} } as never);
          const mark = placed.env.WAVE_AGENT_RUN;
          expect(mark).toMatch(/^[0-9a-f]{16}$/);
          // What a timed-out CLI leaves behind: processes started with its run's mark (they inherit it), and another run's.
          await c.box.startDetached(['env', `WAVE_AGENT_RUN=${mark}`, 'sh', '-c', 'sleep 601 & exec sleep 602']);
          await c.box.startDetached(['env', 'WAVE_AGENT_RUN=another', 'sleep', '603']);
          const sleeping = async () => {
            const r = await c.runNode(
              `const fs=require('fs');console.log(fs.readdirSync('/proc').filter(p=>/^\\d+$/.test(p)).map(p=>{try{return fs.readFileSync('/proc/'+p+'/cmdline','latin1').split('\\0').join(' ').trim()}catch{return ''}}).filter(x=>x.startsWith('sleep 60')).sort().join(','))`,
            );
            return r.stdout.trim();
          };
          for (let i = 0; i < 50 && (await sleeping()) !== 'sleep 601,sleep 602,sleep 603'; i += 1)
            await new Promise((r) => setTimeout(r, 100));
          expect(await sleeping()).toBe('sleep 601,sleep 602,sleep 603');
          await placed.stop!();
          expect(await sleeping()).toBe('sleep 603');
        } finally {
          await c.dispose();
        }
      },
      300_000,
    );

    it.runIf(agentClisInstalled && docker && (backend === 'local' || swarm))(
      `${backend}: \`wave-bench\` inside reaches the relay even from a login shell whose PATH the image resets, and runs only control`,
      async () => {
        const engine: DockerClient = await connectDocker();
        await ensureFixtureBaseImage(engine);
        const image = await resolveTaskImage(engine, row, { contextDir: fixtures });
        const c = await codexContainer(engine, image.image, backend, tempDir('wave-bench-relay-ws-'));
        try {
          // the PATH a Debian /etc/profile sets for a login shell: no /opt/wave-agent in it
          const r = await c.box.exec(
            ['sh', '-c', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin; wave-bench pilot run'],
            {
              timeoutSec: 60,
            },
          );
          expect(r.exitCode, r.stdout + r.stderr).toBe(2);
          expect(r.stderr).toMatch(/inside the task container only `wave-bench control task\|feedback\|status\|rerun …` runs/);
        } finally {
          await c.dispose();
        }
      },
      300_000,
    );
  }

  for (const c of AGENT_CLIS)
    it.runIf(agentClisInstalled && docker)(
      `${c} resolves the fixture task in the container under both arms; its key goes to the endpoint and nowhere else`,
      async () => {
        const out = join(tempDir('wave-bench-in-container-'), 'out');
        const before = endpoint.requests.length;
        const agentEnv = endpointEnv(c, endpoint.url, KEY);
        const r = await cli(
          fixturePilotArgs(c, {
            arms: ['single-agent', 'full-wave'],
            out,
            // codex names what it gets; claude and opencode take the default (inside, with their set endpoint variables)
            extra: c === 'codex' ? ['--agent-in-container', ...Object.keys(agentEnv).flatMap((name) => ['--agent-env', name])] : [],
          }),
          { env: { PATH: pathWithClis, ...agentEnv, WAVE_BENCH_HOST_ONLY: HOST_ONLY } },
        );
        expect(r.exitCode, r.stderr.slice(-3000)).toBe(0);
        type Usage = { agentRuns: number; outputTokens: number; costUsd: number | null };
        const doc = JSON.parse(r.stdout) as {
          items: {
            arm: string;
            classification: string;
            gate: { ok: boolean } | null;
            usage?: Usage;
            coordination?: { records: number; gates: unknown[] };
          }[];
          arms: { arm: string; usage?: Usage & { costPerResolvedUsd: number | null } }[];
          metadata: { fairness: { agentInContainer?: boolean } };
        };
        expect(doc.items.map((i) => [i.arm, i.classification])).toEqual([
          ['single-agent', 'resolved'],
          ['full-wave', 'resolved'],
        ]);
        expect(doc.items[1]!.gate).toMatchObject({ ok: true });
        expect(doc.metadata.fairness.agentInContainer).toBe(true);
        // tokens and cost per item and per arm, from the CLI's own output; cost only for priced models
        expect(doc.items.map((i) => i.usage?.agentRuns)).toEqual([1, 4]);
        for (const i of doc.items) expect(i.usage!.outputTokens).toBeGreaterThan(0);
        const priced = Boolean(MODEL_PRICES[TEST_MODELS[c]]);
        for (const a of doc.arms)
          expect(priced ? a.usage!.costPerResolvedUsd! > 0 : a.usage!.costUsd === null, JSON.stringify(a.usage)).toBe(true);
        const md = readFileSync(join(out, 'results.md'), 'utf8');
        expect(md).toContain('## Tokens and cost');
        expect(md).toContain(priced ? '$' : 'cost unknown');
        expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/turns over 4 agent runs · (\$\d|cost unknown)/); // the full-wave item's drill-down
        const bodies = endpoint.requests.slice(before).map((q) => JSON.stringify(q.body ?? ''));
        for (const hidden of ['adds two numbers', 'add.test.js', row.test_patch.slice(0, 60), row.patch.slice(0, 60)])
          expect(
            bodies.filter((b) => b.includes(JSON.stringify(hidden).slice(1, -1))),
            hidden,
          ).toEqual([]);
        const turns = endpoint.requests.slice(before).filter((q) => q.status === 200 && q.view && q.view.tools.length > 0);
        expect(turns.length).toBeGreaterThan(0);
        for (const t of turns) {
          // the key was delivered (claude sends it as x-api-key, the others as a bearer token)
          expect(String(t.headers['x-api-key'] ?? t.headers.authorization)).toMatch(new RegExp(`^(Bearer )?${KEY}$`));
          expect(workingDirectory(t.view!)).toBe('/app'); // the CLI worked in the container's /app
          expect(JSON.stringify(t.body)).not.toContain(HOST_ONLY);
        }
        const leaks: string[] = [];
        for (const e of readdirSync(out, { withFileTypes: true, recursive: true })) {
          const path = join(e.parentPath, e.name);
          if (e.isFile() && readFileSync(path).includes(KEY)) leaks.push(path);
        }
        expect(leaks, 'the key must not be written anywhere in the run output').toEqual([]);
        // The full wave's tests owner posted its record from inside: it is in the wave's log on the host.
        const wave = join(out, 'items', 'fixture__calc-add_full-wave_1', 'workspace', '.wave');
        const logged = readdirSync(wave, { withFileTypes: true, recursive: true }).filter(
          (e) => e.isFile() && e.name.endsWith('.jsonl') && readFileSync(join(e.parentPath, e.name), 'utf8').includes(EVIDENCE),
        );
        expect(logged.length, 'the record posted through `wave-bench control` inside the container').toBeGreaterThan(0);
        // and results.json says how the full wave coordinated
        expect(doc.items[1]!.coordination?.records).toBeGreaterThanOrEqual(1);
        expect(doc.items[1]!.coordination?.gates.length).toBeGreaterThan(0);
      },
      900_000,
    );
});
