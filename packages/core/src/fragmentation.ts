/**
 * Fragmentation: how a heap's free blocks are cut into runs. A request for n blocks needs n free
 * blocks in a row inside one area, so what decides it is the longest free run, not the free
 * total. External fragmentation is 1 − largest free run / free blocks: 0 when the free memory is
 * one run (or there is none), close to 1 when it is cut into many short runs.
 */
import { forEachFreeRun } from './block-table/index.js';
import type { HeapState } from './state.js';
import type { AreaFree } from './stats.js';

/** Shortest run of each free-run length bucket, in blocks: 1, 2–3, 4–7, 8–15, 16–63, 64–255, 256 and more. */
export const FREE_RUN_BUCKETS: readonly number[] = [1, 2, 4, 8, 16, 64, 256];

/** One run of free blocks: not free before it (or the area starts), not free after it (or the area ends). */
export interface FreeRun {
  readonly area: number;
  /** First block, area-relative. */
  readonly block: number;
  readonly blocks: number;
}

/** The free runs whose length falls in one of `FREE_RUN_BUCKETS`. */
export interface FreeRunBucket {
  /** Shortest run counted here, in blocks. */
  readonly min: number;
  /** Longest run counted here, in blocks; null for the last bucket, which has no upper end. */
  readonly max: number | null;
  /** How many runs. */
  readonly runs: number;
  /** Free blocks in those runs. */
  readonly blocks: number;
}

/** The fragmentation figures of one area. */
export interface AreaFragmentation extends AreaFree {
  /** Number of free runs. */
  readonly freeRuns: number;
  /** First block of the longest free run (the first of equal ones); null when nothing is free. */
  readonly largestFreeRunAt: number | null;
  /** External fragmentation, 1 − largestFreeRun / freeBlocks (0 when nothing is free). */
  readonly fragmentation: number;
  readonly histogram: readonly FreeRunBucket[];
}

/** The fragmentation figures of a heap, overall and per area. */
export interface HeapFragmentation {
  readonly freeBlocks: number;
  /** Longest free run in any area (runs never join across areas), in blocks. */
  readonly largestFreeRun: number;
  /** The first area with a run that long; null when nothing is free. */
  readonly largestFreeRunArea: number | null;
  readonly freeRuns: number;
  /** External fragmentation of the whole heap, 1 − largestFreeRun / freeBlocks (0 when nothing is free). */
  readonly fragmentation: number;
  readonly histogram: readonly FreeRunBucket[];
  readonly areas: readonly AreaFragmentation[];
}

/** 1 − largest / free: the share of the free blocks that a single request cannot use. 0 when nothing is free. */
export function externalFragmentation(largestFreeRun: number, freeBlocks: number): number {
  return freeBlocks === 0 ? 0 : 1 - largestFreeRun / freeBlocks;
}

/** Every free run of the heap, in address order (area, then block). O(runs), from the tables' summaries. */
export function listFreeRuns(state: HeapState): FreeRun[] {
  const runs: FreeRun[] = [];
  for (const [area, table] of state.tables.entries())
    forEachFreeRun(table, 1, (block, blocks) => {
      runs.push({ area, block, blocks });
    });
  return runs;
}

/** The heap's fragmentation figures, overall and per area. O(blocks). */
export function heapFragmentation(state: HeapState): HeapFragmentation {
  const runs = listFreeRuns(state);
  const areas = state.tables.map((table, area): AreaFragmentation => {
    const own = runs.filter((run) => run.area === area);
    const largest = own.reduce<FreeRun | null>((best, run) => (best === null || run.blocks > best.blocks ? run : best), null);
    const freeBlocks = sumBlocks(own);
    const largestFreeRun = largest?.blocks ?? 0;
    return {
      area,
      blocks: table.blocks,
      freeBlocks,
      largestFreeRun,
      freeRuns: own.length,
      largestFreeRunAt: largest?.block ?? null,
      fragmentation: externalFragmentation(largestFreeRun, freeBlocks),
      histogram: histogram(own),
    };
  });
  const freeBlocks = sumBlocks(runs);
  const largestFreeRun = Math.max(0, ...areas.map((a) => a.largestFreeRun));
  return {
    freeBlocks,
    largestFreeRun,
    largestFreeRunArea: largestFreeRun === 0 ? null : areas.findIndex((a) => a.largestFreeRun === largestFreeRun),
    freeRuns: runs.length,
    fragmentation: externalFragmentation(largestFreeRun, freeBlocks),
    histogram: histogram(runs),
    areas,
  };
}

function sumBlocks(runs: readonly FreeRun[]): number {
  return runs.reduce((sum, run) => sum + run.blocks, 0);
}

/** The runs counted into `FREE_RUN_BUCKETS` (every run is at least one block long). */
function histogram(runs: readonly FreeRun[]): FreeRunBucket[] {
  const counts = FREE_RUN_BUCKETS.map(() => 0);
  const blocks = FREE_RUN_BUCKETS.map(() => 0);
  for (const run of runs) {
    let bucket = FREE_RUN_BUCKETS.length - 1;
    while (FREE_RUN_BUCKETS[bucket]! > run.blocks) bucket--;
    counts[bucket]!++;
    blocks[bucket]! += run.blocks;
  }
  return FREE_RUN_BUCKETS.map((min, i) => ({
    min,
    max: i + 1 < FREE_RUN_BUCKETS.length ? FREE_RUN_BUCKETS[i + 1]! - 1 : null,
    runs: counts[i]!,
    blocks: blocks[i]!,
  }));
}
