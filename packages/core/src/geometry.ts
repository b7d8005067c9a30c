/**
 * Area geometry, exactly as gc.c's `gc_setup_area` lays out a region.
 *
 * Legend: BPB = bytes per block; ATB = allocation table (2 bits a block, 4 blocks a byte);
 * FTB = finaliser table and WTB = weakref table (1 bit a block, 8 blocks a byte);
 * G = the gap byte after the ATB (v1.20+).
 *
 * Derivation (gc.c solves the same equation): the usable bytes T of a region hold
 * A (ATB) + G + A/2 (FTB) + A/2 (WTB) + 4·A·BPB (pool), so in eighths of a byte
 * A = floor((T − G)·8 / (8 + 4·F + 4·W + 32·BPB)), and without either table
 * A = floor((T − G) / (1 + 4·BPB)).
 */

/** Where an area's parts lie, in absolute addresses and sizes. All values are bytes or blocks. */
export interface AreaGeometry {
  /** Position in registration order (0 = `gc_init`, then each `gc_add`). */
  readonly index: number;
  /** Absolute address of the region handed to `gc_init`/`gc_add`. */
  readonly regionStart: number;
  /** Length of that region in bytes. */
  readonly regionBytes: number;
  /** Bytes of the area struct that `gc_add` keeps at the region start (0 for area 0). */
  readonly structBytes: number;
  /** Allocation-table bytes (A). */
  readonly atbBytes: number;
  /** Gap byte after the ATB (0 or 1). */
  readonly gapBytes: number;
  /** Finaliser-table bytes (0 without finalisers). */
  readonly ftbBytes: number;
  /** Weakref-table bytes (0 without weakrefs). */
  readonly wtbBytes: number;
  /** Number of blocks in the pool (N = 4·A). */
  readonly blocks: number;
  /** Absolute address of block 0. Always BPB-aligned. */
  readonly poolStart: number;
  /** Pool bytes (N·BPB): what `gc_info().total` counts for this area. */
  readonly poolBytes: number;
  /** Offset of the pool from the region start (`pool_offset` in device traces). */
  readonly poolOffset: number;
  /** Unused bytes between the tables and the pool. */
  readonly slackBytes: number;
}

/** The inputs of one area's layout. */
export interface AreaLayoutInput {
  readonly index: number;
  readonly regionStart: number;
  readonly regionBytes: number;
  readonly structBytes: number;
  readonly blockBytes: number;
  readonly gapBytes: number;
  readonly finaliser: boolean;
  readonly weakref: boolean;
}

/** Lays out one area. Returns a geometry with `blocks` = 0 when the region is too small. */
export function layoutArea(input: AreaLayoutInput): AreaGeometry {
  const { index, regionStart, regionBytes, structBytes, blockBytes, gapBytes, finaliser, weakref } = input;
  const tablesStart = regionStart + structBytes;
  // gc_init/gc_add round the end down to a block boundary, using the absolute address.
  const alignedEnd = Math.floor((regionStart + regionBytes) / blockBytes) * blockBytes;
  const usable = Math.max(0, alignedEnd - tablesStart - gapBytes);
  const bitTables = (finaliser ? 1 : 0) + (weakref ? 1 : 0);
  const atbBytes = bitTables > 0 ? Math.floor((usable * 8) / (8 + 4 * bitTables + 32 * blockBytes)) : Math.floor(usable / (1 + 4 * blockBytes));
  const blocks = 4 * atbBytes;
  const bitTableBytes = Math.ceil(blocks / 8);
  const ftbBytes = finaliser ? bitTableBytes : 0;
  const wtbBytes = weakref ? bitTableBytes : 0;
  const poolBytes = blocks * blockBytes;
  const poolStart = alignedEnd - poolBytes;
  return {
    index,
    regionStart,
    regionBytes,
    structBytes,
    atbBytes,
    gapBytes,
    ftbBytes,
    wtbBytes,
    blocks,
    poolStart,
    poolBytes,
    poolOffset: poolStart - regionStart,
    slackBytes: poolStart - (tablesStart + atbBytes + gapBytes + ftbBytes + wtbBytes),
  };
}

/**
 * A region, starting at `regionStart`, whose layout has exactly `blocks` blocks, with the pool
 * placed right after the tables (less than a block of slack). `blocks` must be a positive
 * multiple of 4. Used to build areas from a block count (a heap
 * dump, a board table) rather than from a region size.
 */
export function regionBytesForBlocks(blocks: number, input: Omit<AreaLayoutInput, 'regionBytes'>): number {
  const atbBytes = blocks / 4;
  const bitTableBytes = Math.ceil(blocks / 8);
  const tables = atbBytes + input.gapBytes + (input.finaliser ? bitTableBytes : 0) + (input.weakref ? bitTableBytes : 0);
  const tablesStart = input.regionStart + input.structBytes;
  const poolStart = Math.ceil((tablesStart + tables) / input.blockBytes) * input.blockBytes;
  return poolStart + blocks * input.blockBytes - input.regionStart;
}
