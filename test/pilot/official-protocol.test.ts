// SWE-bench Pro's own verification protocol, step by step: only the last line of
// before_repo_set_cmd (the test staging checkout) runs, after the patch; test_patch is left to it;
// the entry script exports every `ENV` line of both Dockerfiles before the run script runs.
import { join } from 'node:path';
import type Docker from 'dockerode';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { runPilotItem } from '../../harness/run/pilot-item.js';
import { dockerfileEnvExports, officialTestStaging } from '../../harness/run/pilot-verify.js';
import { testsScript, verificationScript } from '../../harness/run/verify-script.js';
import { ensureFixtureBaseImage } from '../../harness/sandboxes/docker/base-image.js';
import { connectDocker } from '../../harness/sandboxes/docker/engine.js';
import { resolveTaskImage } from '../../harness/sandboxes/docker/task-image.js';
import { repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const realShaped = loadDataset(join(repo, 'test', 'fixtures', 'swe-bench-pro', 'real-shaped', 'tasks.jsonl')).rows[0]!;
const elementWeb = loadDataset(join(repo, 'test', 'fixtures', 'swe-bench-pro', 'element-web-row.jsonl')).rows[0]!;
const fixtures = join(repo, 'pilots', 'fixtures');
const calcAdd = loadDataset(join(fixtures, 'tasks.jsonl')).rows.find((r) => r.instance_id === 'fixture__calc-add')!;

describe("the official protocol's pieces", () => {
  it('the environment: every line of both Dockerfiles starting with ENV, in order, as export', () => {
    expect(dockerfileEnvExports(realShaped)).toEqual([
      `export KV_CONFIG='{ "host": "127.0.0.1", "port": 6390 }'`,
      'export KV_PORT=6390',
      'export NODE_ENV=test',
      'export KV_TIMEOUT_MS=2000',
    ]);
  });

  it('test staging: only the last line of before_repo_set_cmd, when it checks test files out of another commit', () => {
    expect(officialTestStaging(elementWeb)).toEqual([
      'git checkout ec0f940ef0e8e3b61078f145f34dc40d1938e6c5 -- test/utils/FixedRollingArray-test.ts',
    ]);
    expect(officialTestStaging(realShaped)).toEqual([realShaped.before_repo_set_cmd.split('\n').at(-1)]);
    // A row whose last line only resets (the project's own fixtures) stages nothing: test_patch is applied instead.
    expect(officialTestStaging(calcAdd)).toEqual([]);
    expect(officialTestStaging({ base_commit: 'abc1234', before_repo_set_cmd: 'git checkout def5678 -- a.js\ngit status' })).toEqual([]);
  });
});

describe('the verification script follows the protocol it is given', () => {
  const script = (row: typeof realShaped, runScripts: boolean) =>
    verificationScript({ row, modelPatch: 'diff --git a/x b/x\n', timeoutSec: 60, runScripts }, '/tmp/r', '/tmp/i');

  it("with run scripts: reset and checkout the base (no clean), the patch, then only the row's last line; no test_patch", () => {
    const text = script(realShaped, true);
    const staging = realShaped.before_repo_set_cmd.split('\n').at(-1)!;
    expect(text).toContain(`git reset -q --hard ${realShaped.base_commit} && git checkout -q ${realShaped.base_commit} ||`);
    expect(text).not.toContain('git clean');
    expect(text).not.toContain('-test.patch');
    expect(text.indexOf('-model.patch')).toBeLessThan(text.indexOf(staging));
    expect(text).not.toContain('git clean -fd ||');
    expect(text).toMatch(/timeout -s KILL 60 bash \/tmp\/i-tests\.sh/);
    const tests = testsScript('mocha', realShaped.selected_test_files_to_run, {
      file: '/tmp/i-run_script.sh',
      exports: dockerfileEnvExports(realShaped),
    });
    // The exports come after root has resolved the runners it calls (an exported PATH cannot change them) and before the run script.
    const lines = tests.split('\n');
    const first = lines.indexOf(dockerfileEnvExports(realShaped)[0]!);
    expect(lines.slice(first, first + 4)).toEqual(dockerfileEnvExports(realShaped));
    expect(lines.findIndex((l) => l.startsWith('export WB_NODE'))).toBeLessThan(first);
    expect(lines.findIndex((l) => l.includes("i-run_script.sh 'test/kv.js,test/kv/keys.js'"))).toBeGreaterThan(first);
  });

  it('with run scripts on a row that stages no tests (the fixtures): test_patch over restored test files', () => {
    const text = script(calcAdd, true);
    expect(text).toContain('git apply --whitespace=nowarn /tmp/i-test.patch');
  });

  it('the built-in verifier keeps its own protocol: clean, restore, test_patch, every staging line', () => {
    const text = script(elementWeb, false);
    expect(text).toContain('git clean -qfd');
    expect(text).toContain('git apply --whitespace=nowarn /tmp/i-test.patch');
    expect(text).toContain('git checkout ec0f940ef0e8e3b61078f145f34dc40d1938e6c5 -- test/utils/FixedRollingArray-test.ts');
  });
});

describe.runIf(available)('the official protocol in Docker', () => {
  let docker: Docker;
  beforeAll(async () => {
    docker = await connectDocker();
    await ensureFixtureBaseImage(docker);
  }, 120_000);

  it("the run script sees the Dockerfiles' ENV even when the image lacks it (as the official entry script exports it)", async () => {
    // The image is the fixture's own (no such ENV in it); the row's Dockerfile text names one.
    const { image } = await resolveTaskImage(docker, calcAdd, { contextDir: fixtures });
    const row = {
      ...calcAdd,
      instance_id: 'fixture__env-export',
      instance_dockerfile: `${calcAdd.instance_dockerfile}ENV WB_EXPORTED="from the dockerfile"\n`,
      fail_to_pass: ['env: from the dockerfile'],
      pass_to_pass: [],
    };
    const runScript = '#!/bin/bash\necho "ENV:${WB_EXPORTED:-unset}"\n';
    const parser =
      'import json, sys\nout = open(sys.argv[1]).read()\nvalue = out.split("ENV:", 1)[1].strip()\njson.dump({"tests": [{"name": "env: " + value, "status": "PASSED"}]}, open(sys.argv[3], "w"))\n';
    const result = await runPilotItem(row, { kind: 'gold' }, 1, {
      docker,
      outDir: tempDir(),
      runId: `test-official-${process.pid}`,
      images: { imageMap: { 'fixture__env-export': image } },
      verifyTimeoutSec: 30,
      runScripts: new Map([['fixture__env-export', { runScript, parser, sha256: 'test' }]]),
    });
    expect(result, result.detail).toMatchObject({ classification: 'resolved' });
  }, 120_000);
});
