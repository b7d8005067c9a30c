/**
 * The engine against a deliberately plain reference: one array of block kinds per area, first
 * fit by a linear scan from block 0 of area 0, objects in a Map. Heaps here are big enough for
 * the block tables to be two and three levels deep, which the small conformance heaps are not.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns, fcTimeout } from '../../../test-support/fast-check-runs.js';
import { type AllocEvent, applyAll, createHeap, type FreeEvent, gcInfo, type HeapEvent, objectsById, type Outcome, type ReallocEvent } from '@heaplab/core';
import { eventStream } from './support/event-stream.js';

interface RefObject {
  area: number;
  block: number;
  blocks: number;
}

/** Placement only: alloc, free and realloc on plain arrays (no collections, lock or threshold). */
class Reference {
  readonly cells: number[][];
  readonly objects = new Map<number, RefObject>();

  constructor(areaBlocks: readonly number[]) {
    this.cells = areaBlocks.map((n) => new Array<number>(n).fill(0));
  }

  find(n: number): { area: number; block: number } | null {
    for (let area = 0; area < this.cells.length; area++) {
      let run = 0;
      const cells = this.cells[area]!;
      for (let b = 0; b < cells.length; b++) {
        run = cells[b] === 0 ? run + 1 : 0;
        if (run === n) return { area, block: b - n + 1 };
      }
    }
    return null;
  }

  mark(o: RefObject, value: number, from = 0): void {
    for (let i = from; i < o.blocks; i++) this.cells[o.area]![o.block + i] = value;
  }

  apply(event: HeapEvent): string {
    if (event.op === 'alloc') {
      const blocks = Math.ceil(event.bytes / 16);
      if (blocks === 0) return 'zero';
      const spot = this.find(blocks);
      if (spot === null) return 'memory-error';
      const o = { ...spot, blocks };
      this.mark(o, 1);
      this.objects.set(event.id, o);
      return `placed ${o.area}:${o.block}+${o.blocks}`;
    }
    if (event.op === 'free') {
      this.mark(this.objects.get(event.id)!, 0);
      this.objects.delete(event.id);
      return 'freed';
    }
    if (event.op === 'realloc') {
      const o = this.objects.get(event.id)!;
      const want = Math.ceil(event.bytes / 16);
      if (want === 0) {
        this.mark(o, 0);
        this.objects.delete(event.id);
        return 'freed';
      }
      if (want <= o.blocks) {
        this.mark(o, 0, want);
        o.blocks = want;
        return `realloc ${o.area}:${o.block}+${o.blocks}`;
      }
      const cells = this.cells[o.area]!;
      let free = 0;
      while (o.block + o.blocks + free < cells.length && cells[o.block + o.blocks + free] === 0 && o.blocks + free < want) free++;
      if (o.blocks + free >= want) {
        o.blocks = want;
        this.mark(o, 1);
        return `realloc ${o.area}:${o.block}+${o.blocks}`;
      }
      if (!event.move) return 'realloc-failed';
      const spot = this.find(want);
      if (spot === null) return 'memory-error';
      this.mark(o, 0);
      const moved = { ...spot, blocks: want };
      this.mark(moved, 1);
      this.objects.set(event.id, moved);
      return `realloc ${moved.area}:${moved.block}+${moved.blocks}`;
    }
    throw new Error(`reference model: unexpected ${event.op}`);
  }
}

function summary(o: Outcome): string {
  switch (o.kind) {
    case 'placed':
      return `placed ${o.at.area}:${o.at.block}+${o.at.blocks}`;
    case 'realloc':
      return `realloc ${o.to.area}:${o.to.block}+${o.to.blocks}`;
    default:
      return o.kind;
  }
}

/** The stream's alloc/free/realloc events only, with auto-collection off so nothing else frees. */
function placementEvents(seed: number, length: number, blocks: number): (AllocEvent | FreeEvent | ReallocEvent)[] {
  return eventStream(seed, length, blocks).filter((e): e is AllocEvent | FreeEvent | ReallocEvent => e.op === 'alloc' || e.op === 'free' || e.op === 'realloc');
}

describe('engine vs a plain reference allocator', () => {
  it('places, frees and reallocs identically on large multi-area heaps (property)', { timeout: fcTimeout(60_000) }, () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom([6000], [300, 5000], [16, 64, 70000], [4100, 4100, 4100]), (seed, areaBlocks) => {
        const heapBlocks = areaBlocks.reduce((a, b) => a + b, 0);
        const source = placementEvents(seed, 1500, heapBlocks);
        const reference = new Reference(areaBlocks);
        const state = createHeap({ areas: areaBlocks.map((blocks) => ({ blocks })) });
        // Frees of objects the reference never placed are dropped along with their allocs.
        const events: HeapEvent[] = [{ op: 'disable' }];
        const expected: string[] = ['ok'];
        for (const event of source) {
          if (event.op !== 'alloc' && !reference.objects.has(event.id)) continue;
          events.push(event);
          expected.push(reference.apply(event));
        }
        const { outcomes, state: end } = applyAll(state, events);
        expect(outcomes.map(summary)).toEqual(expected);
        const live = objectsById(end).map((o) => `${o.id}@${o.area}:${o.block}+${o.blocks}`);
        expect(live).toEqual([...reference.objects].sort((a, b) => a[0] - b[0]).map(([id, o]) => `${id}@${o.area}:${o.block}+${o.blocks}`));
        const usedBlocks = reference.cells.flat().filter((c) => c !== 0).length;
        expect(gcInfo(end).used).toBe(usedBlocks * 16);
      }),
      { numRuns: fcRuns(40) },
    );
  });
});
