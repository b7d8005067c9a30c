/**
 * A heap map as one SVG picture: each area a grid of blocks in address order (like
 * `mem_info(1)`, 64 to a row), free blocks pale, objects blue with their heads darker, and the
 * objects that stand in the way of a failed request red. Large areas are drawn with several
 * blocks to a cell, shaded by how many are in use.
 */
import { forEachLeaf, FREE, HEAD, objectsByAddress, type HeapState } from '@heaplab/core';
import { escapeMarkup } from './escape-markup.js';

export interface HeapMapOptions {
  /** What to say above the map. */
  readonly caption: string;
  /** Objects to mark (by id), e.g. the ones in the way of a failed request. */
  readonly marked?: ReadonlySet<number>;
}

const COLUMNS = 64;
const CELL = 8;
/** Most rows an area gets before blocks are grouped into cells. */
const MAX_ROWS = 160;
const COLOURS = { free: '#eef1f4', tail: '#7aa7e9', head: '#2858b8', marked: '#d1242f' };

/** The map of `state` as a standalone SVG document. */
export function heapMapSvg(state: HeapState, options: HeapMapOptions): string {
  const marked = new Set<number>();
  for (const o of objectsByAddress(state)) {
    if (options.marked?.has(o.id) === true) for (let b = 0; b < o.blocks; b++) marked.add(o.area * 2 ** 32 + o.block + b);
  }
  const parts: string[] = [];
  let y = 28;
  const width = COLUMNS * CELL + 20;
  state.tables.forEach((table, area) => {
    const perCell = Math.max(1, Math.ceil(table.blocks / (COLUMNS * MAX_ROWS)));
    const cells = Math.ceil(table.blocks / perCell);
    const kinds = new Uint8Array(table.blocks);
    forEachLeaf(table, (leaf, base) => kinds.set(leaf, base));
    parts.push(`<text x="10" y="${y + 12}" font-size="12">area ${area}: ${table.blocks} blocks${perCell > 1 ? ` (${perCell} to a cell)` : ''}</text>`);
    y += 18;
    for (let c = 0; c < cells; c++) {
      let used = 0;
      let heads = 0;
      let hit = false;
      for (let b = c * perCell; b < Math.min(table.blocks, (c + 1) * perCell); b++) {
        if (kinds[b] !== FREE) used++;
        if (kinds[b] === HEAD) heads++;
        if (marked.has(area * 2 ** 32 + b)) hit = true;
      }
      const colour = hit ? COLOURS.marked : used === 0 ? COLOURS.free : perCell === 1 ? (heads > 0 ? COLOURS.head : COLOURS.tail) : COLOURS.head;
      const opacity = perCell > 1 && used > 0 && !hit ? ` fill-opacity="${(0.25 + (0.75 * used) / perCell).toFixed(2)}"` : '';
      parts.push(
        `<rect x="${10 + (c % COLUMNS) * CELL}" y="${y + Math.floor(c / COLUMNS) * CELL}" width="${CELL - 1}" height="${CELL - 1}" fill="${colour}"${opacity}/>`,
      );
    }
    y += Math.ceil(cells / COLUMNS) * CELL + 14;
  });
  const legend = `<g font-size="11"><rect x="10" y="${y}" width="9" height="9" fill="${COLOURS.free}"/><text x="23" y="${y + 9}">free</text><rect x="60" y="${y}" width="9" height="9" fill="${COLOURS.head}"/><text x="73" y="${y + 9}">object head</text><rect x="150" y="${y}" width="9" height="9" fill="${COLOURS.tail}"/><text x="163" y="${y + 9}">object</text><rect x="215" y="${y}" width="9" height="9" fill="${COLOURS.marked}"/><text x="228" y="${y + 9}">in the way</text></g>`;
  const height = y + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="18" font-size="13" font-weight="bold">${escapeMarkup(options.caption)}</text>${parts.join('')}${legend}</svg>\n`;
}
