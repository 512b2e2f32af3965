// A SWE-bench Pro row in its real shape (test/fixtures/swe-bench-pro/): the loader reads its
// Python-literal lists, the jest parser's ids are exactly the row's fail_to_pass strings, its test
// staging is told apart from setup, and without its image (no registry here) the run plans and
// classifies it as an infrastructure failure naming the image it tried; without its run scripts it is
// refused unless the built-in verifier is asked for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset } from '../../harness/load/pilot-inputs.js';
import { frameworkOf } from '../../harness/run/pilot-verify.js';
import { splitBeforeRepoSetCmd } from '../../harness/sandboxes/git.js';
import { TEST_PARSERS } from '../../harness/score/test-parsers/index.js';
import { cli, repo } from '../helpers/cli.js';
import { dockerAvailable } from '../helpers/docker.js';
import { tempDir } from '../helpers/tmp.js';

const available = await dockerAvailable();
const dataset = join(repo, 'test', 'fixtures', 'swe-bench-pro', 'element-web-row.jsonl');
const [row] = loadDataset(dataset).rows;
const image = `jefzda/sweap-images:${row!.dockerhub_tag}`;

describe('a real SWE-bench Pro row', () => {
  it('loads, with its list fields read from Python literals', () => {
    expect(row!.fail_to_pass).toHaveLength(3);
    expect(row!.selected_test_files_to_run).toEqual(['test/utils/FixedRollingArray-test.ts']);
    expect(frameworkOf(row!)).toBe('jest');
  });

  it('the jest parser names tests exactly as the row does', () => {
    // jest --json for that file, in the shape of the recorded report in test/fixtures/test-output/jest.json.
    const titles = row!.fail_to_pass.map((id) => id.split(' | ').at(-1)!);
    const report = JSON.stringify({
      testResults: [
        {
          name: `/app/${row!.selected_test_files_to_run[0]}`,
          status: 'passed',
          assertionResults: titles.map((title) => ({
            ancestorTitles: ['FixedRollingArray'],
            title,
            fullName: `FixedRollingArray ${title}`,
            status: 'passed',
          })),
        },
      ],
    });
    expect(Object.keys(TEST_PARSERS.jest!.parse(report))).toEqual(row!.fail_to_pass);
  });

  it('its before_repo_set_cmd ends in test staging from the fix commit', () => {
    const { setup, testStaging } = splitBeforeRepoSetCmd(row!.before_repo_set_cmd, row!.base_commit);
    expect(setup).toHaveLength(3);
    expect(testStaging).toEqual([`git checkout ec0f940ef0e8e3b61078f145f34dc40d1938e6c5 -- ${row!.selected_test_files_to_run[0]}`]);
  });
});

describe.runIf(available)('a real SWE-bench Pro row without its image', () => {
  it('is refused without its run scripts (exit 2, naming the fix); with --builtin-verifier --dry-run plans the pull it would try, and tries nothing', async () => {
    // (the agent on the host: this is about the verifier, and no model endpoint is set here)
    const args = [
      'pilot',
      'run',
      '--dataset',
      dataset,
      '--arm',
      'single-agent',
      '--executor',
      'claude',
      '--no-agent-in-container',
      '--dry-run',
    ];
    const refused = await cli(args);
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr).toMatch(/need their own run scripts[\s\S]*--builtin-verifier/);
    const r = await cli([...args, '--builtin-verifier']);
    expect(r.exitCode, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { images: { instanceId: string; image: string; action: string; verifier: string }[] };
    expect(plan.images[0]).toMatchObject({ instanceId: row!.instance_id, verifier: 'framework jest', image, action: 'pull' });
  }, 60_000);

  it('calibration classifies it image-unavailable: an infrastructure failure, out of the infra-adjusted rate', async () => {
    const out = tempDir();
    const r = await cli(['pilot', 'calibrate', '--dataset', dataset, '--agent', 'gold', '--no-pull', '--builtin-verifier', '--out', out]);
    expect(r.exitCode, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
      items: { classification: string; infra: boolean; detail: string }[];
      arms: { strictRate: number; infraFailures: number }[];
    };
    expect(results.items[0]).toMatchObject({ classification: 'image-unavailable', infra: true });
    expect(results.items[0]!.detail).toContain(`${image} is not local (pulling is off)`);
    expect(results.arms[0]).toMatchObject({ strictRate: 0, infraFailures: 1 });
  }, 60_000);
});
