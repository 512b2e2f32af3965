// The `shell` framework: every selected test file is one test, run by the verifier itself, and it
// passes when its exit code is 0. The report is the verifier's own `<exit code> <file>` lines
// written outside the test's reach, so nothing a test prints can change it.
import { recordStatus } from './record.js';
import type { TestParser, TestStatus } from './types.js';

export const shellParser: TestParser = {
  framework: 'shell',
  parse(report) {
    const out: Record<string, TestStatus> = {};
    for (const line of report.split('\n')) {
      const m = /^(\d+) (.+)$/.exec(line.trim());
      if (m) recordStatus(out, m[2]!, m[1] === '0' ? 'PASSED' : 'FAILED');
    }
    return out;
  },
};
