import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of the workspace packages, never a stale build.
    alias: {
      '@heaplab/core': source('./packages/core/src/index.ts'),
      '@heaplab/replay': source('./packages/replay/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'benchmarks/test/**/*.test.ts', 'recorder/*/test/**/*.test.ts'],
  },
});
