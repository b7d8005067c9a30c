/**
 * What a cell of a heap map holds when it stands for several blocks: the one run (object or free
 * blocks) that covers it, or else the objects with a block in it and how many of its blocks are free.
 */
import { runAt, type MapRun } from './map-object.js';

/** The contents of a cell of several blocks. */
export type CellContents =
  | { readonly covered: MapRun }
  | {
      readonly covered: null;
      /** The objects with a block in the cell, in address order (the first may begin before it, the last end after it). */
      readonly objects: readonly MapRun[];
      /** The cell's free blocks. */
      readonly free: number;
    };

/** What the `count` blocks of `map` from `first` hold (`map` as in `runAt`). */
export function cellContents(map: string, first: number, count: number): CellContents {
  const end = Math.min(map.length, first + count);
  const run = runAt(map, first);
  if (run.block + run.blocks >= end) return { covered: run };
  const objects: MapRun[] = [];
  let free = 0;
  for (let block = first; block < end; ) {
    const at = runAt(map, block);
    const next = at.block + at.blocks;
    if (at.free) free += Math.min(end, next) - block;
    else objects.push(at);
    block = next;
  }
  return { covered: null, objects, free };
}
