import { defineConfig } from 'vitest/config';

// vitest requires a default export here.
// eslint-disable-next-line no-restricted-syntax
export default defineConfig({
  test: {
    include: ['**/*.test.ts', '**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**', 'bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests open real SQLite files, servers and ports: forks keep native modules isolated.
    pool: 'forks',
  },
});
