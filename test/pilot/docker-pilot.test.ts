// The whole SWE-bench Pro path against a real Docker engine on the self-built fixture tasks:
// gold resolves, empty is empty-patch, a wrong patch is incorrect-patch, a broken patch is
// patch-apply-failed, a hanging test killed before any test reported is tests-not-run, a missing image is image-unavailable, printed
// PASSED lines cannot resolve a task, a scripted full wave that splits the fix between two owners
// resolves and records its gate snapshot, host secrets never enter a container, and nothing is left
// behind. Required in CI; skipped on a laptop without an engine.
import { join } from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadArms } from '../../harness/load/arms.js';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { runPilotItem, type PilotAgent } from '../../harness/run/pilot-item.js';
import { quarantine } from '../../harness/run/pilot.js';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { resolveTaskImage } from '../../harness/sandboxes/docker/task-image.js';
import { runToCompletion, TaskContainer } from '../../harness/sandboxes/docker/container.js';
import { connectDocker } from '../../harness/sandboxes/docker/engine.js';
import { OfflineNetworkPool } from '../../harness/sandboxes/docker/offline-network.js';
import type { DatasetRow } from '../../harness/schema/pilot.js';
import { parseScriptedPolicy, type ScriptedPolicy } from '../../orchestrator/index.js';
import { repo } from '../helpers/cli.js';
import { dockerAvailable, leftoverContainers } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const fixtures = join(repo, 'pilots', 'fixtures');
const rows = loadDataset(join(fixtures, 'tasks.jsonl')).rows;
const row = (id: string) => rows.find((r) => r.instance_id === `fixture__${id}`)!;
const runId = `test-${process.pid}-${Date.now().toString(36)}`;
let docker: Docker;

const settings = () => ({ docker, outDir: tempDir(), runId, images: { contextDir: fixtures }, verifyTimeoutSec: 8 });
const run = (r: DatasetRow, agent: PilotAgent) => runPilotItem(r, agent, 1, settings());

