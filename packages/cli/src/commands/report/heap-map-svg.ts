/**
 * A heap map as one SVG picture: each area a grid of blocks in address order (like
 * `mem_info(1)`, 64 to a row), laid out and coloured as the page's canvas is (`mapLayout`): free
 * blocks pale, objects blue with their heads darker, and the objects that stand in the way of a
 * failed request red. Large areas are drawn with several blocks to a cell, shaded by how many are
 * in use.
 */
import { escapeMarkup, MAP_COLOURS, MAP_COLUMNS, mapLayout, type AreaMap } from '@heaplab/analysis';

const CELL = 8;
/** Most rows an area gets before blocks are grouped into cells. */
const MAX_ROWS = 160;

/** The maps of `areas` (from `stateMaps`) as a standalone SVG document, `caption` above them. */
export function heapMapSvg(areas: readonly AreaMap[], caption: string): string {
  const parts: string[] = [];
  let y = 28;
  const width = MAP_COLUMNS * CELL + 20;
  for (const area of areas) {
    const blocks = area.map.length;
    const { perCell, rows, cells } = mapLayout(area, MAX_ROWS);
    parts.push(`<text x="10" y="${y + 12}" font-size="12">area ${area.area}: ${blocks} blocks${perCell > 1 ? ` (${perCell} to a cell)` : ''}</text>`);
    y += 18;
    for (const { column, row, paint } of cells) {
      const opacity = paint.opacity < 1 ? ` fill-opacity="${paint.opacity.toFixed(2)}"` : '';
      parts.push(`<rect x="${10 + column * CELL}" y="${y + row * CELL}" width="${CELL - 1}" height="${CELL - 1}" fill="${paint.colour}"${opacity}/>`);
    }
    y += rows * CELL + 14;
  }
  const legend = `<g font-size="11"><rect x="10" y="${y}" width="9" height="9" fill="${MAP_COLOURS.free}"/><text x="23" y="${y + 9}">free</text><rect x="60" y="${y}" width="9" height="9" fill="${MAP_COLOURS.head}"/><text x="73" y="${y + 9}">object head</text><rect x="150" y="${y}" width="9" height="9" fill="${MAP_COLOURS.tail}"/><text x="163" y="${y + 9}">object</text><rect x="215" y="${y}" width="9" height="9" fill="${MAP_COLOURS.marked}"/><text x="228" y="${y + 9}">in the way</text></g>`;
  const height = y + 20;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="18" font-size="13" font-weight="bold">${escapeMarkup(caption)}</text>${parts.join('')}${legend}</svg>\n`;
}
