/**
 * How many times each fast-check property runs. CI runs each as often as its test says;
 * `HEAPLAB_FC_RUNS=<k>` (`pnpm test:fuzz` sets it) runs every property k times as often, and
 * gives the tests of properties k times as long.
 */

const given = process.env.HEAPLAB_FC_RUNS ?? '1';
const factor = Number(given);
if (!/^\d+$/.test(given) || !Number.isSafeInteger(factor) || factor < 1) throw new Error(`HEAPLAB_FC_RUNS: expected a whole number ≥ 1, got '${given}'`);

/** How many times the properties run as often as CI runs them (HEAPLAB_FC_RUNS; 1 unless set). */
export const FC_RUNS_FACTOR = factor;

/** The runs of a property whose test asks for `n` in CI. */
export function fcRuns(n: number): number {
  return n * factor;
}

/** The time limit of a test of properties that needs `ms` in CI. */
export function fcTimeout(ms: number): number {
  return ms * factor;
}
