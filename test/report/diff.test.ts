// `report diff`: a changed arm file between two runs is named as a configuration change (not a
// behaviour change); a flipped item is a regression that --fail-on turns into exit 1.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffRuns, renderDiffMarkdown } from '../../harness/score/diff.js';
import { cli, repo } from '../helpers/cli.js';
import { item, nativeResults } from '../helpers/native-results.js';
import { tempDir } from '../helpers/tmp.js';

const CASE = ['--case', 'wave-hidden-profile-private-evidence', '--case', 'wave-silo-cross-agent-state'];

describe('report diff', () => {
  it('names a changed arm file field by field as a configuration change', async () => {
    const arms = tempDir();
    cpSync(join(repo, 'arm-templates'), arms, { recursive: true });
    const base = join(tempDir(), 'base');
    expect((await cli(['run', '--arms-dir', arms, '--out', base, ...CASE])).exitCode).toBe(0);
    const file = join(arms, 'full-wave.json');
    const arm = JSON.parse(readFileSync(file, 'utf8'));
    arm.features.retry = false;
    writeFileSync(file, JSON.stringify(arm, null, 2));
    const head = join(tempDir(), 'head');
    expect((await cli(['run', '--arms-dir', arms, '--out', head, ...CASE])).exitCode).toBe(0);
    const diff = await cli(['report', 'diff', base, head, '--json']);
    const d = JSON.parse(diff.stdout);
    expect(d.configuration.changed).toBe(true);
    expect(d.configuration.changes.map((c: { field: string }) => c.field)).toEqual(
      expect.arrayContaining(['inputHashes.arms.full-wave', 'arms.full-wave.retry']),
    );
    const md = await cli(['report', 'diff', base, head]);
    expect(md.stdout).toMatch(/## Configuration changed\n\n\| field \| base \| head \|/);
    expect(md.stdout).toContain('| arms.full-wave.retry | true | false |');
    // Without retries the full wave can no longer pool the silo facts: that is behaviour.
    expect(d.flips).toContainEqual(
      expect.objectContaining({ itemId: 'wave-silo-cross-agent-state::full-wave::1', from: 'pass', to: 'fail' }),
    );
    expect((await cli(['report', 'diff', base, head, '--fail-on', 'regression'])).exitCode).toBe(1);
  }, 240_000); // two CLI runs of two cases: 24 s at load 9, over 60 s at load 19

  it('identical runs: no configuration change, no behaviour change, exit 0 even with --fail-on any-flip', async () => {
    const a = join(tempDir(), 'a');
    const b = join(tempDir(), 'b');
    expect((await cli(['run', '--out', a, ...CASE])).exitCode).toBe(0);
    expect((await cli(['run', '--out', b, ...CASE])).exitCode).toBe(0);
    const diff = await cli(['report', 'diff', a, b, '--json', '--fail-on', 'any-flip']);
    expect(diff.exitCode).toBe(0);
    const d = JSON.parse(diff.stdout);
    expect(d).toMatchObject({
      configuration: { changed: false, changes: [] },
      behaviourChanged: false,
      regression: false,
      flips: [],
      added: [],
      removed: [],
    });
  }, 240_000); // two CLI runs of two cases: 19 s at load 9, over 60 s at load 19
});

describe('report diff statistics', () => {
  it('clusters epochs within their case: 5 cases flipping in 2 identical epochs give p = 0.0625, not 0.002', () => {
    const live = { ms: 0, attempts: 1, records: 0 };
    const run = (passed: boolean) =>
      nativeResults(
        ['a', 'b', 'c', 'd', 'e'].flatMap((c) => [1, 2].map((e) => item(c, 'full-wave', passed, live, e))),
        { baselines: ['full-wave'] },
      );
    const d = diffRuns(run(true), run(false));
    expect(d.arms).toEqual([
      expect.objectContaining({
        arm: 'full-wave',
        pairs: 10,
        distinctCases: 5,
        meanDelta: -100,
        mcnemar: { passedOnlyInBase: 5, passedOnlyInHead: 0, pValue: 0.0625 },
        confidentRegression: true,
      }),
    ]);
    expect(d.flips).toHaveLength(10);
    expect(renderDiffMarkdown(d)).toContain('| full-wave | 5 (10) | -100 | [-100, -100] | 5 / 0 (0.0625) | confident regression |');
  });
});
