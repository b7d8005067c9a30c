/**
 * A heap map laid out for drawing, the one layout the page's canvas and `heaplab report`'s SVG
 * both draw: cells in address order, `MAP_COLUMNS` to a row as `mem_info(1)` prints blocks, each
 * cell one block, or several when the area would otherwise take more rows than the picture
 * allows, painted by `cellPaint`.
 */
import type { AreaMap } from './area-maps.js';
import { cellPaint, type CellPaint } from './cell-paint.js';

/** Cells to a row of a heap map. */
export const MAP_COLUMNS = 64;

/** One cell to draw: where it is, its first block, and its fill. */
export interface MapCell {
  readonly column: number;
  readonly row: number;
  readonly first: number;
  readonly paint: CellPaint;
}

/** The grid of an area's map: how many blocks each cell stands for, its cells and its rows. */
export interface MapGrid {
  readonly perCell: number;
  readonly count: number;
  readonly rows: number;
}

/** An area's cells, and how many blocks each cell stands for. */
export interface MapLayout {
  readonly perCell: number;
  readonly rows: number;
  readonly cells: readonly MapCell[];
}

/** The grid of an area of `blocks` blocks, grouping blocks into cells only as far as needed to fit in `maxRows` rows (one block a cell without a limit). */
export function mapGrid(blocks: number, maxRows = Number.POSITIVE_INFINITY): MapGrid {
  const perCell = Math.max(1, Math.ceil(blocks / (MAP_COLUMNS * maxRows)));
  const count = Math.ceil(blocks / perCell);
  return { perCell, count, rows: Math.ceil(count / MAP_COLUMNS) };
}

/** The cells of `area` on its `mapGrid`, each painted. */
export function mapLayout(area: AreaMap, maxRows = Number.POSITIVE_INFINITY): MapLayout {
  const { perCell, count, rows } = mapGrid(area.map.length, maxRows);
  const cells: MapCell[] = [];
  for (let c = 0; c < count; c++) {
    cells.push({ column: c % MAP_COLUMNS, row: Math.floor(c / MAP_COLUMNS), first: c * perCell, paint: cellPaint(area, c * perCell, perCell) });
  }
  return { perCell, rows, cells };
}
