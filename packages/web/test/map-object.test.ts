/// <reference lib="dom" />
import { describe, expect, it } from 'vitest';
import { runAt } from '../src/map-object.js';
import { describeRun } from '../src/heap-map.js';

describe('runAt', () => {
  const map = 'D=B==..h====.L';
  it('finds the object a block belongs to, from its head on', () => {
    expect(runAt(map, 0)).toEqual({ free: false, block: 0, blocks: 2, letter: 'D', kind: 'dict' });
    expect(runAt(map, 4)).toEqual({ free: false, block: 2, blocks: 3, letter: 'B', kind: 'bytecode function' });
    expect(runAt(map, 13)).toEqual({ free: false, block: 13, blocks: 1, letter: 'L', kind: 'list' });
  });
  it('finds the free run a free block lies in', () => {
    expect(runAt(map, 6)).toEqual({ free: true, block: 5, blocks: 2, letter: '.', kind: 'free' });
    expect(runAt(map, 12)).toEqual({ free: true, block: 12, blocks: 1, letter: '.', kind: 'free' });
  });
  it('says where it is, in blocks, bytes and address', () => {
    const area = { area: 1, address: 0x20000180, blockBytes: 16, map };
    expect(describeRun(area, runAt(map, 9))).toBe('object (h) of 5 blocks (80 bytes) at area 1, block 7, address 0x200001f0');
    expect(describeRun(area, runAt(map, 12))).toBe('free run of 1 block (16 bytes) at area 1, block 12, address 0x20000240');
  });
});
