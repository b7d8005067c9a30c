/**
 * A heap map on a canvas: one area's blocks in address order, 64 to a row as `mem_info(1)`
 * prints them, laid out and coloured as `heaplab report`'s SVG is (`mapLayout`): free blocks
 * pale, objects blue with their heads darker, blocks to highlight (where a request would go)
 * green, and the object under the pointer or the keyboard cursor orange with what it is in a
 * tooltip. It zooms, and scrolls inside its own box; the canvas only ever draws the rows in view,
 * so however large the area, it is never taller than the box.
 */
import { MAP_COLOURS, MAP_COLUMNS as COLUMNS, mapLayout, type AreaMap } from '@heaplab/analysis';
import { plural } from '@heaplab/core';
import { runAt, type MapRun } from './map-object.js';

const ZOOMS = [1, 2, 3, 4] as const;

/** The tooltip's text for a run of an area. */
export function describeRun(area: AreaMap, run: MapRun): string {
  const bytes = run.blocks * area.blockBytes;
  const where = `area ${area.area}, block ${run.block}, address 0x${(area.address + run.block * area.blockBytes).toString(16)}`;
  const size = `${plural(run.blocks, 'block')} (${bytes} bytes)`;
  return run.free ? `free run of ${size} at ${where}` : `${run.kind} (${run.letter}) of ${size} at ${where}`;
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

  let level = 0;
  let hovered: MapRun | null = null;
  let pointer: { readonly x: number; readonly y: number } | null = null;
  let cursor = -1;
  const cell = (): number => Math.max(3, Math.min(10, Math.floor((box.clientWidth || 640) / COLUMNS))) * ZOOMS[level]!;
  const draw = (): void => {
    const size = cell();
    const { rows, cells } = mapLayout(area);
    sheet.style.width = `${COLUMNS * size}px`;
    sheet.style.height = `${rows * size}px`;
    const top = Math.min(rows, Math.floor(box.scrollTop / size));
    const end = Math.min(rows, Math.ceil((box.scrollTop + box.clientHeight) / size));
    canvas.style.top = `${top * size}px`;
    canvas.width = COLUMNS * size;
    canvas.height = (end - top) * size;
    const context = canvas.getContext('2d')!;
    const side = size > 3 ? size - 1 : size;
    for (let c = top * COLUMNS; c < Math.min(cells.length, end * COLUMNS); c++) {
      const { column, row, first, paint } = cells[c]!;
      const over = hovered !== null && first >= hovered.block && first < hovered.block + hovered.blocks;
      context.fillStyle = over ? MAP_COLOURS.hover : paint.colour;
      context.fillRect(column * size, (row - top) * size, side, side);
    }
    zoom.textContent = `zoom ${ZOOMS[level]}×`;
  };
  const show = (block: number, x: number, y: number): void => {
    pointer = { x, y };
    hovered = runAt(area.map, block);
    tooltip.textContent = describeRun(area, hovered);
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
  sheet.addEventListener('mousemove', (event) => {
    const size = cell();
    const rect = sheet.getBoundingClientRect();
    const column = Math.floor((event.clientX - rect.left) / size);
    const block = Math.floor((event.clientY - rect.top) / size) * COLUMNS + column;
    if (column < 0 || column >= COLUMNS || block < 0 || block >= blocks) {
      hide();
      return;
    }
    cursor = block;
    show(block, event.pageX, event.pageY);
  });
  sheet.addEventListener('mouseleave', hide);
  canvas.addEventListener('blur', hide);
  canvas.addEventListener('keydown', (event) => {
    const step: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: COLUMNS, ArrowUp: -COLUMNS };
    const by = step[event.key];
    if (by === undefined) return;
    event.preventDefault();
    cursor = Math.max(0, Math.min(blocks - 1, cursor < 0 ? 0 : cursor + by));
    const rect = sheet.getBoundingClientRect();
    const size = cell();
    show(cursor, rect.left + window.scrollX + (cursor % COLUMNS) * size, rect.top + window.scrollY + Math.floor(cursor / COLUMNS) * size);
  });
  zoom.addEventListener('click', () => {
    level = (level + 1) % ZOOMS.length;
    draw();
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
      if (pointer !== null && cursor >= 0) show(cursor, pointer.x, pointer.y);
      else draw();
    },
  };
}
