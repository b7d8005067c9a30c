/**
 * The binary buddy system: power-of-two objects aligned to their size, freed buddies merge and
 * non-buddies don't, the smallest sufficient buddy block is split, growth in place only while
 * aligned, and, over random programs, the same placements and free lists as a textbook buddy
 * allocator with split and merge.
 */
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { describe, expect, it } from 'vitest';
import { apply, applyAll, createHeap, forEachFreeRun, objectsById, type HeapEvent, type HeapState, type Outcome } from '@heaplab/core';
import { inputError } from './support/input-error.js';

const heap = (blocks: number, strategyParams: Record<string, number> = {}): HeapState => createHeap({ strategy: 'buddy', strategyParams, areas: [{ blocks }] });

function placedAt(outcome: Outcome): { block: number; blocks: number } {
  if (outcome.kind !== 'placed') throw new Error(`expected placed, got ${outcome.kind}`);
  return { block: outcome.at.block, blocks: outcome.at.blocks };
}

function run(state: HeapState, events: HeapEvent[]): { state: HeapState; outcomes: readonly Outcome[] } {
  const result = applyAll(state, events);
  for (const o of result.outcomes) expect(o.kind, JSON.stringify(o)).not.toBe('rejected');
  return result;
}

const isPowerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

describe('buddy placement', () => {
  it('rounds every object to a power of two aligned to its size', () => {
    const sizes = [1, 3, 5, 2, 17, 7, 1, 33, 9, 4];
    const { state } = run(
      heap(256),
      sizes.map((blocks, i) => ({ op: 'alloc', id: i + 1, bytes: blocks * 16 - 5 })),
    );
    const objects = objectsById(state);
    expect(objects.map((o) => o.blocks)).toEqual([1, 4, 8, 2, 32, 8, 1, 64, 16, 4]);
    for (const o of objects) expect(o.block % o.blocks, `object ${o.id} at ${o.block}`).toBe(0);
  });

  it('merges two freed buddies: the doubled request lands at the pair', () => {
    // 4@0, 4@4, 8@8, 1@16; free 8@24 and 32@32 remain.
    const { state } = run(heap(64), [
      { op: 'alloc', id: 1, bytes: 4 * 16 },
      { op: 'alloc', id: 2, bytes: 4 * 16 },
      { op: 'alloc', id: 3, bytes: 8 * 16 },
      { op: 'alloc', id: 4, bytes: 16 },
      { op: 'free', id: 1 },
      { op: 'free', id: 2 },
    ]);
    expect(placedAt(apply(state, { op: 'alloc', id: 5, bytes: 8 * 16 }).outcome)).toEqual({ block: 0, blocks: 8 });
  });

  it('does not merge neighbours that are not buddies', () => {
    // Blocks 4–11 are free together, but as 4@4 and 4@8: no aligned 8 is free.
    const { state } = run(heap(64), [
      ...[1, 2, 3, 4].map((id): HeapEvent => ({ op: 'alloc', id, bytes: 4 * 16 })),
      { op: 'alloc', id: 5, bytes: 16 * 16 },
      { op: 'alloc', id: 6, bytes: 32 * 16 },
      { op: 'free', id: 2 },
      { op: 'free', id: 3 },
    ]);
    expect(apply(state, { op: 'alloc', id: 7, bytes: 8 * 16 }).outcome.kind).toBe('memory-error');
    expect(apply(state, { op: 'alloc', id: 7, bytes: 4 * 16 }).outcome).toMatchObject({ kind: 'placed', at: { block: 4, blocks: 4 } });
  });

  it('splits the smallest free buddy block that is large enough, the lowest on a tie', () => {
    // Free: 16@0, 4@32 and 4@44 (the rest held by objects placed by hand).
    const { state } = run(heap(64), [
      { op: 'alloc', id: 1, bytes: 16 * 16, at: { area: 0, block: 16 } },
      { op: 'alloc', id: 2, bytes: 8 * 16, at: { area: 0, block: 36 } },
      { op: 'alloc', id: 3, bytes: 16 * 16, at: { area: 0, block: 48 } },
    ]);
    expect(placedAt(apply(state, { op: 'alloc', id: 9, bytes: 3 * 16 }).outcome)).toEqual({ block: 32, blocks: 4 });
    expect(placedAt(apply(state, { op: 'alloc', id: 9, bytes: 5 * 16 }).outcome)).toEqual({ block: 0, blocks: 8 });
    // A split leaves the upper halves free: 1 block from 4@32 leaves 1@33 and 2@34.
    const { outcomes } = run(state, [
      { op: 'alloc', id: 9, bytes: 16 },
      { op: 'alloc', id: 10, bytes: 2 * 16 },
      { op: 'alloc', id: 11, bytes: 16 },
    ]);
    expect(outcomes.map((o) => placedAt(o).block)).toEqual([32, 34, 33]);
  });

  it('treats an area as the binary decomposition of its size', () => {
    // 100 blocks = 64@0 + 32@64 + 4@96: a 64-block request fits once, a second one does not.
    const { outcomes } = run(heap(100), [
      { op: 'alloc', id: 1, bytes: 64 * 16 },
      { op: 'alloc', id: 2, bytes: 4 * 16 },
      { op: 'alloc', id: 3, bytes: 32 * 16 },
      { op: 'alloc', id: 4, bytes: 33 * 16 },
    ]);
    expect(outcomes.map((o) => (o.kind === 'placed' ? o.at.block : o.kind))).toEqual([0, 96, 64, 'memory-error']);
  });

  it('grows in place only when the block stays aligned to the grown size', () => {
    const aligned = run(heap(64), [{ op: 'alloc', id: 1, bytes: 4 * 16 }]).state;
    expect(apply(aligned, { op: 'realloc', id: 1, bytes: 5 * 16, move: false }).outcome).toMatchObject({
      kind: 'realloc',
      result: 'grow',
      to: { block: 0, blocks: 8 },
    });

    // Object 2 at block 4 with blocks 8–63 free: growing to 8 would leave it unaligned.
    const unaligned = run(heap(64), [
      { op: 'alloc', id: 1, bytes: 4 * 16 },
      { op: 'alloc', id: 2, bytes: 4 * 16 },
      { op: 'free', id: 1 },
    ]).state;
    expect(apply(unaligned, { op: 'realloc', id: 2, bytes: 8 * 16, move: false }).outcome).toMatchObject({ kind: 'realloc-failed', reason: 'no-move' });
    expect(apply(unaligned, { op: 'realloc', id: 2, bytes: 8 * 16, move: true }).outcome).toMatchObject({
      kind: 'realloc',
      result: 'moved',
      to: { block: 8, blocks: 8 },
    });
  });

  it('shrinks in place into aligned buddies', () => {
    // 16@0 shrunk to 4 frees 4@4 and 8@8: an 8-block request takes 8, a 4-block one 4.
    const { state, outcomes } = run(heap(64), [
      { op: 'alloc', id: 1, bytes: 16 * 16 },
      { op: 'realloc', id: 1, bytes: 3 * 16, move: false },
      { op: 'alloc', id: 2, bytes: 8 * 16 },
      { op: 'alloc', id: 3, bytes: 4 * 16 },
    ]);
    expect(outcomes[1]).toMatchObject({ kind: 'realloc', result: 'shrink', to: { block: 0, blocks: 4 } });
    expect(objectsById(state).map((o) => [o.block, o.blocks])).toEqual([
      [0, 4],
      [8, 8],
      [4, 4],
    ]);
  });

  it('takes a minimum order', () => {
    const { outcomes } = run(heap(64, { min: 2 }), [
      { op: 'alloc', id: 1, bytes: 1 },
      { op: 'alloc', id: 2, bytes: 5 * 16 },
    ]);
    expect(outcomes.map((o) => placedAt(o))).toEqual([
      { block: 0, blocks: 4 },
      { block: 8, blocks: 8 },
    ]);
    const error = inputError(() => heap(64, { min: 11 }));
    expect(error.location.field).toBe('strategyParams.min');
    expect(inputError(() => heap(64, { order: 1 })).location.field).toBe('strategyParams.order');
  });
});

