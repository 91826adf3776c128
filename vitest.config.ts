import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // the kernel and e2e tiers create network namespaces; they run one file at a time
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { NO_COLOR: '1', FORCE_COLOR: '0' },
    // fixed fast-check seed, so a property test that passes once passes every time
    setupFiles: ['test/support/fixed-seed.ts'],
  },
});
