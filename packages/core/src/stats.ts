/**
 * Heap statistics: `gc_info` exactly as gc.c computes it, `gc.mem_free()`/`gc.mem_alloc()`, and
 * per-area figures that come straight from the tables' summaries.
 */
import { freeBlocks, largestFreeRun } from './block-table/index.js';
import { idMapValues } from './id-map.js';
import type { HeapState } from './state.js';

/** The fields of `gc_info_t`. Bytes for total/used/free; blocks for the last four. */
export interface GcInfo {
  readonly total: number;
  readonly used: number;
  readonly free: number;
  /** Longest free run inside one area, in blocks. */
  readonly maxFree: number;
  /** Objects exactly one / two blocks long. */
  readonly n1: number;
  readonly n2: number;
  /** Longest object, in blocks. */
  readonly maxBlock: number;
}

/**
 * `gc_info`. The device walks every block; the same figures come from the table summaries
 * (free blocks, longest free run per area) and the live objects (each is one head and its
 * tails), in O(objects + areas).
 */
export function gcInfo(state: HeapState): GcInfo {
  const bpb = state.config.blockBytes;
  let total = 0;
  let freeTotal = 0;
  let maxFree = 0;
  for (const table of state.tables) {
    total += table.blocks * bpb;
    freeTotal += freeBlocks(table);
    maxFree = Math.max(maxFree, largestFreeRun(table));
  }
  let n1 = 0;
  let n2 = 0;
  let maxBlock = 0;
  for (const object of idMapValues(state.objects, state.objectCount)) {
    if (object.blocks === 1) n1++;
    else if (object.blocks === 2) n2++;
    if (object.blocks > maxBlock) maxBlock = object.blocks;
  }
  return { total, used: total - freeTotal * bpb, free: freeTotal * bpb, maxFree, n1, n2, maxBlock };
}

/** `gc.mem_free()`: free bytes in all areas. O(areas). */
export function memFree(state: HeapState): number {
  return state.tables.reduce((sum, t) => sum + freeBlocks(t), 0) * state.config.blockBytes;
}

/** `gc.mem_alloc()`: used bytes in all areas. O(areas). */
export function memAlloc(state: HeapState): number {
  return state.tables.reduce((sum, t) => sum + t.blocks - freeBlocks(t), 0) * state.config.blockBytes;
}

/** Free-space figures of one area, in blocks. */
export interface AreaFree {
  readonly area: number;
  readonly blocks: number;
  readonly freeBlocks: number;
  /** Longest run of free blocks: the largest object that fits. */
  readonly largestFreeRun: number;
}

/** Per-area free space, from the table summaries. O(areas). */
export function areaFree(state: HeapState): AreaFree[] {
  return state.tables.map((t, area) => ({ area, blocks: t.blocks, freeBlocks: freeBlocks(t), largestFreeRun: largestFreeRun(t) }));
}
