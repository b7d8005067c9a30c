/**
 * The heap map both the page and `heaplab report` draw: a state's areas as `mem_info(1)` maps
 * with the objects to mark, and how a cell of one or more blocks is coloured.
 */
import { applyAll, createHeap, type AllocEvent } from '@heaplab/core';
import { describe, expect, it } from 'vitest';
import { cellPaint, MAP_COLOURS, stateMaps, type AreaMap } from '../src/index.js';

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
