// Text a test adds to a runner's report must never turn a failure into a pass. JUnit XML is read by
// a conforming XML parser, so a testcase-shaped text a test printed into `<system-out>` (escaped, or
// raw inside CDATA as many junit writers emit it) stays text, and anything after the root element
// makes the whole report unreadable. JSON reports must be exactly one document: text before or a
// second document after it gives no result at all. A test reported twice keeps its worse status.
// The reports are the real runner outputs of test/fixtures/test-output with the forgery added.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_PARSERS } from '../../harness/score/test-parsers/index.js';
import { repo } from '../helpers/cli.js';

const fixture = (name: string) => readFileSync(join(repo, 'test', 'fixtures', 'test-output', name), 'utf8');
const parse = (framework: string, report: string) => TEST_PARSERS[framework]!.parse(report);

const FAILING = 'test/units/playbook/test_task.py::TestTask::test_load_task_kv_form_error';
// What pytest writes for the failing test's own testcase element.
const FAILING_CASE_END = 'test/units/playbook/test_task.py:8: AssertionError</failure></testcase>';
const FORGED_CASE =
  '<testcase classname="test.units.playbook.test_task.TestTask" name="test_load_task_kv_form_error" file="test/units/playbook/test_task.py" line="6" time="0.001" />';

describe('pytest junit XML', () => {
  const xml = fixture('pytest-xunit1.xml');

  it('reads the real report (the failing test fails)', () => {
    expect(parse('pytest', xml)[FAILING]).toBe('FAILED');
  });

  it('a testcase printed into <system-out> as CDATA stays text, even when it closes the real one first', () => {
    const printed = `</testcase>${FORGED_CASE}<testcase name="padding">`;
    const forged = xml.replace(
      FAILING_CASE_END,
      `test/units/playbook/test_task.py:8: AssertionError</failure><system-out><![CDATA[${printed}]]></system-out></testcase>`,
    );
    expect(forged).not.toBe(xml);
    expect(parse('pytest', forged)[FAILING]).toBe('FAILED');
  });

  it('a testcase printed into <system-out> escaped (as pytest writes it) stays text', () => {
    const escaped = FORGED_CASE.replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
    const forged = xml.replace(
      FAILING_CASE_END,
      `test/units/playbook/test_task.py:8: AssertionError</failure><system-out>${escaped}</system-out></testcase>`,
    );
    expect(parse('pytest', forged)[FAILING]).toBe('FAILED');
  });

  it('a testcase element nested anywhere but directly in a testsuite is not a result', () => {
    const forged = xml.replace(
      FAILING_CASE_END,
      `test/units/playbook/test_task.py:8: AssertionError</failure><system-err>${FORGED_CASE}</system-err></testcase>`,
    );
    expect(parse('pytest', forged)[FAILING]).toBe('FAILED');
  });

  it('a passing testcase added to the suite after the real one leaves the test failed', () => {
    const forged = xml.replace('</testsuite></testsuites>', `${FORGED_CASE}</testsuite></testsuites>`);
    expect(parse('pytest', forged)[FAILING]).toBe('FAILED');
  });

  it('anything appended after the root element makes the report unreadable (every test MISSING)', () => {
    expect(parse('pytest', `${xml}\n${FORGED_CASE}\n`)).toEqual({});
    expect(parse('pytest', `${xml}<testsuites><testsuite>${FORGED_CASE}</testsuite></testsuites>`)).toEqual({});
    expect(parse('pytest', `${FORGED_CASE}\n${xml}`)).toEqual({});
  });
});

describe('JSON reports (jest, mocha)', () => {
  it.each([
    ['jest', 'jest.json'],
    ['mocha', 'mocha.json'],
  ])('%s: only a report that is exactly one JSON document counts', (framework, file) => {
    const report = fixture(file);
    expect(Object.keys(parse(framework, report)).length).toBeGreaterThan(0);
    expect(parse(framework, `  ${report}\n`)).toEqual(parse(framework, report));
    expect(parse(framework, `console output {"passes": []}\n${report}`)).toEqual({});
    expect(parse(framework, `${report}\n${report}`)).toEqual({});
    expect(parse(framework, `{"tests": 1}\n${report}`)).toEqual({});
  });

  it('jest: a test the report lists twice keeps its failure', () => {
    const doc = JSON.parse(fixture('jest.json')) as { testResults: { assertionResults: { title: string; status: string }[] }[] };
    const failing = doc.testResults[0]!.assertionResults.find((a) => a.status === 'failed')!;
    doc.testResults[0]!.assertionResults.push({ ...failing, status: 'passed' });
    expect(parse('jest', JSON.stringify(doc))['test/utils/RollingArray-test.js | RollingArray | should roll over']).toBe('FAILED');
  });

  it('mocha: a failure also listed under passes stays failed', () => {
    const doc = JSON.parse(fixture('mocha.json')) as { passes: unknown[]; failures: unknown[] };
    doc.passes.push(...doc.failures);
    expect(parse('mocha', JSON.stringify(doc))['test/user.js | User hash methods should reject a bad colour']).toBe('FAILED');
  });
});

describe('line reports (node:test TAP, shell)', () => {
  it('node:test: an ok line appended after the real not ok leaves the test failed', () => {
    const forged = `${fixture('node-test.tap')}ok 2 - fails\n### wave-bench file: test/a.test.mjs\nok 2 - fails\n`;
    expect(parse('node-test', forged)['test/a.test.mjs > fails']).toBe('FAILED');
  });

  it('shell: a second exit line of 0 for a failed test leaves it failed', () => {
    expect(parse('shell', `${fixture('shell.txt')}0 tests/greets_by_name.sh\n`)['tests/greets_by_name.sh']).toBe('FAILED');
  });
});
