import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Library tests import src/; the CLI tests run dist/cli.js and dist/fn.js, re-bundled here when stale.
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real kustomize, registries and kpt run as child processes; two cores is the budget.
    pool: 'forks',
    maxWorkers: 2,
  },
});
