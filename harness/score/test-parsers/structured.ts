// Parsers for frameworks with structured reports: `go test -json`, jest/mocha `--json`, and pytest's
// junit XML (`--junitxml`). Ids: `TestName` (go), `<file> > <full name>` (jest), `<file>::<name>` (pytest).
import type { TestParser, TestStatus } from './types.js';

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
      if (e.Action === 'pass') out[e.Test] = 'PASSED';
      else if (e.Action === 'fail') out[e.Test] = 'FAILED';
      else if (e.Action === 'skip') out[e.Test] = 'SKIPPED';
    }
    return out;
  },
};

export const jestParser: TestParser = {
  framework: 'jest',
  parse(report) {
    const out: Record<string, TestStatus> = {};
    const start = report.indexOf('{');
    if (start === -1) return out;
    const doc = JSON.parse(report.slice(start)) as { testResults?: { name: string; assertionResults?: { fullName: string; status: string }[] }[] };
    for (const file of doc.testResults ?? []) {
      const rel = file.name.replace(/^\/app\//, '');
      for (const a of file.assertionResults ?? []) out[`${rel} > ${a.fullName}`] = a.status === 'passed' ? 'PASSED' : a.status === 'failed' ? 'FAILED' : 'SKIPPED';
    }
    return out;
  },
};

export const pytestParser: TestParser = {
  framework: 'pytest',
  parse(report) {
    const out: Record<string, TestStatus> = {};
    for (const m of report.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const attrs = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
      const file = attrs.file ?? `${(attrs.classname ?? '').split('.').join('/')}.py`;
      const body = m[3] ?? '';
      const status: TestStatus = /<(failure)\b/.test(body) ? 'FAILED' : /<error\b/.test(body) ? 'ERROR' : /<skipped\b/.test(body) ? 'SKIPPED' : 'PASSED';
      out[`${file}::${attrs.name}`] = status;
    }
    return out;
  },
};
