/**
 * Every fast-check property runs from one fixed seed (vitest.config.ts names it), so CI never
 * fails at random; a failure prints that seed and the command that replays it.
 * `HEAPLAB_FC_SEED=<n>` runs from another seed (for a longer look on a desk), and that seed is
 * printed the same way; `HEAPLAB_FC_RUNS=<k>` runs every property k times as often
 * (fast-check-runs.ts; `pnpm test:fuzz` sets both).
 */
import { relative } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { FC_RUNS_FACTOR, fcRuns } from './fast-check-runs.js';

const chosen = process.env.HEAPLAB_FC_SEED ?? process.env.HEAPLAB_FC_DEFAULT_SEED;
const seed = Number(chosen);
if (chosen === undefined || !Number.isSafeInteger(seed)) throw new Error(`HEAPLAB_FC_SEED: expected a whole number, got '${chosen}'`);

fc.configureGlobal({
  seed,
  // fast-check's default, for a property whose test names no number of runs.
  numRuns: fcRuns(100),
  // The failure itself in the report, beside the counterexample.
  includeErrorInReport: true,
  reporter(details) {
    if (!details.failed) return;
    const { testPath, currentTestName } = expect.getState();
    const file = testPath === undefined ? '<test file>' : relative(process.cwd(), testPath);
    const test = currentTestName?.split(' > ').at(-1) ?? '';
    const runs = FC_RUNS_FACTOR === 1 ? '' : `HEAPLAB_FC_RUNS=${FC_RUNS_FACTOR} `;
    const replay = `HEAPLAB_FC_SEED=${seed} ${runs}npx vitest run ${file} -t ${JSON.stringify(test)}`;
    throw new Error(`${fc.defaultReportMessage(details)}\n\nReplay it with:\n  ${replay}`);
  },
});
