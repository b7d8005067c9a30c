/**
 * Heap statistics: `gc_info` exactly as gc.c computes it, `gc.mem_free()`/`gc.mem_alloc()`, and
 * per-area figures that come straight from the tables' summaries.
 */
import { forEachLeaf, freeBlocks, largestFreeRun, FREE, HEAD, TAIL } from './block-table.js';
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

/** `gc_info`: walks every block of every area, as the device does. */
export function gcInfo(state: HeapState): GcInfo {
  let total = 0;
  let usedBlocks = 0;
  let freeBlocks = 0;
  let maxFree = 0;
  let n1 = 0;
  let n2 = 0;
  let maxBlock = 0;
  state.tables.forEach((table) => {
    total += table.blocks * state.config.blockBytes;
    let len = 0;
    let freeRun = 0;
    const endObject = (): void => {
      if (len === 1) n1++;
      else if (len === 2) n2++;
      if (len > maxBlock) maxBlock = len;
    };
    forEachLeaf(table, (cells) => {
      for (let i = 0; i < cells.length; i++) {
        const kind = cells[i];
        if (kind === FREE) {
          if (len > 0) endObject();
          len = 0;
          freeBlocks++;
          freeRun++;
        } else if (kind === HEAD) {
          if (len > 0) endObject();
          if (freeRun > maxFree) maxFree = freeRun;
          freeRun = 0;
          len = 1;
          usedBlocks++;
        } else if (kind === TAIL) {
          len++;
          usedBlocks++;
        }
      }
    });
    if (len > 0) endObject();
    if (freeRun > maxFree) maxFree = freeRun;
  });
  const bpb = state.config.blockBytes;
  return { total, used: usedBlocks * bpb, free: freeBlocks * bpb, maxFree, n1, n2, maxBlock };
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
