import { defineConfig } from 'vitest/config';

// Slow end-to-end suites (*.e2e.test.ts) run in CI (CI=true) or when TOPICLENS_E2E=1.
const e2e = process.env.CI === 'true' || process.env.TOPICLENS_E2E === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'plugins/**/*.test.ts', 'core/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(e2e ? [] : ['**/*.e2e.test.ts'])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
