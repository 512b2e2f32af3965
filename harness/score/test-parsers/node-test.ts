// node:test, from the TAP the runner prints with `--test-reporter=tap`, one run per test file, each
// preceded by a `### wave-bench file: <path>` line the verifier writes.
// Test ids are `<file> > <test name>` for top-level tests. Console output of tests never reaches
// the report as a result line (the runner turns it into `#` comments), and a test reported twice
// keeps its worse status (record.ts).
import { recordStatus } from './record.js';
import type { TestParser, TestStatus } from './types.js';

const FILE_MARK = '### wave-bench file: ';

export function nodeTestParser(repoRoot = '/app'): TestParser {
  return {
    framework: 'node-test',
    parse(report) {
      const out: Record<string, TestStatus> = {};
      let file = '';
      for (const line of report.split('\n')) {
        if (line.startsWith(FILE_MARK)) {
          file = line.slice(FILE_MARK.length).trim().replace(`${repoRoot}/`, '');
          continue;
        }
        const m = /^(not ok|ok) \d+ - (.*?)(?: # (SKIP|TODO).*)?$/.exec(line);
        // Results count only inside a TAP file the verifier labelled.
        if (!m || !file) continue;
        const status: TestStatus = m[3] ? 'SKIPPED' : m[1] === 'ok' ? 'PASSED' : 'FAILED';
        recordStatus(out, `${file} > ${m[2]}`, status);
      }
      return out;
    },
  };
}
