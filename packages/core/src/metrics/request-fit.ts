/**
 * How well a heap's free memory fits one request size: the two per-size indices Linux reports
 * for its buddy allocator (`/sys/kernel/debug/extfrag/`), with free runs in place of buddy blocks.
 *
 * For a request of s blocks, F free blocks cut into R runs, of which U blocks lie in runs of at
 * least s blocks:
 * - unusable free index (F − U) / F: the share of the free blocks this request cannot use.
 *   0 when nothing is free (no free memory is unusable) or every run is long enough.
 * - fragmentation index max(0, 1 − (1 + F/s) / R), Linux's `__fragmentation_index`: −1 when some
 *   run of s blocks exists (the request fits; the index only means something for a failing
 *   request), otherwise from 0, the heap is simply too full, to near 1, plenty is free but cut into
 *   many short runs. Linux documents the index as lying between 0 and 1, which holds for its buddy
 *   blocks (each at most half the request); free runs here can be nearly as long as the request,
 *   and with one or two of them the formula dips below 0 (to −(s−1)/s for one run of s−1 blocks).
 *   That is few runs, each just short: not a cut-up heap, so it counts as 0. When nothing is free
 *   it is 0, as Linux has it: the request fails for lack of memory, not for fragmentation.
 *
 * Runs never join across areas, so the overall figures add up the areas' F, U and R, and the
 * request fits the heap when it fits one area.
 */
import { forEachFreeRun, freeBlocks, type BlockTable } from '../block-table/index.js';
import type { HeapState } from '../state.js';

/** One request size against some free memory (one area, or the whole heap). */
export interface RequestFit {
  /** Free blocks. */
  readonly freeBlocks: number;
  /** Free runs. */
  readonly freeRuns: number;
  /** Free blocks in runs of at least the request's length. */
  readonly usableBlocks: number;
  /** (free − usable) / free; 0 when nothing is free. */
  readonly unusableFreeIndex: number;
  /** max(0, 1 − (1 + free/request)/runs); −1 when a run is long enough; 0 when nothing is free. */
  readonly fragmentationIndex: number;
}

/** A request size against a heap: overall and per area (in registration order). */
export interface HeapRequestFit extends RequestFit {
  /** The request, in blocks. */
  readonly blocks: number;
  readonly areas: readonly RequestFit[];
}

// Run-walk accumulators for `visitRun` (forEachFreeRun walks one table at a time).
let walkBlocks = 1;
let walkRuns = 0;
let walkUsable = 0;

function visitRun(_start: number, length: number): void {
  walkRuns++;
  if (length >= walkBlocks) walkUsable += length;
}

/**
 * The unusable free index and fragmentation index of a request of `blocks` blocks (≥ 1), per area
 * and overall. Takes a state, or anything with its block tables (an engine draft). O(free runs).
 */
export function requestFit(heap: Pick<HeapState, 'tables'>, blocks: number): HeapRequestFit {
  let free = 0;
  let runs = 0;
  let usable = 0;
  const areas = heap.tables.map((table) => {
    const area = areaFit(table, blocks);
    free += area.freeBlocks;
    runs += area.freeRuns;
    usable += area.usableBlocks;
    return area;
  });
  return { blocks, ...fit(free, runs, usable, blocks), areas };
}

function areaFit(table: BlockTable, blocks: number): RequestFit {
  walkBlocks = blocks;
  walkRuns = 0;
  walkUsable = 0;
  forEachFreeRun(table, 1, visitRun);
  return fit(freeBlocks(table), walkRuns, walkUsable, blocks);
}

/** The indices from the totals; some run is long enough exactly when some free block is usable. */
function fit(free: number, runs: number, usable: number, blocks: number): RequestFit {
  return {
    freeBlocks: free,
    freeRuns: runs,
    usableBlocks: usable,
    unusableFreeIndex: free === 0 ? 0 : (free - usable) / free,
    fragmentationIndex: free === 0 ? 0 : usable > 0 ? -1 : Math.max(0, 1 - (1 + free / blocks) / runs),
  };
}
