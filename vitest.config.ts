import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['scripts/auto-sync/**/*.test.ts'],
    // Tests spawn real git processes and servers; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['scripts/auto-sync/test/global-setup.ts'],
  },
});
