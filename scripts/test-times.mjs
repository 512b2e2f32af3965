#!/usr/bin/env node
// Where the test suite's time went: reads the JSON report vitest writes in CI (.cache/test-times.json,
// or the file named) and prints each file's wall time, slowest first, and when it started.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.cache/test-times.json';
if (!existsSync(file)) {
  process.stderr.write(`test-times: ${file} does not exist; run the tests with CI=true (e.g. CI=true npm test) to write it\n`);
  process.exit(2);
}
const report = JSON.parse(readFileSync(file, 'utf8'));
const files = report.testResults.map((r) => ({
  // The path from the checkout's test/ folder on, wherever the report was written.
  name: r.name.slice(Math.max(0, r.name.lastIndexOf('/test/') + 1)),
  start: r.startTime,
  end: r.endTime,
  tests: r.assertionResults.length,
}));
const first = Math.min(...files.map((f) => f.start));
const last = Math.max(...files.map((f) => f.end));
const s = (ms) => (ms / 1000).toFixed(1).padStart(7);
const lines = [
  `${files.length} files, ${report.numTotalTests} tests, ${s(last - first).trim()} s from the first file's start to the last file's end`,
  `${'wall s'.padStart(7)} ${'from s'.padStart(7)} tests  file`,
  ...files
    .sort((a, b) => b.end - b.start - (a.end - a.start))
    .map((f) => `${s(f.end - f.start)} ${s(f.start - first)} ${String(f.tests).padStart(5)}  ${f.name}`),
];
// A reader that stops early (| head) is not an error.
process.stdout.on('error', (error) => process.exit(error.code === 'EPIPE' ? 0 : 1));
process.stdout.write(`${lines.join('\n')}\n`);
