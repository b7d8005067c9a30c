/**
 * memInfoLineKind: which line of mem_info output a line starts like, as the dump parser and the
 * capture extractor both read it.
 */
import { describe, expect, it } from 'vitest';
import { memInfoLineKind, memInfoText } from '@heaplab/core';
import { buildHeap } from './support/build-heap.js';

describe('memInfoLineKind', () => {
  it("names every line of the engine's mem_info(1) text, in printed order", () => {
    const state = buildHeap(
      [512, 64],
      [
        [
          [0, 3],
          [500, 2],
        ],
        [[10, 2]],
      ],
    );
    const text = memInfoText(state, { verbose: true, stack: { used: 100, limit: 4096 }, memStats: { total: 10, current: 9, peak: 11 } });
    const kinds = text.trimEnd().split('\n').map(memInfoLineKind);
    expect(kinds).toEqual(['mem', 'stack', 'gc', 'blocks', 'header', 'dump', 'collapse', 'dump', 'header', 'dump']);
  });

  it('knows a mangled line by how it starts', () => {
    expect(memInfoLineKind('mem:total=1')).toBe('mem');
    expect(memInfoLineKind('stack: lots')).toBe('stack');
    expect(memInfoLineKind('GC: total: 2048, used: lots')).toBe('gc');
    expect(memInfoLineKind('No. of 1-blocks: ?')).toBe('blocks');
    expect(memInfoLineKind('GC memory layout; from 0x2000:')).toBe('header');
    expect(memInfoLineKind('00000400:')).toBe('dump');
    expect(memInfoLineKind('00400: h=')).toBe('dump');
    expect(memInfoLineKind('       (3 lines all free)')).toBe('collapse');
  });

  it('leaves out what mem_info does not print', () => {
    for (const line of ['>>> micropython.mem_info(1)', '', 'I (8812) wifi: connected', 'memory: 5', 'GC collected 3', '0000400: h', '#heaplab-end v1 seq=1']) {
      expect(memInfoLineKind(line)).toBeNull();
    }
  });
});
