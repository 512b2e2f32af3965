// A task in SWE-bench Pro's exact shape (test/fixtures/swe-bench-pro/real-shaped, made by
// scripts/make-real-shaped-fixture.mjs) through a real engine with no BuildKit and no registry: the
// base image is built from base_dockerfile and the instance image FROM it (heredocs translated);
// verification follows the official protocol with the task's run_script.sh (which fetches
// dependencies over the network, starts the service the tests need and rewrites ids) and parser.py.
// Gold resolves; empty runs the tests and fails; a patch that breaks the service is tests-not-run,
// infrastructure without calibration and the patch's fault with it; --block-network makes the
// network-needing run script not run the tests (infrastructure); --dry-run builds nothing.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { loadRunScripts } from '../../harness/load/run-scripts.js';
import { runPilotItem, type PilotAgent, type PilotItemSettings } from '../../harness/run/pilot-item.js';
import { provenEnvironments, quarantine, runPilot } from '../../harness/run/pilot.js';
import { OfflineNetworkPool } from '../../harness/sandboxes/docker/offline-network.js';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { runToCompletion } from '../../harness/sandboxes/docker/container.js';
import { connectDocker, verificationNetwork } from '../../harness/sandboxes/docker/engine.js';
import { resolveTaskImage } from '../../harness/sandboxes/docker/task-image.js';
import { cli, repo } from '../helpers/cli.js';
import { dockerAvailable, leftoverContainers } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const dir = join(repo, 'test', 'fixtures', 'swe-bench-pro', 'real-shaped');
const dataset = join(dir, 'tasks.jsonl');
const [row] = loadDataset(dataset).rows;
const scripts = loadRunScripts(join(dir, 'run_scripts'), [row!]);
const breaksSetup = readFileSync(join(dir, 'patches', 'breaks-setup.diff'), 'utf8');
const F2P = 'test/kv.js | KV store test/kv/keys.js::Key methods should return null if key does not exist';
const runId = `test-real-${process.pid}-${Date.now().toString(36)}`;
let docker: Docker;
// Whether this engine can give verification a network (CI engines started with --bridge=none cannot).
const network = available ? await verificationNetwork(await connectDocker(), false) : { mode: 'none' as const, reason: 'no engine' };
const bridge = network.mode === 'bridge';

const settings = (extra: Partial<PilotItemSettings> = {}): PilotItemSettings => ({
  docker,
  outDir: tempDir(),
  runId,
  images: { contextDir: dir, pull: false },
  verifyTimeoutSec: 90,
  runScripts: scripts,
  verifyNetwork: network.mode,
  ...extra,
});
const run = (agent: PilotAgent, extra: Partial<PilotItemSettings> = {}) => runPilotItem(row!, agent, 1, settings(extra));

