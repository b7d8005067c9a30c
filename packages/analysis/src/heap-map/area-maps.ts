/**
 * A heap state as the maps the page and `heaplab report` draw: each area's blocks as
 * `mem_info(1)` prints them (`.` free, `=` tail, the head's kind letter), and the blocks to mark.
 */
import { forEachLeaf, FREE, objectsByAddress, TAIL, type HeapState } from '@heaplab/core';

/** One area to draw. */
export interface AreaMap {
  readonly area: number;
  /** Address of block 0. */
  readonly address: number;
  readonly blockBytes: number;
  /** One character a block: `.` free, `=` tail, a head's letter. */
  readonly map: string;
  /** Blocks to show green (e.g. where a request would go). */
  readonly highlight?: ReadonlySet<number>;
  /** Blocks to show red (e.g. the objects in the way of a failed request). */
  readonly marked?: ReadonlySet<number>;
}

/** An object to mark on the map (e.g. one in the way of a failed request). */
export interface MarkedObject {
  readonly area: number;
  readonly block: number;
  readonly blocks: number;
}

/** The maps of every area of `state`, with the blocks of `marked` in red. */
export function stateMaps(state: HeapState, marked: readonly MarkedObject[] = []): AreaMap[] {
  const chars = state.tables.map((table) => {
    const row = new Array<string>(table.blocks);
    forEachLeaf(table, (kinds, base) => {
      for (let i = 0; i < kinds.length && base + i < table.blocks; i++) row[base + i] = kinds[i] === FREE ? '.' : kinds[i] === TAIL ? '=' : 'h';
    });
    return row;
  });
  for (const o of objectsByAddress(state)) chars[o.area]![o.block] = o.kind;
  return state.tables.map((_, area) => {
    const blocks = new Set<number>();
    for (const o of marked) if (o.area === area) for (let b = o.block; b < o.block + o.blocks; b++) blocks.add(b);
    return { area, address: state.config.areas[area]!.poolStart, blockBytes: state.config.blockBytes, map: chars[area]!.join(''), marked: blocks };
  });
}
