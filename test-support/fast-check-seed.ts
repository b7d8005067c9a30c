/**
 * Every fast-check property runs from one fixed seed, so CI never fails at random; a failure
 * prints that seed and the command that replays it. `HEAPLAB_FC_SEED=<n>` runs from another
 * seed (for a longer look on a desk), and that seed is printed the same way.
 */
import { relative } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';

const DEFAULT_SEED = 20_261_202;
const seed = process.env.HEAPLAB_FC_SEED === undefined ? DEFAULT_SEED : Number(process.env.HEAPLAB_FC_SEED);
if (!Number.isSafeInteger(seed)) throw new Error(`HEAPLAB_FC_SEED: expected a whole number, got '${process.env.HEAPLAB_FC_SEED}'`);

fc.configureGlobal({
  seed,
  reporter(details) {
    if (!details.failed) return;
    const { testPath, currentTestName } = expect.getState();
    const file = testPath === undefined ? '<test file>' : relative(process.cwd(), testPath);
    const test = currentTestName?.split(' > ').at(-1) ?? '';
    const replay = `HEAPLAB_FC_SEED=${seed} npx vitest run ${file} -t ${JSON.stringify(test)}`;
    throw new Error(`${fc.defaultReportMessage(details)}\n\nReplay it with:\n  ${replay}`);
  },
});
