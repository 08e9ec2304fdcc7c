import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Real kustomize, registries and kpt run as child processes; two cores is the budget.
    pool: 'forks',
    maxWorkers: 2,
  },
});
