/**
 * The order of a failure's causes, most explanatory first:
 * 1. a pattern that is the root cause: a growing request that has not levelled off and whose
 *    first size would still fit (the growth alone made it fail), or an accumulation whose rise
 *    is at least a quarter of the heap or that filled the heap (heap-too-small holds too); two
 *    such patterns go by their share: a growing request's rise over its last size, an
 *    accumulation's rise over the heap;
 * 2. what the heap was when the request failed: a transient peak (without it the request would
 *    fit), then heap-too-small, then pinning;
 * 3. patterns that contributed but do not explain the failure alone.
 */
import type { CauseKind } from './diagnosis.js';

const ROOT_RISE_SHARE = 1 / 4;
const STATE_ORDER: readonly CauseKind[] = ['transient-peak', 'heap-too-small', 'pinning'];

/**
 * What the ranking reads of a cause: a trace's (`Cause`) or a probe capture's. `fitsAtFirstSize`
 * is null when it could not be checked (a snapshot without a map).
 */
export type RankedCause =
  | {
      readonly kind: 'growing-request';
      readonly evidence: { readonly bounded: boolean; readonly fitsAtFirstSize: boolean | null; readonly firstBytes: number; readonly lastBytes: number };
    }
  | { readonly kind: 'accumulation'; readonly evidence: { readonly riseBytes: number } }
  | { readonly kind: 'pinning' | 'transient-peak' | 'heap-too-small' };

/** `causes` in order of how much of `failure` (a heap of `heapBytes`) they explain. */
export function rankCauses<C extends RankedCause>(causes: readonly C[], failure: { readonly heapBytes: number }): C[] {
  const full = causes.some((c) => c.kind === 'heap-too-small');
  const rootShare = (cause: RankedCause): number | null => {
    if (cause.kind === 'growing-request') {
      const e = cause.evidence;
      return !e.bounded && e.fitsAtFirstSize === true ? (e.lastBytes - e.firstBytes) / e.lastBytes : null;
    }
    if (cause.kind === 'accumulation') {
      const share = cause.evidence.riseBytes / failure.heapBytes;
      return share >= ROOT_RISE_SHARE || full ? share : null;
    }
    return null;
  };
  const tier = (cause: RankedCause): number => (rootShare(cause) !== null ? 0 : STATE_ORDER.includes(cause.kind) ? 1 : 2);
  const within = (cause: RankedCause): number => {
    const share = rootShare(cause);
    return share !== null ? -share : STATE_ORDER.indexOf(cause.kind);
  };
  return [...causes].sort((a, b) => tier(a) - tier(b) || within(a) - within(b));
}