/**
 * A textbook buddy allocator for one area of `size` blocks: free lists of aligned blocks, split
 * on allocation, merged with a free buddy on release.
 */
class ReferenceBuddy {
  /** Free blocks as [start, size]. */
  readonly free: [number, number][] = [];

  constructor(readonly size: number) {
    let start = 0;
    for (let bit = 2 ** 30; bit >= 1; bit /= 2) {
      if ((size & bit) !== 0) {
        this.free.push([start, bit]);
        start += bit;
      }
    }
  }

  alloc(size: number): number | null {
    let best = -1;
    this.free.forEach(([start, length], i) => {
      const chosen = this.free[best];
      if (length >= size && (chosen === undefined || length < chosen[1] || (length === chosen[1] && start < chosen[0]))) best = i;
    });
    if (best < 0) return null;
    const [start, length] = this.free.splice(best, 1)[0]!;
    for (let half = length / 2; half >= size; half /= 2) this.free.push([start + half, half]);
    return start;
  }

  release(start: number, size: number): void {
    for (;;) {
      const buddy = start ^ size;
      const merged = Math.min(start, buddy);
      const at = this.free.findIndex(([s, l]) => s === buddy && l === size);
      if (at < 0 || merged + 2 * size > this.size) break;
      this.free.splice(at, 1);
      start = merged;
      size *= 2;
    }
    this.free.push([start, size]);
  }