describe.runIf(available)('a real-shaped SWE-bench Pro task in Docker', () => {
  beforeAll(async () => {
    docker = await connectDocker();
    await ensureFixtureBaseImage(docker);
  }, 180_000);

  it('builds the base image from base_dockerfile, then the instance image FROM it, with the heredoc scripts in place', async () => {
    const image = await resolveTaskImage(docker, row!, { contextDir: dir, pull: false });
    expect(image.source).toBe('built');
    expect(image.base).toMatchObject({ from: 'base_wave-bench__kvstore' });
    expect(image.base!.image).toMatch(/^wave-bench\/base:base_wave-bench__kvstore-[0-9a-f]{12}$/);
    // The instance image is built on exactly that base.
    const inspected = await docker.getImage(image.digest).inspect();
    const baseInspected = await docker.getImage(image.base!.digest).inspect();
    expect(inspected.RootFS.Layers!.slice(0, baseInspected.RootFS.Layers!.length)).toEqual(baseInspected.RootFS.Layers);
    const done = await runToCompletion(
      docker,
      { image: image.image, labels: { 'wave-bench.run': runId } },
      {
        cmd: [
          'sh',
          '-c',
          'mkdir /tmp/out && cp /preprocess.sh /build.sh /tmp/out/ && git -C /app rev-parse HEAD > /tmp/out/head && { ls -A /.wave-bench-heredoc 2>&1 || true; } > /tmp/out/heredoc',
        ],
        files: {},
        collect: '/tmp/out',
        deadlineSec: 60,
      },
    );
    expect(done.exitCode).toBe(0);
    expect(done.files['preprocess.sh']).toBe(
      `#!/bin/bash\n\ncd /app\n\ngit reset -q --hard ${row!.base_commit}\ngit clean -fdx\ngit checkout -q ${row!.base_commit}\n\n\ncd /\n\n`,
    );
    expect(done.files['build.sh']).toContain('node -e "require(\'./src/kv.js\')" && echo "client loads"');
    expect(done.files.head!.trim()).toBe(row!.base_commit);
    // The translation's script files are gone from the image's tree.
    // (The folder itself goes too where the image has rmdir; this fixture base has none.)
    expect(done.files.heredoc).not.toMatch(/\d+\.sh/);
    // Cached by content: a second resolve builds nothing new.
    expect((await resolveTaskImage(docker, row!, { contextDir: dir, pull: false })).digest).toBe(image.digest);
  }, 300_000);

  it('gold resolves under the official protocol, with the network policy recorded', async () => {
    const result = await run({ kind: 'gold' });
    expect(result.verifyNetwork).toBe(network.mode);
    if (network.mode === 'bridge') {
      expect(result, result.detail).toMatchObject({
        classification: 'resolved',
        resolved: true,
        verifier: `run_script.sh ${scripts.get(row!.instance_id)!.sha256.slice(0, 12)}`,
      });
      expect(result.tests.failToPass).toEqual({ [F2P]: 'PASSED' });
    } else {
      // An engine without a bridge network cannot give the run script its network: not the patch's fault.
      expect(result).toMatchObject({ classification: 'tests-not-run', infra: true });
    }
  }, 300_000);

  it.runIf(bridge)(
    'calibration: the empty patch runs the tests, fails fail_to_pass and passes pass_to_pass; the environment is proven',
    async () => {
      const gold = await run({ kind: 'gold' });
      const empty = await run({ kind: 'empty' });
      expect(empty, empty.detail).toMatchObject({ classification: 'empty-patch' });
      expect(empty.tests.failToPass).toEqual({ [F2P]: 'FAILED' });
      expect(Object.values(empty.tests.passToPass)).toEqual(['PASSED', 'PASSED', 'PASSED']);
      const q = quarantine([gold, empty]);
      expect(q).toEqual([]);
      expect([...provenEnvironments([gold, empty], q)]).toEqual([[row!.instance_id, gold.image!.digest]]);
    },
    300_000,
  );

  it.runIf(bridge)(
    "a patch that breaks the service the tests need is tests-not-run: infrastructure without calibration, the patch's fault with it",
    async () => {
      const agent: PilotAgent = { kind: 'patch', name: 'breaks-setup', patch: breaksSetup };
      const unproven = await run(agent);
      expect(unproven).toMatchObject({ classification: 'tests-not-run', infra: true, resolved: false, environmentProven: false });
      expect(unproven.detail).toContain('error: the kv service did not start');
      expect(unproven.detail).toContain(F2P);
      const proven = await run(agent, { provenEnvironments: new Map([[row!.instance_id, unproven.image!.digest]]) });
      expect(proven).toMatchObject({ classification: 'tests-not-run', infra: false, environmentProven: true });
      expect(proven.detail).toMatch(/calibration showed this environment runs its tests/);
      // Proof on another image proves nothing about this one.
      const otherImage = await run(agent, { provenEnvironments: new Map([[row!.instance_id, 'sha256:0000']]) });
      expect(otherImage).toMatchObject({ classification: 'tests-not-run', infra: true, environmentProven: false });
    },
    300_000,
  );

  it.runIf(bridge)(
    'a run reuses namespaces on the bridge for verification (one at a time), and removes them at the end',
    async () => {
      const bridgeNetworks = new OfflineNetworkPool(docker, { 'wave-bench.run': runId }, 'bridge');
      try {
        const items = await runPilot({
          ...settings(),
          bridgeNetworks,
          rows: [row!],
          agents: [{ kind: 'gold' }, { kind: 'empty' }],
          epochs: 1,
          concurrency: 1,
          resume: false,
          retryInfra: 0,
        });
        expect(items.map((i) => i.classification)).toEqual(['resolved', 'empty-patch']);
        expect(bridgeNetworks.size).toBe(1);
      } finally {
        await bridgeNetworks.dispose();
      }
      // runPilot's own pools (offline, and bridge when it made one) are gone with the run.
      await runPilot({ ...settings(), rows: [row!], agents: [{ kind: 'gold' }], epochs: 1, concurrency: 1, resume: false, retryInfra: 0 });
      expect(await leftoverContainers(`wave-bench.run=${runId}`)).toEqual([]);
    },
    300_000,
  );

  it('--block-network: the run script cannot fetch its dependencies, so no test runs: tests-not-run (infrastructure), policy recorded', async () => {
    const result = await run({ kind: 'gold' }, { verifyNetwork: 'none' });
    expect(result).toMatchObject({ classification: 'tests-not-run', infra: true, verifyNetwork: 'none' });
    expect(result.detail).toContain('ENETUNREACH');
    expect(await leftoverContainers(`wave-bench.run=${runId}`)).toEqual([]);
  }, 300_000);

  it.runIf(bridge)(
    "through the CLI: calibrate proves the environment; a run given that calibration blames an agent whose patch breaks the tests' service, one without it does not",
    async () => {
      const calib = tempDir();
      const scriptsDir = join(dir, 'run_scripts');
      const c = await cli(['pilot', 'calibrate', '--dataset', dataset, '--run-scripts', scriptsDir, '--no-pull', '--out', calib]);
      expect(c.exitCode, c.stderr).toBe(0);
      const calibrated = JSON.parse(readFileSync(join(calib, 'results.json'), 'utf8')) as {
        quarantined: unknown[];
        metadata: { fairness: { verifyNetwork: { mode: string } } };
      };
      expect(calibrated.quarantined).toEqual([]);
      expect(calibrated.metadata.fairness.verifyNetwork.mode).toBe('bridge');
      const agent = [
        '--arm',
        'single-agent',
        '--executor',
        'command',
        '--command',
        `git apply ${join(dir, 'patches', 'breaks-setup.diff')}`,
        '--no-pull',
        '--timeout-verify',
        '90',
        '--json',
      ];
      const item = (stdout: string) =>
        (JSON.parse(stdout) as { items: { classification: string; infra: boolean; environmentProven: boolean }[] }).items[0];
      const proven = await cli([
        'pilot',
        'run',
        '--dataset',
        dataset,
        '--run-scripts',
        scriptsDir,
        '--calibration',
        calib,
        '--out',
        tempDir(),
        ...agent,
      ]);
      expect(proven.exitCode, proven.stderr).toBe(0);
      expect(item(proven.stdout)).toMatchObject({ classification: 'tests-not-run', infra: false, environmentProven: true });
      const unproven = await cli(['pilot', 'run', '--dataset', dataset, '--run-scripts', scriptsDir, '--out', tempDir(), ...agent]);
      expect(item(unproven.stdout)).toMatchObject({ classification: 'tests-not-run', infra: true, environmentProven: false });
    },
    400_000,
  );

  it('without --run-scripts a SWE-bench Pro row is refused (exit 2, naming the fix) unless --builtin-verifier is given', async () => {
    const r = await cli(['pilot', 'calibrate', '--dataset', dataset, '--agent', 'gold', '--no-pull', '--out', tempDir()]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('need their own run scripts');
    expect(r.stderr).toContain('--run-scripts <SWE-bench_Pro-os>/run_scripts');
  }, 60_000);

  it('--dry-run plans the two builds and builds, pulls and loads nothing', async () => {
    // A variant whose base has never been built (its Dockerfile differs by a comment: a new cache key).
    const variant = { ...JSON.parse(readFileSync(dataset, 'utf8')), base_dockerfile: `# dry-run test ${runId}\n${row!.base_dockerfile}` };
    const work = tempDir();
    const file = join(work, 'tasks.jsonl');
    writeFileSync(file, JSON.stringify(variant) + '\n');
    const before = (await docker.listImages()).map((i) => i.Id);
    const r = await cli([
      'pilot',
      'run',
      '--dataset',
      file,
      '--context-dir',
      dir,
      '--run-scripts',
      join(dir, 'run_scripts'),
      '--arm',
      'single-agent',
      '--executor',
      'command',
      '--command',
      'true',
      '--dry-run',
    ]);
    expect(r.exitCode, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as {
      dryRun: boolean;
      verifyNetwork: { mode: string };
      images: { action: string; detail: string; digest: string | null }[];
    };
    expect(plan.dryRun).toBe(true);
    expect(plan.images[0]).toMatchObject({ action: 'build', digest: null });
    const baseTag = /would build the base (\S+) \(for FROM base_wave-bench__kvstore\)/.exec(plan.images[0]!.detail)?.[1];
    expect(baseTag).toMatch(/^wave-bench\/base:/);
    await expect(docker.getImage(baseTag!).inspect()).rejects.toThrow();
    // No image appeared that this plan would have made (other engineers' images may come and go on a shared engine).
    const blocked = await cli([
      'pilot',
      'run',
      '--dataset',
      file,
      '--context-dir',
      dir,
      '--run-scripts',
      join(dir, 'run_scripts'),
      '--arm',
      'single-agent',
      '--executor',
      'command',
      '--command',
      'true',
      '--block-network',
      '--dry-run',
    ]);
    expect(JSON.parse(blocked.stdout).verifyNetwork).toEqual({ mode: 'none', reason: 'blocked (--block-network)' });
    const created = (await docker.listImages()).filter(
      (i) =>
        !before.includes(i.Id) &&
        (i.RepoTags ?? []).some((t) => t.startsWith('wave-bench/base:base_wave-bench__kvstore') || t.includes('kvstore')),
    );
    expect(created).toEqual([]);
  }, 120_000);
});
