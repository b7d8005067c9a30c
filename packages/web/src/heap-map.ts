/**
 * A heap map on a canvas: one area's blocks in address order, 64 to a row as `mem_info(1)`
 * prints them, laid out and coloured as `heaplab report`'s SVG is (`mapGrid`, `cellPaint`):
 * free blocks pale, objects blue with their heads darker, blocks to highlight (where a request would go)
 * green, and the object under the pointer or the keyboard cursor orange with what it is in a
 * tooltip. An area of more than 64 rows is shown whole at first, several blocks to a cell (each
 * shaded by how many are in use, its tooltip telling what it holds); zooming in groups fewer,
 * then shows single blocks at larger sizes, the cell last pointed at or moved to centred. It
 * scrolls inside its own box (following the keyboard cursor), and the canvas only ever draws the
 * rows in view, so a large heap's map is never taller than the box; only the cells drawn are
 * painted, so a new state or zoom of a large area costs the cells in view, not the whole area.
 */
import { cellPaint, MAP_COLOURS, MAP_COLUMNS as COLUMNS, mapGrid, type AreaMap, type CellPaint, type MapGrid } from '@heaplab/analysis';
import { plural } from '@heaplab/core';
import { cellContents } from './map-cell.js';
import type { MapRun } from './map-object.js';

/** Most rows an area's map takes before zooming in: more blocks than this fills are grouped into cells. */
const OVERVIEW_ROWS = 64;
/** Each zoom before single blocks lets the map take this many times the rows. */
const ZOOM_ROWS = 4;
const ZOOMS = [1, 2, 3, 4] as const;

/** A zoom level: the rows the layout may take, and how many times the base cell size a cell is. */
interface Level {
  readonly maxRows: number;
  readonly zoom: number;
}

/** The zoom levels of an area of `blocks` blocks: grouped overviews while they group, then single blocks at each size. */
function zoomLevels(blocks: number): Level[] {
  const levels: Level[] = [];
  for (let rows = OVERVIEW_ROWS; blocks > rows * COLUMNS; rows *= ZOOM_ROWS) levels.push({ maxRows: rows, zoom: 1 });
  return [...levels, ...ZOOMS.map((zoom) => ({ maxRows: Number.POSITIVE_INFINITY, zoom }))];
}

