import { describe, expect, it } from 'vitest';
import { cellContents } from '../src/map-cell.js';
import { describeCell } from '../src/heap-map.js';

describe('cellContents', () => {
  const map = 'D=B==..h====.L..........';
  it('is the run that covers the cell, when one does', () => {
    expect(cellContents(map, 8, 4)).toEqual({ covered: { free: false, block: 7, blocks: 5, letter: 'h', kind: 'object' } });
    expect(cellContents(map, 16, 8)).toEqual({ covered: { free: true, block: 14, blocks: 10, letter: '.', kind: 'free' } });
  });
  it('else lists the objects with a block in it, one begun before it included, and counts its free blocks', () => {
    expect(cellContents(map, 4, 8)).toEqual({
      covered: null,
      objects: [
        { free: false, block: 2, blocks: 3, letter: 'B', kind: 'bytecode function' },
        { free: false, block: 7, blocks: 5, letter: 'h', kind: 'object' },
      ],
      free: 2,
    });
    expect(cellContents(map, 12, 8)).toEqual({ covered: null, objects: [{ free: false, block: 13, blocks: 1, letter: 'L', kind: 'list' }], free: 7 });
  });
});

describe('describeCell', () => {
  const area = { area: 1, address: 0x20000180, blockBytes: 16, map: 'D=B==..h====.L..........' };
  it('names the run that covers a cell as a single block is named', () => {
    expect(describeCell(area, 8, 4)).toBe('object (h) of 5 blocks (80 bytes) at area 1, block 7, address 0x200001f0');
    expect(describeCell(area, 9, 1)).toBe('object (h) of 5 blocks (80 bytes) at area 1, block 7, address 0x200001f0');
  });
  it('tells what a cell of several holds, and its largest object (the whole object, though it goes on past the cell)', () => {
    expect(describeCell(area, 0, 8)).toBe(
      'blocks 0–7 of area 1 (address 0x20000180): 3 objects and 2 free blocks; the largest, object (h) of 5 blocks (80 bytes), at block 7',
    );
    expect(describeCell(area, 12, 8)).toBe(
      'blocks 12–19 of area 1 (address 0x20000240): 1 object and 7 free blocks; it is list (L) of 1 block (16 bytes) at block 13',
    );
    expect(describeCell({ ...area, map: 'D=B==' }, 0, 8)).toBe(
      'blocks 0–4 of area 1 (address 0x20000180): 2 objects; the largest, bytecode function (B) of 3 blocks (48 bytes), at block 2',
    );
  });
});
