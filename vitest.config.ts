import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['scripts/auto-sync/**/*.test.ts'],
    // Tests spawn real git processes and servers; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two at once even on 2 cores (vitest's default there is one): most of a test's time is spent
    // waiting on git and child processes. Measured: the whole suite 307 s instead of 503 s.
    maxWorkers: 2,
    globalSetup: ['scripts/auto-sync/test/global-setup.ts'],
  },
});
