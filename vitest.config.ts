import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// In CI (and wherever CI=true) the verbose reporter prints every test as it finishes, so a slow file
// shows progress instead of silence until it ends; GitHub Actions also gets inline annotations.
const ci = Boolean(process.env.CI);
const reporters = ci ? ['verbose', ...(process.env.GITHUB_ACTIONS === 'true' ? ['github-actions'] : [])] : ['default'];

// At least two files at once: vitest's default (cores - 1) runs one at a time on CI's 2 cores, while
// most long files wait on Docker, child processes or timers rather than the CPU. Every file keeps
// to its own temp dirs, run ids, image tags and labels, so files running together never meet.
const MAX_WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Most tests start the real CLI; beside another file on a loaded 2-core machine 60 s was too close.
    testTimeout: 180_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: MAX_WORKERS,
    reporters,
  },
});
