import { defineConfig } from 'vitest/config';

// In CI (and wherever CI=true) the verbose reporter prints every test as it finishes, so a slow file
// shows progress instead of silence until it ends; GitHub Actions also gets inline annotations.
const ci = Boolean(process.env.CI);
const reporters = ci ? ['verbose', ...(process.env.GITHUB_ACTIONS === 'true' ? ['github-actions'] : [])] : ['default'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters,
  },
});
