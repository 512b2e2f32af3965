import { defineConfig } from 'vitest/config';

// In CI (and wherever CI=true) the verbose reporter prints every test as it finishes, so a slow file
// shows progress instead of silence until it ends; GitHub Actions also gets inline annotations.
const ci = Boolean(process.env.CI);
const reporters = ci ? ['verbose', ...(process.env.GITHUB_ACTIONS === 'true' ? ['github-actions'] : [])] : ['default'];

// vitest's default worker count (cores - 1) runs one file at a time on CI's 2 cores. Two at once was
// tried: several tests carry real time budgets (an agent's minutes, a verifier's seconds) that a
// second busy file pushed past their limit, so files stay one at a time until those are cheaper.

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most tests start the real CLI; on a loaded 2-core machine 60 s was too close.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters,
  },
});
