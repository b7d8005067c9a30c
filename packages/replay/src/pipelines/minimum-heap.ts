/**
 * What heap would have been enough: replays a trace on larger heaps (every region scaled by
 * the same factor, collections decided by the engine: see `SweepMode`) and bisects for the
 * smallest one on which no request fails.
 *
 * Fragmentation need not shrink as the heap grows, so the answer is the boundary bisection
 * finds between a failing and a passing size, both of which were replayed; it is not a proof
 * that every larger heap passes.
 */
import { replayTrace, type ReplayOptions } from './replay-trace.js';

export interface MinimumHeap {
  /** Region bytes of the device's heap, all areas. */
  readonly deviceBytes: number;
  /** Region bytes of the smallest heap found that replays with no failed request. */
  readonly bytes: number;
  /** That heap as a factor of the device's. */
  readonly scale: number;
  /** Replays run. */
  readonly replays: number;
}

/** Largest factor tried before giving up. */
const MAX_SCALE = 64;

/** Bisects for the smallest passing heap, to within `precisionBytes` (default one block an area). */
export async function minimumHeap(
  file: string,
  options: Pick<ReplayOptions, 'mpyVersion'> & { readonly precisionBytes?: number } = {},
): Promise<MinimumHeap | null> {
  let replays = 0;
  const fails = async (scale: number): Promise<{ fails: boolean; bytes: number }> => {
    replays++;
    const report = await replayTrace(file, { mpyVersion: options.mpyVersion, sweeps: 'drops', heapScale: scale });
    return { fails: report.failedRequests > 0, bytes: report.config.areas.reduce((sum, a) => sum + a.regionBytes, 0) };
  };
  const device = await fails(1);
  if (!device.fails) return { deviceBytes: device.bytes, bytes: device.bytes, scale: 1, replays };
  let lo = 1;
  let hi = 2;
  let passing = await fails(hi);
  while (passing.fails) {
    if (hi >= MAX_SCALE) return null;
    lo = hi;
    hi *= 2;
    passing = await fails(hi);
  }
  const precision = options.precisionBytes ?? 16;
  let best = { scale: hi, bytes: passing.bytes };
  while ((hi - lo) * device.bytes > precision) {
    const mid = (lo + hi) / 2;
    const result = await fails(mid);
    if (result.fails) lo = mid;
    else {
      hi = mid;
      best = { scale: mid, bytes: result.bytes };
    }
  }
  return { deviceBytes: device.bytes, bytes: best.bytes, scale: best.scale, replays };
}
