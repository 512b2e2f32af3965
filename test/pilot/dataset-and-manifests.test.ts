// SWE-bench Pro inputs (SPEC 3.5): rows in the public format (lists as arrays or Python-literal
// strings), every bad row and field reported, frozen manifests and derivative subsets.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataset, loadManifest } from '../../harness/load/pilot-inputs.js';
import { parsePythonList } from '../../harness/schema/pilot.js';
import { InputError } from '../../orchestrator/index.js';
import { repo } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('dataset rows', () => {
  it('loads the fixture rows, reading Python-literal list strings', () => {
    const { rows } = loadDataset(join(repo, 'pilots/fixtures/tasks.jsonl'));
    expect(rows).toHaveLength(4);
    expect(rows[0]!.fail_to_pass).toEqual(['test/add.test.js > adds two numbers']);
    expect((rows[0] as Record<string, unknown>).test_framework).toBe('node-test');
  });

  it('parses Python list literals with both quote styles and escapes', () => {
    expect(parsePythonList(`['a', "b's", 'c\\'d']`)).toEqual(['a', "b's", "c'd"]);
    expect(parsePythonList('[]')).toEqual([]);
    expect(parsePythonList('a, b')).toBeUndefined();
  });

  it('reports every missing or invalid field by row, and keeps unknown fields', () => {
    const dir = tempDir();
    const good = {
      instance_id: 'x__y-1',
      repo: 'x/y',
      repo_language: 'go',
      base_commit: 'abc1234',
      problem_statement: 'p',
      patch: '',
      test_patch: '',
      fail_to_pass: '[]',
      pass_to_pass: [],
      selected_test_files_to_run: [],
      extra_field: 1,
    };
    writeFileSync(
      join(dir, 'rows.jsonl'),
      [
        JSON.stringify(good),
        JSON.stringify({ ...good, instance_id: 'bad-1', base_commit: 'not a sha', fail_to_pass: 'oops' }),
        JSON.stringify({ instance_id: 'bad-2' }),
        '{not json',
        JSON.stringify(good),
      ].join('\n'),
    );
    try {
      loadDataset(join(dir, 'rows.jsonl'));
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const text = (error as InputError).issues.map((i) => `${i.where}: ${i.message}`).join('\n');
      expect(text).toMatch(/row bad-1: base_commit: expected a git commit hash/);
      expect(text).toMatch(/row bad-1: fail_to_pass: expected a list or a Python-literal list string/);
      expect(text).toMatch(/row bad-2: repo: missing required field/);
      expect(text).toMatch(/line 4: not valid JSON/);
      expect(text).toMatch(/row x__y-1: instance_id: duplicate instance_id/);
    }
    writeFileSync(join(dir, 'ok.json'), JSON.stringify([good]));
    expect((loadDataset(join(dir, 'ok.json')).rows[0] as Record<string, unknown>).extra_field).toBe(1);
  });
});

describe('manifests', () => {
  it('the frozen public pilot has 20 tasks over 10 repositories; the review subset is its first task per repository', () => {
    const pilot = loadManifest(join(repo, 'pilots/swe-bench-pro-public-pilot.json')).manifest;
    expect(pilot.tasks).toHaveLength(20);
    expect(new Set(pilot.tasks.map((t) => t.repo)).size).toBe(10);
    const review = loadManifest(join(repo, 'pilots/swe-bench-pro-public-full-wave-review-10.json')).manifest;
    expect(review).toMatchObject({ parent: 'swe-bench-pro-public-pilot', comparisonReady: false, reviewOnly: true });
    const firstPerRepo = [...new Map(pilot.tasks.map((t) => [t.repo, t] as const)).values()];
    expect(review.tasks.map((t) => t.instance_id)).toEqual(
      pilot.tasks.filter((t) => pilot.tasks.find((u) => u.repo === t.repo) === t).map((t) => t.instance_id),
    );
    expect(firstPerRepo).toHaveLength(10);
  });

  it('a derivative must name its subset rule and only select parent tasks; review-only cannot be comparison-ready', () => {
    const dir = tempDir();
    const parent = JSON.parse(JSON.stringify(loadManifest(join(repo, 'pilots/swe-bench-pro-public-pilot.json')).manifest));
    writeFileSync(join(dir, 'swe-bench-pro-public-pilot.json'), JSON.stringify(parent));
    writeFileSync(
      join(dir, 'child.json'),
      JSON.stringify({
        ...parent,
        id: 'child',
        parent: 'swe-bench-pro-public-pilot',
        reviewOnly: true,
        comparisonReady: true,
        tasks: [{ ...parent.tasks[0], instance_id: 'instance_not_in_parent' }],
      }),
    );
    expect(() => loadManifest(join(dir, 'child.json'))).toThrow(/subsetRule[\s\S]*comparisonReady|comparisonReady[\s\S]*subsetRule/);
    writeFileSync(
      join(dir, 'child.json'),
      JSON.stringify({
        ...parent,
        id: 'child',
        parent: 'swe-bench-pro-public-pilot',
        subsetRule: 'first',
        comparisonReady: false,
        tasks: [{ ...parent.tasks[0], instance_id: 'instance_not_in_parent' }],
      }),
    );
    expect(() => loadManifest(join(dir, 'child.json'))).toThrow(/instance_not_in_parent is not in the parent manifest/);
  });
});