/** `paint` as an opaque colour: its colour over white at its opacity, as the report's SVG shows it. */
function solidColour(paint: CellPaint): string {
  if (paint.opacity >= 1) return paint.colour;
  const channels = [1, 3, 5].map((at) => Math.round(Number.parseInt(paint.colour.slice(at, at + 2), 16) * paint.opacity + 255 * (1 - paint.opacity)));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** The tooltip's text for a run of an area. */
export function describeRun(area: AreaMap, run: MapRun): string {
  const bytes = run.blocks * area.blockBytes;
  const where = `area ${area.area}, block ${run.block}, address 0x${(area.address + run.block * area.blockBytes).toString(16)}`;
  const size = `${plural(run.blocks, 'block')} (${bytes} bytes)`;
  return run.free ? `free run of ${size} at ${where}` : `${run.kind} (${run.letter}) of ${size} at ${where}`;
}

/** The tooltip's text for the cell of `count` blocks of `area` from block `first`: the run that covers it, or what it holds. */
export function describeCell(area: AreaMap, first: number, count: number): string {
  const contents = cellContents(area.map, first, count);
  if (contents.covered !== null) return describeRun(area, contents.covered);
  const { objects, free } = contents;
  const end = Math.min(area.map.length, first + count) - 1;
  const held = `${plural(objects.length, 'object')}${free > 0 ? ` and ${plural(free, 'free block')}` : ''}`;
  const largest = objects.reduce((a, b) => (b.blocks > a.blocks ? b : a));
  const what = `${largest.kind} (${largest.letter}) of ${plural(largest.blocks, 'block')} (${largest.blocks * area.blockBytes} bytes)`;
  const which = objects.length === 1 ? `it is ${what} at block ${largest.block}` : `the largest, ${what}, at block ${largest.block}`;
  return `blocks ${first}–${end} of area ${area.area} (address 0x${(area.address + first * area.blockBytes).toString(16)}): ${held}; ${which}`;
}

/** A map on the page, and how to show another state of the same area in it. */
export interface HeapMapView {
  readonly element: HTMLElement;
  /** Draws `area` (the same area at another time) in place: zoom, focus and cursor stay. */
  set(area: AreaMap): void;
}

/** The map of `area` as a figure with a caption, a zoom control and a focusable canvas. */
export function heapMapElement(area: AreaMap, tooltip: HTMLElement): HTMLElement {
  return heapMapView(area, tooltip).element;
}

/** `heapMapElement`, redrawable with another state of the area. */
export function heapMapView(first: AreaMap, tooltip: HTMLElement): HeapMapView {
  let area = first;
  const figure = document.createElement('figure');
  figure.className = 'heap-map';
  const caption = document.createElement('figcaption');
  const blocks = area.map.length;
  caption.textContent = `area ${area.area} at 0x${area.address.toString(16)}: ${blocks} blocks (${blocks * area.blockBytes} bytes), ${COLUMNS} to a row`;
  const zoom = document.createElement('button');
  zoom.type = 'button';
  zoom.className = 'zoom';
  const box = document.createElement('div');
  box.className = 'map-box';
  // The whole map's size, for the box to scroll; the canvas inside draws the rows in view.
  const sheet = document.createElement('div');
  sheet.className = 'map-sheet';
  const canvas = document.createElement('canvas');
  canvas.tabIndex = 0;
  canvas.dataset.area = String(area.area);
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `heap map of area ${area.area}; arrow keys move through the blocks`);
  sheet.append(canvas);
  box.append(sheet);
  figure.append(caption, zoom, box);

  const levels = zoomLevels(blocks);
  const grids = levels.map(({ maxRows }) => mapGrid(blocks, maxRows));
  let level = 0;
  /** The colours of the cells drawn so far, of this state at this zoom, by cell. */
  let colours = new Map<number, string>();
  /** The blocks shown orange: the run or the cell under the pointer or the cursor. */
  let hovered: { readonly block: number; readonly blocks: number } | null = null;
  let pointer: { readonly x: number; readonly y: number } | null = null;
  /** The block last pointed at or moved to by keyboard (-1: none), kept across zooms. */
  let cursor = -1;
  const grid = (): MapGrid => grids[level]!;
  const cell = (): number => Math.max(3, Math.min(10, Math.floor((box.clientWidth || 640) / COLUMNS))) * levels[level]!.zoom;
  const draw = (): void => {
    const size = cell();
    const { perCell, rows, count } = grid();
    sheet.style.width = `${COLUMNS * size}px`;
    sheet.style.height = `${rows * size}px`;
    const top = Math.min(rows, Math.floor(box.scrollTop / size));
    const end = Math.min(rows, Math.ceil((box.scrollTop + box.clientHeight) / size));
    canvas.style.top = `${top * size}px`;
    canvas.width = COLUMNS * size;
    canvas.height = (end - top) * size;
    const context = canvas.getContext('2d')!;
    const side = size > 3 ? size - 1 : size;
    for (let c = top * COLUMNS; c < Math.min(count, end * COLUMNS); c++) {
      const first = c * perCell;
      const over = hovered !== null && first < hovered.block + hovered.blocks && first + perCell > hovered.block;
      let colour = colours.get(c);
      if (colour === undefined) {
        colour = solidColour(cellPaint(area, first, perCell));
        colours.set(c, colour);
      }
      context.fillStyle = over ? MAP_COLOURS.hover : colour;
      context.fillRect((c % COLUMNS) * size, (Math.floor(c / COLUMNS) - top) * size, side, side);
    }
    const { zoom: times } = levels[level]!;
    zoom.textContent = perCell > 1 ? `zoom: ${perCell} blocks a cell` : `zoom ${times}×`;
  };
  /** Shows what the cell holding `block` holds, the tooltip at page point (x, y). */
  const show = (block: number, x: number, y: number): void => {
    const { perCell } = grid();
    const start = block - (block % perCell);
    const contents = cellContents(area.map, start, perCell);
    pointer = { x, y };
    hovered = contents.covered ?? { block: start, blocks: perCell };
    tooltip.textContent = describeCell(area, start, perCell);
    tooltip.hidden = false;
    tooltip.style.left = `${Math.max(0, Math.min(x + 12, document.documentElement.clientWidth - tooltip.offsetWidth - 4))}px`;
    tooltip.style.top = `${y + 14}px`;
    draw();
  };
  const hide = (): void => {
    hovered = null;
    pointer = null;
    tooltip.hidden = true;
    draw();
  };
  /** Scrolls the box so that the cell holding `block` is in view: centred when `centre`, else moved only as far as needed. */
  const reveal = (block: number, centre: boolean): void => {
    const size = cell();
    const index = Math.floor(block / grid().perCell);
    const y = Math.floor(index / COLUMNS) * size;
    const x = (index % COLUMNS) * size;
    if (centre || y < box.scrollTop || y + size > box.scrollTop + box.clientHeight) box.scrollTop = y - (box.clientHeight - size) / 2;
    if (centre || x < box.scrollLeft || x + size > box.scrollLeft + box.clientWidth) box.scrollLeft = x - (box.clientWidth - size) / 2;
  };
  sheet.addEventListener('mousemove', (event) => {
    const size = cell();
    const { perCell, count } = grid();
    const rect = sheet.getBoundingClientRect();
    const column = Math.floor((event.clientX - rect.left) / size);
    const index = Math.floor((event.clientY - rect.top) / size) * COLUMNS + column;
    if (column < 0 || column >= COLUMNS || index < 0 || index >= count) {
      hide();
      return;
    }
    cursor = index * perCell;
    show(cursor, event.pageX, event.pageY);
  });
  sheet.addEventListener('mouseleave', hide);
  canvas.addEventListener('blur', hide);
  canvas.addEventListener('keydown', (event) => {
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    const by = step[event.key];
    if (by === undefined) return;
    event.preventDefault();
    const { perCell, count } = grid();
    const index = cursor < 0 ? 0 : Math.max(0, Math.min(count - 1, Math.floor(cursor / perCell) + by));
    cursor = index * perCell;
    reveal(cursor, false);
    const rect = sheet.getBoundingClientRect();
    const size = cell();
    show(cursor, rect.left + window.scrollX + (index % COLUMNS) * size, rect.top + window.scrollY + Math.floor(index / COLUMNS) * size);
  });
  zoom.addEventListener('click', () => {
    level = (level + 1) % levels.length;
    colours = new Map();
    draw();
    if (cursor >= 0) reveal(cursor, true);
  });
  box.addEventListener('scroll', draw, { passive: true });
  // Sized now, so that the box has its height from the start (and the pointer its cells); drawn
  // once it is in the page (its box's width sets the cell size), and again on resize.
  draw();
  requestAnimationFrame(draw);
  let width = -1;
  new ResizeObserver(() => {
    if (box.clientWidth === width) return;
    width = box.clientWidth;
    draw();
  }).observe(box);
  return {
    element: figure,
    set(next) {
      area = next;
      colours = new Map();
      if (pointer !== null && cursor >= 0) show(cursor, pointer.x, pointer.y);
      else draw();
    },
  };
}
