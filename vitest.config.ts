import { defineConfig } from 'vitest/config';

// In CI (and wherever CI=true) the verbose reporter prints every test as it finishes, so a slow file
// shows progress instead of silence until it ends; GitHub Actions also gets inline annotations.
const ci = Boolean(process.env.CI);
// CI also writes every file's start and end to .cache/test-times.json: `node scripts/test-times.mjs`
// prints where the time went, file by file.
const reporters = ci ? ['verbose', 'json', ...(process.env.GITHUB_ACTIONS === 'true' ? ['github-actions'] : [])] : ['default'];

// Files that hold the Docker engine, the real agent CLIs, Chromium or whole native-suite runs: they
// carry real time budgets (an agent's minutes, a verifier's seconds) that a second busy file pushed
// past their limit on CI's 2 cores, so they run one at a time, after the others.
const SERIAL = [
  'test/agents/**/*.test.ts',
  'test/swarm/**/*.test.ts',
  'test/pilot/**/*.test.ts',
  'test/suite/**/*.test.ts',
  'test/executors/model-faults-*.test.ts',
  'test/executors/real-clis-*.test.ts',
  'test/report/html-report-in-chromium.test.ts',
  'test/report/no-regression-*.test.ts',
  'test/hostile/build-context-*.test.ts',
  'test/hostile/control-relay-*.test.ts',
  'test/hostile/pilot-resume-*.test.ts',
  'test/cli/doctor-*.test.ts',
];

export default defineConfig({
  test: {
    // Most tests start the real CLI; on a loaded 2-core machine 60 s was too close.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters,
    outputFile: { json: '.cache/test-times.json' },
    projects: [
      // Everything else (real processes, files and the CLI, no engine): two files at a time.
      {
        extends: true,
        test: { name: 'local', include: ['test/**/*.test.ts'], exclude: SERIAL, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'engine', include: SERIAL, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
