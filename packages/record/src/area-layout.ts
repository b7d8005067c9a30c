/**
 * How this build lays out a GC area, in the terms of core's `layoutArea`: 16-byte blocks, the gap
 * byte after the allocation table, a finaliser table and no weakref table; an added area keeps
 * its `mp_state_mem_area_t` at its region's start.
 */
import type { AreaLayoutInput } from '@heaplab/core';
import { ALLOC_TABLE_GAP_BYTE, AREA_STRUCT, BYTES_PER_BLOCK } from './wasm-facts.js';

/** The layout inputs of area `index` (0: the region `gc_init` gets), all but the region itself. */
export function areaLayout(index: number): Omit<AreaLayoutInput, 'regionStart' | 'regionBytes'> {
  return {
    index,
    structBytes: index === 0 ? 0 : AREA_STRUCT.bytes,
    blockBytes: BYTES_PER_BLOCK,
    gapBytes: ALLOC_TABLE_GAP_BYTE,
    finaliser: true,
    weakref: false,
  };
}
