// Parsers for frameworks with structured reports: `go test -json`, jest `--json`, mocha's JSON
// reporter and pytest's junit XML (`--junitxml`). Ids follow SWE-bench Pro's rows: `TestName` or
// `TestName/sub` (go), `<file> | <describe> | <title>` (jest), `<file> | <full title>` (mocha),
// `<file>::<Class>::<name>` (pytest). Each report must be exactly one document: text before or after
// it (a test printing into the report stream) makes the whole report unreadable, never a result.
import { SaxesParser } from 'saxes';
import { recordStatus } from './record.js';
import type { TestParser, TestStatus } from './types.js';

// `go test -json`: a test's last word decides, except that a failure is final. Before Go 1.20,
// test2json turns printed `--- PASS: X` lines into events too, so a later test printing one could
// otherwise flip a real failure back to a pass.
export const goTestParser: TestParser = {
  framework: 'go-test',
  parse(report) {
    const out: Record<string, TestStatus> = {};
    for (const line of report.split('\n')) {
      if (!line.startsWith('{')) continue;
      let e: { Action?: string; Test?: string };
      try {
        e = JSON.parse(line) as { Action?: string; Test?: string };
      } catch {
        continue;
      }
      if (!e.Test) continue;
      const status = ({ pass: 'PASSED', fail: 'FAILED', skip: 'SKIPPED' } as Record<string, TestStatus>)[e.Action ?? ''];
      if (status) recordStatus(out, e.Test, status);
    }
    return out;
  },
};

/** A report path made relative to the repository in the container (`/app`). */
const relative = (file: string) => file.replace(/^\/app\//, '');

/** The JSON document a reporter wrote, or null unless the report is exactly one JSON object. */
function jsonReport<T>(report: string): T | null {
  try {
    const doc = JSON.parse(report) as unknown;
    return doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? (doc as T) : null;
  } catch {
    return null;
  }
}

// jest `--json`: SWE-bench Pro ids are `<file> | <describe> | ... | <test title>`.
export const jestParser: TestParser = {
  framework: 'jest',
  parse(report) {
    const out: Record<string, TestStatus> = {};
    const doc = jsonReport<{
      testResults?: { name: string; assertionResults?: { ancestorTitles?: string[]; title: string; status: string }[] }[];
    }>(report);
    for (const file of doc?.testResults ?? []) {
      for (const a of file.assertionResults ?? []) {
        const id = [relative(file.name), ...(a.ancestorTitles ?? []), a.title].join(' | ');
        recordStatus(out, id, a.status === 'passed' ? 'PASSED' : a.status === 'failed' ? 'FAILED' : 'SKIPPED');
      }
    }
    return out;
  },
};

// mocha `--reporter json --reporter-option output=<file>`: ids are `<file> | <full title>` (NodeBB's
// format in SWE-bench Pro). A failed hook shows up under failures with its own title.
export const mochaParser: TestParser = {
  framework: 'mocha',
  parse(report) {
    const out: Record<string, TestStatus> = {};
    type Entry = { fullTitle: string; file?: string };
    const doc = jsonReport<{ passes?: Entry[]; failures?: Entry[]; pending?: Entry[] }>(report);
    if (!doc) return out;
    const mark = (entries: Entry[] | undefined, status: TestStatus) => {
      for (const t of entries ?? []) recordStatus(out, `${relative(t.file ?? '')} | ${t.fullTitle}`, status);
    };
    mark(doc.passes, 'PASSED');
    mark(doc.pending, 'SKIPPED');
    mark(doc.failures, 'FAILED');
    return out;
  },
};

/**
 * A pytest node id (`<file>::<Class>::<name>`) from a junit testcase. With `junit_family=xunit1`
 * (what the verifier asks for) the file is given and the classes are what follows its module in
 * `classname`; without it, trailing capitalised segments of `classname` are taken as classes.
 */
function pytestNodeId(attrs: Record<string, string>): string {
  const classname = attrs.classname ?? '';
  const name = attrs.name ?? '';
  if (attrs.file) {
    const module = attrs.file.replace(/\.py$/, '').split('/').join('.');
    const classes = classname.startsWith(`${module}.`) ? classname.slice(module.length + 1).split('.') : [];
    return [relative(attrs.file), ...classes, name].join('::');
  }
  const parts = classname.split('.');
  let split = parts.length;
  while (split > 1 && /^[A-Z]/.test(parts[split - 1]!)) split--;
  return [`${parts.slice(0, split).join('/')}.py`, ...parts.slice(split), name].join('::');
}

/**
 * The `<testcase>` elements of a junit document with the status of each, read by a conforming XML
 * parser: only testcases that are children of a `<testsuite>` count, so anything inside
 * `<system-out>` (escaped or CDATA) stays text. Null when the report is not one well-formed document.
 */
function junitTestcases(report: string): { attrs: Record<string, string>; status: TestStatus }[] | null {
  const cases: { attrs: Record<string, string>; status: TestStatus }[] = [];
  const stack: string[] = [];
  let current: { attrs: Record<string, string>; status: TestStatus } | undefined;
  let failed = false;
  const parser = new SaxesParser();
  parser.on('error', () => (failed = true));
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    if (tag.name === 'testcase' && parent === 'testsuite') {
      current = { attrs: Object.fromEntries(Object.entries(tag.attributes).map(([k, v]) => [k, String(v)])), status: 'PASSED' };
      cases.push(current);
    } else if (current && parent === 'testcase') {
      const status = ({ failure: 'FAILED', error: 'ERROR', skipped: 'SKIPPED' } as Record<string, TestStatus>)[tag.name];
      if (status && (current.status === 'PASSED' || status === 'ERROR' || (status === 'FAILED' && current.status === 'SKIPPED')))
        current.status = status;
    }
    stack.push(tag.name);
  });
  parser.on('closetag', (tag) => {
    stack.pop();
    if (tag.name === 'testcase' && stack[stack.length - 1] === 'testsuite') current = undefined;
  });
  try {
    parser.write(report).close();
  } catch {
    failed = true;
  }
  return failed ? null : cases;
}

export const pytestParser: TestParser = {
  framework: 'pytest',
  parse(report) {
    const out: Record<string, TestStatus> = {};
    for (const { attrs, status } of junitTestcases(report) ?? []) recordStatus(out, pytestNodeId(attrs), status);
    return out;
  },
};
