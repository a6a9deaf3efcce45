import { defineConfig } from 'vitest/config';

const integration = (engine: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: `integration:${engine}`,
    include: ['test/integration/**/*.test.ts'],
    env: { TEST_DATABASE: engine },
    globalSetup: ['test/helpers/global-setup.ts'],
    setupFiles: ['test/helpers/hang-watchdog.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.test-output/vitest.json' },
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      integration('pglite'),
      integration('postgres'),
    ],
  },
});
