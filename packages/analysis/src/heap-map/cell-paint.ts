/**
 * How a heap map colours a cell of one or more blocks, the one rule the page's canvas and
 * `heaplab report`'s SVG both draw by: objects blue with their heads darker, free blocks pale,
 * blocks to highlight green and blocks to mark red. A cell of several blocks is shaded by how
 * many of them are in use.
 */
import type { AreaMap } from './area-maps.js';

/** The heap map's colours (`hover` is the page's, for the object under the pointer). */
export const MAP_COLOURS = {
  free: '#e8ecf0',
  tail: '#8fb4ec',
  head: '#2858b8',
  highlight: '#1a7f37',
  marked: '#d1242f',
  hover: '#e07b00',
} as const;

/** A cell's fill. */
export interface CellPaint {
  readonly colour: string;
  /** 1, or below 1 for a cell of several blocks only some of which are in use. */
  readonly opacity: number;
}

/** The fill of the cell of `count` blocks of `area` from block `first`. */
export function cellPaint(area: AreaMap, first: number, count: number): CellPaint {
  const end = Math.min(area.map.length, first + count);
  let used = 0;
  let heads = 0;
  let marked = false;
  let highlighted = false;
  for (let b = first; b < end; b++) {
    const ch = area.map[b];
    if (ch !== '.') used++;
    if (ch !== '.' && ch !== '=') heads++;
    if (area.marked?.has(b) === true) marked = true;
    if (area.highlight?.has(b) === true) highlighted = true;
  }
  if (marked) return { colour: MAP_COLOURS.marked, opacity: 1 };
  if (highlighted) return { colour: MAP_COLOURS.highlight, opacity: 1 };
  if (used === 0) return { colour: MAP_COLOURS.free, opacity: 1 };
  if (count === 1) return { colour: heads > 0 ? MAP_COLOURS.head : MAP_COLOURS.tail, opacity: 1 };
  return { colour: MAP_COLOURS.head, opacity: 0.25 + (0.75 * used) / count };
}
