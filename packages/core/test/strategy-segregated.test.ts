/**
 * Segregated fit: requests rounded up to their size class (the internal waste), free runs
 * listed by the largest class they hold, the search from the request's class list upwards
 * taking the lowest run of the first non-empty list, and the powers-of-two-only variant.
 */
import { describe, expect, it } from 'vitest';
import { apply, applyAll, createHeap, forEachFreeRun, objectsById, type HeapEvent } from '@heaplab/core';
import { sizeClassAtLeast, sizeClassAtMost } from '../src/strategies/segregated.js';
import { alloc, placedAt, withHoles } from './support/holes.js';
import { inputError } from './support/input-error.js';

describe('segregated size classes', () => {
  it('are the powers of two and their midpoints, or the powers of two alone', () => {
    const upTo100 = (classes: number): number[] => [...new Set(Array.from({ length: 100 }, (_, i) => sizeClassAtLeast(i + 1, classes)))];
    expect(upTo100(2)).toEqual([1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128]);
    expect(upTo100(1)).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    for (const classes of [1, 2]) {
      for (let blocks = 1; blocks <= 1000; blocks++) {
        const below = sizeClassAtMost(blocks, classes);
        const above = sizeClassAtLeast(blocks, classes);
        // A class is its own floor and ceiling; other sizes fall between two neighbouring classes.
        if (
          below > blocks ||
          above < blocks ||
          sizeClassAtLeast(below, classes) !== below ||
          (below !== above && sizeClassAtLeast(below + 1, classes) !== above)
        ) {
          expect.fail(`classes=${classes}, size ${blocks}: ${below} .. ${above}`);
        }
      }
    }
  });

  it('round each request up to its class, the difference being internal waste', () => {
    const sizes = [1, 3, 5, 7, 9, 13, 17, 25, 100];
    const rounded = (classes: number) => {
      const { state } = applyAll(
        createHeap({ strategy: 'segregated', strategyParams: { classes }, areas: [{ blocks: 1024 }] }),
        sizes.map((blocks, i): HeapEvent => ({ op: 'alloc', id: i + 1, bytes: blocks * 16 - 3 })),
      );
      return objectsById(state).map((o) => [o.blocks, o.blocks - Math.ceil(o.bytes / 16)]);
    };
    expect(rounded(2)).toEqual([
      [1, 0],
      [3, 0],
      [6, 1],
      [8, 1],
      [12, 3],
      [16, 3],
      [24, 7],
      [32, 7],
      [128, 28],
    ]);
    expect(rounded(1)).toEqual([
      [1, 0],
      [4, 1],
      [8, 3],
      [8, 1],
      [16, 7],
      [16, 3],
      [32, 15],
      [32, 7],
      [128, 28],
    ]);
  });

  it('fail a request whose class is larger than any free run, though its blocks would fit', () => {
    // 100 blocks take 128; the area's 120 blocks are all free.
    expect(apply(createHeap({ strategy: 'segregated', areas: [{ blocks: 120 }] }), alloc(100)).outcome.kind).toBe('memory-error');
    expect(placedAt(apply(createHeap({ strategy: 'segregated', areas: [{ blocks: 120 }] }), alloc(96)).outcome)).toBe(0);
  });

  it('reject a classes value other than 1 or 2', () => {
    const error = inputError(() => createHeap({ strategy: 'segregated', strategyParams: { classes: 3 } }));
    expect(error.location.field).toBe('strategyParams.classes');
  });
});

describe('segregated search', () => {
  // Runs by class list: 20@0 on 16, 5@40 on 4, 7@60 and 6@80 on 6, 9@100 on 8, 30@120 on 24.
  const holes = [
    [0, 20],
    [40, 5],
    [60, 7],
    [80, 6],
    [100, 9],
    [120, 30],
  ] as const;
  const state = withHoles('segregated', 256, holes);

  it("takes the lowest run of the request's own class list, not the tightest nor the lowest overall", () => {
    // 5 blocks take 6: list 6 holds 7@60 and 6@80; 5@40 is on list 4.
    const { state: after, outcome } = apply(state, alloc(5));
    expect(outcome).toMatchObject({ kind: 'placed', at: { block: 60, blocks: 6 } });
    expect(placedAt(apply(withHoles('best-fit', 256, holes), alloc(5)).outcome)).toBe(40);
    // The run is split: its seventh block stays free.
    const runs: number[][] = [];
    forEachFreeRun(after.tables[0]!, 1, (start, length) => {
      runs.push([start, length]);
    });
    expect(runs).toEqual([
      [0, 20],
      [40, 5],
      [66, 1],
      [80, 6],
      [100, 9],
      [120, 30],
    ]);
  });

  it('goes up the class lists until one has a run', () => {
    expect(placedAt(apply(state, alloc(7)).outcome)).toBe(100); // list 8
    expect(placedAt(apply(state, alloc(10)).outcome)).toBe(0); // list 12 empty: list 16
    expect(placedAt(apply(state, alloc(17)).outcome)).toBe(120); // list 24
    expect(apply(state, alloc(25)).outcome.kind).toBe('memory-error'); // takes 32
  });
});