  /** Grows [start, start + from) to `to` blocks if the buddies that make it up are free. */
  grow(start: number, from: number, to: number): boolean {
    if (start % to !== 0) return false;
    const parts: number[] = [];
    for (let half = from; half < to; half *= 2) {
      const at = this.free.findIndex(([s, l]) => s === start + half && l === half);
      if (at < 0) return false;
      parts.push(at);
    }
    for (const at of parts.sort((a, b) => b - a)) this.free.splice(at, 1);
    return true;
  }

  shrink(start: number, from: number, to: number): void {
    for (let half = to; half < from; half *= 2) this.release(start + half, half);
  }

  sorted(): [number, number][] {
    return [...this.free].sort((a, b) => a[0] - b[0]);
  }
}

/** The heap's free space cut greedily into the largest aligned powers of two. */
function freeBuddies(state: HeapState, area: number): [number, number][] {
  const blocks: [number, number][] = [];
  forEachFreeRun(state.tables[area]!, 1, (start, length) => {
    for (let p = start; p < start + length; ) {
      let size = 1;
      while (p % (size * 2) === 0 && p + size * 2 <= start + length) size *= 2;
      blocks.push([p, size]);
      p += size;
    }
  });
  return blocks;
}

const pow2 = (blocks: number): number => 2 ** Math.ceil(Math.log2(blocks));

const command = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('alloc' as const), blocks: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 80 })) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('realloc' as const), pick: fc.nat(), blocks: fc.integer({ min: 1, max: 64 }), move: fc.boolean() }) },
);

describe('buddy against a reference buddy allocator', () => {
  it('places, grows, shrinks and fails as it does, with the same free buddy blocks', () => {
    fc.assert(
      fc.property(fc.constantFrom([256], [100], [48, 300]), fc.array(command, { maxLength: 80 }), (areas, commands) => {
        let state = createHeap({ strategy: 'buddy', areas: areas.map((blocks) => ({ blocks })) });
        const models = areas.map((blocks) => new ReferenceBuddy(blocks));
        const live: number[] = [];
        const where = new Map<number, { area: number; block: number; blocks: number }>();
        let nextId = 1;
        const allocate = (size: number): { area: number; block: number } | null => {
          for (let area = 0; area < models.length; area++) {
            const block = models[area]!.alloc(size);
            if (block !== null) return { area, block };
          }
          return null;
        };
        for (const c of commands) {
          if (c.op === 'alloc' || live.length === 0) {
            const id = nextId++;
            const blocks = c.op === 'free' ? 1 : c.blocks;
            const size = pow2(blocks);
            const { state: after, outcome } = apply(state, { op: 'alloc', id, bytes: blocks * 16 });
            const expected = allocate(size);
            if (expected === null) {
              expect(outcome.kind).toBe('memory-error');
            } else {
              expect(outcome).toMatchObject({ kind: 'placed', at: { ...expected, blocks: size } });
              live.push(id);
              where.set(id, { ...expected, blocks: size });
            }
            state = after;
          } else if (c.op === 'free') {
            const id = live.splice(c.pick % live.length, 1)[0]!;
            const at = where.get(id)!;
            state = apply(state, { op: 'free', id }).state;
            models[at.area]!.release(at.block, at.blocks);
          } else {
            const id = live[c.pick % live.length]!;
            const at = where.get(id)!;
            const model = models[at.area]!;
            const size = pow2(c.blocks);
            const { state: after, outcome } = apply(state, { op: 'realloc', id, bytes: c.blocks * 16, move: c.move });
            state = after;
            if (size <= at.blocks) {
              model.shrink(at.block, at.blocks, size);
              where.set(id, { ...at, blocks: size });
            } else if (model.grow(at.block, at.blocks, size)) {
              expect(outcome).toMatchObject({ kind: 'realloc', result: 'grow' });
              where.set(id, { ...at, blocks: size });
            } else if (!c.move) {
              expect(outcome).toMatchObject({ kind: 'realloc-failed' });
            } else {
              const moved = allocate(size);
              if (moved === null) {
                expect(outcome.kind).toBe('memory-error');
              } else {
                expect(outcome).toMatchObject({ kind: 'realloc', result: 'moved', to: { ...moved, blocks: size } });
                model.release(at.block, at.blocks);
                where.set(id, { ...moved, blocks: size });
              }
            }
          }
          for (const o of objectsById(state)) {
            expect(isPowerOfTwo(o.blocks) && o.block % o.blocks === 0, `object ${o.id}: ${o.blocks} at ${o.block}`).toBe(true);
            expect(where.get(o.id)).toEqual({ area: o.area, block: o.block, blocks: o.blocks });
          }
          for (const [area, model] of models.entries()) expect(freeBuddies(state, area)).toEqual(model.sorted());
        }
      }),
      { numRuns: fcRuns(150) },
    );
  });
});
