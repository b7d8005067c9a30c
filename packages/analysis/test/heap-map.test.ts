/**
 * The heap map both the page and `heaplab report` draw: a state's areas as `mem_info(1)` maps
 * with the objects to mark, how a cell of one or more blocks is coloured, and where each cell goes.
 */
import { applyAll, createHeap, type AllocEvent } from '@heaplab/core';
import { describe, expect, it } from 'vitest';
import { cellPaint, MAP_COLOURS, MAP_COLUMNS, mapLayout, stateMaps, type AreaMap } from '../src/index.js';

const area = (map: string, marked: number[] = [], highlight: number[] = []): AreaMap => ({
  area: 0,
  address: 0x1000,
  blockBytes: 16,
  map,
  marked: new Set(marked),
  highlight: new Set(highlight),
});

describe('a heap state as maps', () => {
  it('writes each block as mem_info(1) does and marks the objects given', () => {
    const events: AllocEvent[] = [
      { op: 'alloc', id: 0, bytes: 48, kind: 'L', at: { area: 0, block: 0 } },
      { op: 'alloc', id: 1, bytes: 32, at: { area: 0, block: 5 } },
    ];
    const state = applyAll(createHeap({ areas: [{ blocks: 16 }] }), events).state;
    const [map] = stateMaps(state, [{ area: 0, block: 5, blocks: 2 }]);
    expect(map!.map).toBe('L==..h=.........');
    expect([...map!.marked!]).toEqual([5, 6]);
  });
});

describe('the colour of a cell', () => {
  it('tells free blocks, tails and heads apart, one block to a cell', () => {
    const map = area('.=L');
    expect([0, 1, 2].map((b) => cellPaint(map, b, 1))).toEqual([
      { colour: MAP_COLOURS.free, opacity: 1 },
      { colour: MAP_COLOURS.tail, opacity: 1 },
      { colour: MAP_COLOURS.head, opacity: 1 },
    ]);
  });

  it('shows a marked block red over a highlighted one, and a highlighted one green', () => {
    const map = area('h=..', [1], [1, 2]);
    expect(cellPaint(map, 1, 1).colour).toBe(MAP_COLOURS.marked);
    expect(cellPaint(map, 2, 1).colour).toBe(MAP_COLOURS.highlight);
  });

  it('shades a cell of several blocks by how many are in use', () => {
    const map = area('h=......h===h===');
    expect(cellPaint(map, 0, 4)).toEqual({ colour: MAP_COLOURS.head, opacity: 0.25 + 0.75 * (2 / 4) });
    expect(cellPaint(map, 4, 4)).toEqual({ colour: MAP_COLOURS.free, opacity: 1 });
    expect(cellPaint(map, 8, 8)).toEqual({ colour: MAP_COLOURS.head, opacity: 1 });
  });
});

describe('the layout of a map', () => {
  it('puts one block a cell, 64 to a row, without a limit on the rows', () => {
    const map = area(`L==${'.'.repeat(MAP_COLUMNS)}h`);
    const { perCell, rows, cells } = mapLayout(map);
    expect({ perCell, rows, count: cells.length }).toEqual({ perCell: 1, rows: 2, count: MAP_COLUMNS + 4 });
    expect(cells[0]).toEqual({ column: 0, row: 0, first: 0, paint: { colour: MAP_COLOURS.head, opacity: 1 } });
    expect(cells[MAP_COLUMNS + 3]).toEqual({ column: 3, row: 1, first: MAP_COLUMNS + 3, paint: { colour: MAP_COLOURS.head, opacity: 1 } });
  });

  it('groups blocks into cells only as far as the rows allowed need', () => {
    // 4 rows' worth of blocks in at most 2 rows: 2 blocks a cell, shaded by how many are in use.
    const map = area(`h.${'.'.repeat(4 * MAP_COLUMNS - 2)}`);
    const { perCell, rows, cells } = mapLayout(map, 2);
    expect({ perCell, rows, count: cells.length }).toEqual({ perCell: 2, rows: 2, count: 2 * MAP_COLUMNS });
    expect(cells[0]!.paint).toEqual({ colour: MAP_COLOURS.head, opacity: 0.25 + 0.75 / 2 });
    expect(cells[MAP_COLUMNS + 1]).toEqual({ column: 1, row: 1, first: 2 * (MAP_COLUMNS + 1), paint: { colour: MAP_COLOURS.free, opacity: 1 } });
    expect(mapLayout(map, 4).perCell).toBe(1);
  });
});
