import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // Each file gets its own database cloned from a template, so files run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: { PULSE_NOW: '2026-11-23', LOG_LEVEL: 'silent', NODE_ENV: 'test' },
  },
});
