// The test-output parser contract (SPEC 3.5 step 5), run against every registered parser on a
// report in its framework's format: statuses are read from the runner's structured report, and
// text a test printed (a fake "PASSED" / "ok" / "--- PASS" line) never counts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_PARSERS } from '../../harness/score/test-parsers/index.js';
import { repo } from '../helpers/cli.js';

const fixture = (name: string) => readFileSync(join(repo, 'test', 'fixtures', 'test-output', name), 'utf8');

const EXPECTED: Record<string, { file: string; statuses: Record<string, string> }> = {
  'node-test': { file: 'node-test.tap', statuses: { 'test/a.test.mjs > adds two numbers': 'PASSED', 'test/a.test.mjs > fails': 'FAILED' } },
  shell: { file: 'shell.txt', statuses: { 'tests/prints_hello.sh': 'PASSED', 'tests/greets_by_name.sh': 'FAILED' } },
  'go-test': { file: 'go-test.jsonl', statuses: { TestAdd: 'FAILED', TestDouble: 'PASSED', TestSlow: 'SKIPPED' } },
  jest: { file: 'jest.json', statuses: { 'test/calc.test.js > calc adds': 'FAILED', 'test/calc.test.js > calc doubles': 'PASSED', 'test/calc.test.js > calc later': 'SKIPPED' } },
  pytest: { file: 'pytest-junit.xml', statuses: { 'tests/test_calc.py::test_add': 'FAILED', 'tests/test_calc.py::test_double': 'PASSED', 'tests/test_calc.py::test_skip': 'SKIPPED', 'tests/test_calc.py::test_boom': 'ERROR' } },
};

describe('test-output parser registry', () => {
  it('covers node:test, shell, go test, jest and pytest', () => {
    expect(Object.keys(TEST_PARSERS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(Object.keys(EXPECTED))('%s', (framework) => {
    it('reads exactly the statuses of its report, ignoring printed lookalikes', () => {
      const { file, statuses } = EXPECTED[framework]!;
      expect(TEST_PARSERS[framework]!.parse(fixture(file))).toEqual(statuses);
    });

    it('gives nothing for output that is not its report', () => {
      expect(TEST_PARSERS[framework]!.parse(framework === 'jest' ? '{}' : 'PASSED everything\nok 1 - all\n--- PASS: TestAdd\n')).toEqual({});
    });
  });
});
