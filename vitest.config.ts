import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Slow end-to-end suites (*.e2e.test.ts) run in CI (CI=true) or when TOPICLENS_E2E=1.
const e2e = process.env.CI === 'true' || process.env.TOPICLENS_E2E === '1';

export default defineConfig({
  // The example plugin imports topiclens by its package name (as it does when installed on its
  // own); in this checkout that name means the sources.
  resolve: {
    alias: [
      { find: /^topiclens$/, replacement: fileURLToPath(new URL('./index.ts', import.meta.url)) },
      { find: /^topiclens\/core$/, replacement: fileURLToPath(new URL('./core/index.ts', import.meta.url)) },
      { find: /^topiclens\/testing$/, replacement: fileURLToPath(new URL('./testing.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'plugins/**/*.test.ts', 'core/**/*.test.ts', 'examples/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(e2e ? [] : ['**/*.e2e.test.ts'])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // What importing @tensorflow/tfjs used to register (cpu backend, gradients, chained methods),
    // for the tests that use tf before any backend selection.
    setupFiles: ['./core/tensor/tfjs-registrations.ts'],
  },
});
