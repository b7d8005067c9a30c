/**
 * The line both `accumulation` detectors (a trace's and the snapshots') fit through the bytes in
 * use after collections, and the test it must pass to count as a creep.
 */
import { leastSquares } from './trend.js';

/** The least share of the spread the line must explain (R²). */
const MIN_FIT = 0.5;
/** The least rise over the points, as a share of the heap. */
const MIN_RISE_SHARE = 1 / 10;

/** A line that passed: the fit, its rise from the first x to the last (bytes, rounded), and where it reaches the heap's size. */
export interface RisingLine {
  readonly slope: number;
  /** R², 0…1. */
  readonly r2: number;
  readonly riseBytes: number;
  /** The first whole x, not before the last point's, at which the line reaches `heapBytes`. */
  readonly fullAt: number;
}

/**
 * The least-squares line through (xs, ys), when it rises, explains at least half the spread
 * (R² ≥ 0.5) and rises from the first x to the last by at least a tenth of `heapBytes`; else null.
 * `xs` ascend and hold at least 2 points.
 */
export function risingLine(xs: ArrayLike<number>, ys: ArrayLike<number>, heapBytes: number): RisingLine | null {
  const line = leastSquares(xs, ys);
  const last = xs[xs.length - 1]!;
  const riseBytes = Math.round(line.slope * (last - xs[0]!));
  if (line.slope <= 0 || line.r2 < MIN_FIT || riseBytes < MIN_RISE_SHARE * heapBytes) return null;
  const fitted = line.intercept + line.slope * last;
  const fullAt = last + Math.max(0, Math.ceil((heapBytes - fitted) / line.slope));
  return { slope: line.slope, r2: line.r2, riseBytes, fullAt };
}
