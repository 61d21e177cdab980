import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs everywhere with Node alone; `browser` drives Debian's
// chromium through playwright-core and is started by scripts/test.sh after it has
// made sure the browser exists.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