describe.runIf(available)('SWE-bench Pro path in Docker (fixtures)', () => {
  beforeAll(async () => {
    docker = await connectDocker();
    await ensureFixtureBaseImage(docker);
  }, 120_000);

  it.each(rows.map((r) => [r.instance_id]))('gold resolves %s', async (id) => {
    const result = await run(rows.find((r) => r.instance_id === id)!, { kind: 'gold' });
    expect(result, result.detail).toMatchObject({ resolved: true, classification: 'resolved' });
    expect(result.image?.digest).toMatch(/^sha256:/);
  });

  it('the empty patch is empty-patch, and the base really fails its tests', async () => {
    const result = await run(row('calc-add'), { kind: 'empty' });
    expect(result.classification).toBe('empty-patch');
    expect(result.tests.failToPass).toEqual({ 'test/add.test.js > adds two numbers': 'FAILED' });
  });

  it('a wrong patch is incorrect-patch (a trustworthy model failure)', async () => {
    const wrong = row('calc-add').patch.replace('+  return a + b;', '+  return a * b;');
    const result = await run(row('calc-add'), { kind: 'patch', name: 'wrong', patch: wrong });
    expect(result).toMatchObject({ classification: 'incorrect-patch', infra: false, resolved: false });
    expect(result.tests.passToPass).toEqual({ 'test/double.test.js > doubles a number': 'PASSED' });
  });

  it('a patch that does not apply is patch-apply-failed', async () => {
    const broken = row('calc-add').patch.replace('-  return a - b;', '-  return a / b;');
    expect((await run(row('calc-add'), { kind: 'patch', name: 'broken', patch: broken })).classification).toBe('patch-apply-failed');
  });

  it('a hanging test killed before any selected test reported is tests-not-run: infrastructure unless calibration proved the environment; its container is removed', async () => {
    const noop = row('sleeper-timeout').patch.replace(
      '+  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));',
      '+  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setInterval(() => {}, 500)));',
    );
    const result = await run(row('sleeper-timeout'), { kind: 'patch', name: 'noop', patch: noop });
    expect(result).toMatchObject({ classification: 'tests-not-run', infra: true });
    const proven = await runPilotItem(row('sleeper-timeout'), { kind: 'patch', name: 'noop', patch: noop }, 1, {
      ...settings(),
      provenEnvironments: new Map([['fixture__sleeper-timeout', result.image!.digest]]),
    });
    expect(proven).toMatchObject({ classification: 'tests-not-run', infra: false, environmentProven: true });
    // Calibration: the base hangs where gold ran the same test to the end — the base's bug, not a broken environment.
    const gold = await run(row('sleeper-timeout'), { kind: 'gold' });
    const empty = await run(row('sleeper-timeout'), { kind: 'empty' });
    expect(empty).toMatchObject({ classification: 'tests-not-run', tests: { exitCode: null } });
    expect(quarantine([gold, empty])).toEqual([]);
    expect(await leftoverContainers(`wave-bench.run=${runId}`)).toEqual([]);
  }, 120_000);

  it('a missing image is image-unavailable, an infrastructure failure', async () => {
    const broken = { ...row('calc-add'), instance_id: 'fixture__no-image', base_dockerfile: 'FROM wave-bench/does-not-exist:1\n' };
    expect(await run(broken, { kind: 'gold' })).toMatchObject({ classification: 'image-unavailable', infra: true, resolved: false });
  });

  it('an image that is neither local nor pullable is image-unavailable, and the error says what was tried', async () => {
    const sweap = {
      ...row('calc-add'),
      instance_id: 'fixture__sweap-only',
      dockerhub_tag: 'wave-bench-no-such-task',
      base_dockerfile: '',
      instance_dockerfile: '',
    };
    // No registry answers here, so the pull fails (fast) and there is nothing to build from.
    await expect(resolveTaskImage(docker, sweap)).rejects.toThrow(
      /pulling jefzda\/sweap-images:wave-bench-no-such-task failed: .+; no image map entry and no dockerfiles/,
    );
    await expect(resolveTaskImage(docker, sweap, { pull: false })).rejects.toThrow(
      /jefzda\/sweap-images:wave-bench-no-such-task is not local \(pulling is off\)/,
    );
    await expect(
      resolveTaskImage(docker, sweap, { imageMap: { 'fixture__sweap-only': 'wave-bench/mapped-but-missing:1' } }),
    ).rejects.toThrow(/mapped image wave-bench\/mapped-but-missing:1 is not present locally and pulling it failed/);
    expect(await run(sweap, { kind: 'gold' })).toMatchObject({ classification: 'image-unavailable', infra: true });
  }, 60_000);

  it('a built task image is re-keyed when its base image changes, so a stale build is never reused', async () => {
    const base = `wave-bench/test-base-${process.pid}`;
    const fixtureBase = await docker.getImage('wave-bench/fixture-base:latest').inspect();
    await docker.getImage(fixtureBase.Id).tag({ repo: base, tag: 'latest' });
    const custom = {
      ...row('calc-add'),
      instance_id: `fixture__rebase-${process.pid}`,
      base_dockerfile: `FROM ${base}:latest\n`,
      instance_dockerfile: 'LABEL wave-bench.test=rebase\n',
    };
    const built: string[] = [];
    try {
      const first = await resolveTaskImage(docker, custom, { contextDir: fixtures });
      built.push(first.image);
      expect((await resolveTaskImage(docker, custom, { contextDir: fixtures })).image).toBe(first.image);
      // Point the base tag at a different image (the built task image itself): a new key, a new build.
      await docker.getImage(first.digest).tag({ repo: base, tag: 'latest' });
      const second = await resolveTaskImage(docker, custom, { contextDir: fixtures });
      built.unshift(second.image);
      expect(second.image).not.toBe(first.image);
    } finally {
      for (const ref of [...built, `${base}:latest`])
        await docker
          .getImage(ref)
          .remove({ force: true })
          .catch(() => undefined);
    }
  }, 120_000);

  it('a command run in a task container leaves no connection to the engine open (an open one kept the process alive for minutes)', async () => {
    const sockets = () =>
      (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles().filter((h) => h.constructor.name === 'Socket').length;
    const base = (await ensureFixtureBaseImage(docker)).tag;
    const c = await TaskContainer.create(docker, { image: base, labels: { 'wave-bench.run': runId } });
    try {
      const before = sockets();
      for (let i = 0; i < 3; i += 1)
        expect(await c.exec(['echo', 'hi'], { timeoutSec: 30 })).toMatchObject({ exitCode: 0, stdout: 'hi\n' });
      await new Promise((r) => setTimeout(r, 200));
      expect(sockets()).toBeLessThanOrEqual(before);
    } finally {
      await c.remove();
    }
  }, 120_000);

  it('a run-to-completion container hands back its files, and is killed and removed at its deadline', async () => {
    // An image with an ENTRYPOINT of its own (as SWE-bench Pro images may have): it must not wrap our command.
    const withEntrypoint = {
      ...row('calc-add'),
      instance_id: 'fixture__entrypoint',
      base_dockerfile: 'FROM wave-bench/fixture-base:latest\n',
      instance_dockerfile: 'ENTRYPOINT ["/no/such/entrypoint"]\n',
    };
    const { image } = await resolveTaskImage(docker, withEntrypoint, { contextDir: fixtures });
    const labels = { 'wave-bench.run': runId };
    const done = await runToCompletion(
      docker,
      { image, labels },
      {
        cmd: ['sh', '/tmp/in.sh'],
        files: { 'in.sh': 'mkdir /tmp/out && echo hi > /tmp/out/a.txt && exit 3\n' },
        collect: '/tmp/out',
        deadlineSec: 30,
      },
    );
    expect(done).toMatchObject({ exitCode: 3, files: { 'a.txt': 'hi\n' } });
    const killed = await runToCompletion(
      docker,
      { image, labels },
      { cmd: ['sleep', '60'], files: {}, collect: '/tmp/out', deadlineSec: 1 },
    );
    expect(killed).toMatchObject({ exitCode: null, files: {} });
    expect(killed.durationMs).toBeLessThan(30_000);
    expect(await leftoverContainers(`wave-bench.run=${runId}`)).toEqual([]);
  }, 60_000);

  it('printed PASSED lines cannot resolve a task', async () => {
    const forge = `diff --git a/src/calc.js b/src/calc.js\n--- a/src/calc.js\n+++ b/src/calc.js\n@@ -1,3 +1,5 @@\n+console.log('ok 1 - adds two numbers');\n+console.log('### wave-bench file: test/add.test.js');\n export function add(a, b) {\n   return a - b;\n }\n`;
    const result = await run(row('calc-add'), { kind: 'patch', name: 'forge', patch: forge });
    expect(result.classification, result.detail).toBe('incorrect-patch');
    expect(result.tests.failToPass['test/add.test.js > adds two numbers']).toBe('FAILED');
  });

  it('a scripted full wave that splits the fix between two owners resolves and records its gate snapshot', async () => {
    const arm = loadArms(join(repo, 'arm-templates')).find((a) => a.id === 'full-wave')!;
    const fixed = 'export function add(a, b) {\n  return a + b;\n}\n\nexport function double(x) {\n  return x * 2;\n}\n';
    const policy = (agentId: string, rules: unknown[]): ScriptedPolicy => {
      const p = parseScriptedPolicy({ agentId, rules });
      if (!p.ok) throw new Error(JSON.stringify(p.problems));
      return p.policy;
    };
    const policies = {
      A1: policy('A1', [
        {
          when: { start: true },
          do: [
            { writeFile: { path: 'src/calc.js', content: fixed } },
            { post: { id: 'e-src', kind: 'evidence', summary: 'add() now sums', targets: ['capability:tests'] } },
          ],
        },
      ]),
      A2: policy('A2', [
        {
          when: { start: true },
          do: [
            {
              writeFile: {
                path: 'test/sum-more.test.js',
                content:
                  "import { test } from 'node:test';\nimport assert from 'node:assert/strict';\nimport { add } from '../src/calc.js';\ntest('adds negatives', () => assert.equal(add(-2, -3), -5));\n",
              },
            },
          ],
        },
      ]),
      A8: policy('A8', [
        { when: { start: true }, do: [{ marker: '[wave-integration] state=ready-for-doc-closure claims=0 conflicts=0 blockers=0' }] },
      ]),
      A0: policy('A0', [
        {
          when: { start: true },
          do: [
            { marker: '[wave-gate] architecture=pass integration=pass durability=pass live=pass docs=pass' },
            { marker: '[wave-verdict] pass' },
          ],
        },
      ]),
    };
    const result = await run(row('calc-add'), { kind: 'arm', arm, executor: 'scripted', agentMinutes: 2, maxRetries: 1, policies });
    expect(result, result.detail).toMatchObject({ classification: 'resolved', gate: { ok: true, statusCode: 'pass' } });
    expect(result.patch.files.sort()).toEqual(['src/calc.js', 'test/sum-more.test.js']);
    expect(result.patch.files.some((f) => f.startsWith('.wave'))).toBe(false);
  }, 120_000);

  it('host secrets never enter a container, and the network is off by default', async () => {
    process.env.WAVE_BENCH_TEST_SECRET = 'host-secret-value';
    const c = await TaskContainer.create(docker, { image: 'wave-bench/fixture-base:latest', labels: { 'wave-bench.run': runId } });
    try {
      const env = await c.exec(['env'], { timeoutSec: 10 });
      expect(env.stdout).not.toContain('host-secret-value');
      const inspect = await c.container.inspect();
      expect(inspect.HostConfig.NetworkMode).toBe('none');
      expect(inspect.HostConfig.PidsLimit).toBeGreaterThan(0);
    } finally {
      await c.remove();
      delete process.env.WAVE_BENCH_TEST_SECRET;
    }
  });

  it('pooled offline networks: only loopback inside, one container per namespace at a time, holders removed at the end', async () => {
    const poolRun = `${runId}-pool`;
    const pool = new OfflineNetworkPool(docker, { 'wave-bench.run': poolRun });
    const image = 'wave-bench/fixture-base:latest';
    try {
      const [a, b] = await Promise.all([
        TaskContainer.create(docker, { image, offlineNetworks: pool }),
        TaskContainer.create(docker, { image, offlineNetworks: pool }),
      ]);
      // Two containers in flight never share a namespace.
      const [modeA, modeB] = await Promise.all([a!.container.inspect(), b!.container.inspect()]).then((x) =>
        x.map((i) => i.HostConfig.NetworkMode),
      );
      expect(modeA).toMatch(/^container:/);
      expect(modeB).toMatch(/^container:/);
      expect(modeA).not.toBe(modeB);
      const interfaces = await a!.exec(['ls', '/sys/class/net'], { timeoutSec: 10 });
      expect(interfaces.stdout.split(/\s+/).filter(Boolean)).toEqual(['lo']);
      await Promise.all([a!.remove(), b!.remove()]);
      // A freed namespace is lent again instead of making a new one.
      const c = await TaskContainer.create(docker, { image, offlineNetworks: pool });
      expect([modeA, modeB]).toContain((await c.container.inspect()).HostConfig.NetworkMode);
      await c.remove();
      expect(pool.size).toBe(2);
    } finally {
      await pool.dispose();
    }
    expect(await leftoverContainers(`wave-bench.run=${poolRun}`)).toEqual([]);
  }, 60_000);

  it('hidden task fields (patch, tests, test ids) reach no prompt, wave file or agent-visible file', async () => {
    const SENTINEL = 'SENTINEL-7f3c-HIDDEN';
    const base = row('calc-add');
    const hidden = {
      ...base,
      instance_id: 'fixture__calc-add',
      patch: `${base.patch}+// ${SENTINEL}\n`,
      test_patch: base.test_patch.replace("test('adds two numbers'", `// ${SENTINEL}\ntest('adds two numbers'`),
      pass_to_pass: [...base.pass_to_pass, `${SENTINEL} > test`],
    };
    const arm = loadArms(join(repo, 'arm-templates')).find((a) => a.id === 'single-agent')!;
    const p = parseScriptedPolicy({
      agentId: 'A1',
      rules: [
        {
          when: { start: true },
          do: [
            { writeFile: { path: 'src/calc.js', content: 'export const add = (a, b) => a + b;\nexport const double = (x) => x * 2;\n' } },
          ],
        },
      ],
    });
    if (!p.ok) throw new Error('policy');
    const result = await run(hidden, {
      kind: 'arm',
      arm,
      executor: 'scripted',
      agentMinutes: 2,
      maxRetries: 0,
      policies: { A1: p.policy },
    });
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const seen: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const full = join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (readFileSync(full).includes(SENTINEL)) seen.push(full);
      }
    };
    walk(join(result.artifacts.dir, 'workspace'));
    expect(seen).toEqual([]);
    expect(readFileSync(join(result.artifacts.dir, 'workspace', '.wave-task', 'wave-1.md'), 'utf8')).toContain(base.problem_statement);
  }, 60_000);

  it('tests the row stages from a future commit are run at verification but never reach the agent, nor does the history holding them', async () => {
    const SENTINEL = 'SENTINEL-future-test-31d9';
    const base = row('calc-add');
    const future = `import { test } from 'node:test';\n// ${SENTINEL}\ntest('future behaviour', () => {});\n`;
    // The image's history holds a later commit (branch wave-bench-fix) with a new test file, as SWE-bench Pro images do.
    const commit = 'GIT_AUTHOR_NAME=f GIT_AUTHOR_EMAIL=f@f GIT_COMMITTER_NAME=f GIT_COMMITTER_EMAIL=f@f git commit -qm fix';
    const staged = {
      ...base,
      instance_dockerfile: `${base.instance_dockerfile.trim()}\nRUN printf '${future.replace(/\n/g, '\\n').replace(/'/g, "'\\''")}' > test/future.test.js && git add -A && ${commit} && git branch wave-bench-fix && git reset -q --hard HEAD~1\n`,
      before_repo_set_cmd: `${base.before_repo_set_cmd}\ngit checkout wave-bench-fix -- test/future.test.js`,
      selected_test_files_to_run: [...base.selected_test_files_to_run, 'test/future.test.js'],
      pass_to_pass: [...base.pass_to_pass, 'test/future.test.js > future behaviour'],
    };
    const arm = loadArms(join(repo, 'arm-templates')).find((a) => a.id === 'single-agent')!;
    const p = parseScriptedPolicy({
      agentId: 'A1',
      rules: [
        {
          when: { start: true },
          do: [
            { writeFile: { path: 'src/calc.js', content: 'export const add = (a, b) => a + b;\nexport const double = (x) => x * 2;\n' } },
          ],
        },
      ],
    });
    if (!p.ok) throw new Error('policy');
    const result = await run(staged, {
      kind: 'arm',
      arm,
      executor: 'scripted',
      agentMinutes: 2,
      maxRetries: 0,
      policies: { A1: p.policy },
    });
    expect(result, result.detail).toMatchObject({ classification: 'resolved' });
    expect(result.tests.passToPass['test/future.test.js > future behaviour']).toBe('PASSED');
    const { execFileSync, spawnSync } = await import('node:child_process');
    const workspace = join(result.artifacts.dir, 'workspace');
    // The workspace is a fresh one-commit repository: no branch, object or file holds the future test.
    expect(execFileSync('git', ['log', '--all', '--format=%s'], { cwd: workspace, encoding: 'utf8' }).trim()).toBe(
      'task base (wave-bench)',
    );
    const grep = spawnSync('grep', ['-rl', SENTINEL, '.'], { cwd: workspace, encoding: 'utf8' });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1); // grep found nothing (2 would be an error)
  }, 120_000);

  it('leaves no container behind', async () => {
    expect(await leftoverContainers(`wave-bench.run=${runId}`)).toEqual([]);
  });
});
