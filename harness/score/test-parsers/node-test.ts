// node:test, from the TAP files written by `--test-reporter=tap --test-reporter-destination=<file>`,
// one per test file, which the verifier concatenates under `### wave-bench file: <path>` lines.
// Test ids are `<file> > <test name>` for top-level tests. Console output of tests never reaches
// the destination file as a result line (the runner turns it into `#` comments).
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
        out[`${file} > ${m[2]}`] = status;
      }
      return out;
    },
  };
}
