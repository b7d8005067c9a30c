import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** The seed every fast-check property runs from in CI (test-support/fast-check-seed.ts reads it). */
const fastCheck = { seed: 20_261_202 };

export default defineConfig({
  resolve: {
    // Tests run against the TypeScript sources of the workspace packages, never a stale build.
    alias: {
      '@heaplab/core': source('./packages/core/src/index.ts'),
      '@heaplab/analysis': source('./packages/analysis/src/index.ts'),
      '@heaplab/replay': source('./packages/replay/src/index.ts'),
      '@heaplab/workloads': source('./packages/workloads/src/index.ts'),
      '@heaplab/record': source('./packages/record/src/index.ts'),
    },
  },
  test: {
    // Both cores of the CI machine (vitest's default is one fewer than the cores).
    maxWorkers: 2,
    // Test files in one worker share loaded modules: importing the packages anew for each of the
    // 64 files cost about a minute of CPU. No test mocks a module or changes process state.
    isolate: false,
    // Two workers on two cores slow each test down; no test may fail for that alone. A test
    // that needs longer says so itself.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A CLI a test spawns writes a progress line after 10 s without a terminal; on a slow machine
    // that would land in a stderr the test expects empty.
    env: { HEAPLAB_FC_DEFAULT_SEED: String(fastCheck.seed), HEAPLAB_PROGRESS: 'off' },
    setupFiles: ['./test-support/fast-check-seed.ts'],
    // The CLI's bundle (what bin/heaplab.js runs), rebuilt when a source is newer.
    globalSetup: ['./test-support/cli-bundle.ts'],
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'benchmarks/test/**/*.test.ts', 'recorder/*/test/**/*.test.ts'],
  },
});
