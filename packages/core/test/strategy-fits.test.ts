/**
 * What each fit policy is known for, on heaps laid out by hand: best fit takes the tightest
 * hole, worst fit the largest, next fit resumes where it left off, two-ended puts long-lived
 * objects at the top, and the by-size area policy routes small and large requests apart.
 */
import { describe, expect, it } from 'vitest';
import {
  apply,
  applyAll,
  createHeap,
  parseStrategySpec,
  strategySpec,
  resolveConfig,
  type HeapConfigInput,
  type HeapEvent,
  type HeapState,
} from '@heaplab/core';
import { placedAt } from './support/holes.js';

/** A 64-block heap with free holes of 6, 2, 4 and 10 blocks (at 4, 14, 20 and 30), the rest full. */
function holes(strategy: string): HeapState {
  const pattern: [number, boolean][] = [
    [4, true],
    [6, false],
    [4, true],
    [2, false],
    [4, true],
    [4, false],
    [6, true],
    [10, false],
    [24, true],
  ];
  const events: HeapEvent[] = [];
  let id = 1;
  for (const [blocks] of pattern) events.push({ op: 'alloc', id: id++, bytes: blocks * 16 });
  pattern.forEach(([, keep], i) => {
    if (!keep) events.push({ op: 'free', id: i + 1 });
  });
  return applyAll(createHeap({ strategy, areas: [{ blocks: 64 }] }), events).state;
}

describe('fit policies on a heap with holes of 6, 2, 4 and 10 blocks', () => {
  it('first fit takes the lowest hole that fits', () => {
    expect(placedAt(apply(holes('first-fit'), { op: 'alloc', id: 99, bytes: 3 * 16 }).outcome)).toBe(4);
  });

  it('best fit takes the tightest hole', () => {
    const state = holes('best-fit');
    expect(placedAt(apply(state, { op: 'alloc', id: 99, bytes: 3 * 16 }).outcome)).toBe(20);
    expect(placedAt(apply(state, { op: 'alloc', id: 99, bytes: 2 * 16 }).outcome)).toBe(14);
    expect(placedAt(apply(state, { op: 'alloc', id: 99, bytes: 7 * 16 }).outcome)).toBe(30);
  });

  it('worst fit takes the largest hole', () => {
    expect(placedAt(apply(holes('worst-fit'), { op: 'alloc', id: 99, bytes: 16 }).outcome)).toBe(30);
  });

  it('next fit resumes after its last placement and wraps around', () => {
    let state = holes('next-fit');
    const at: number[] = [];
    for (let id = 100; id < 105; id++) {
      const step = apply(state, { op: 'alloc', id, bytes: 2 * 16 });
      at.push(placedAt(step.outcome));
      state = step.state;
    }
    // 4, 6 fill the first hole; 8 is taken; 14 is next; 20 and 22 fill the third hole.
    expect(at).toEqual([4, 6, 8, 14, 20]);
    // The rover now sits at 22: a free at block 4 is not revisited until the search wraps.
    state = apply(state, { op: 'free', id: 100 }).state;
    expect(placedAt(apply(state, { op: 'alloc', id: 200, bytes: 2 * 16 }).outcome)).toBe(22);
    expect(state.strategyState).toEqual({ area: 0, block: 22 });
  });

  it('next fit wraps to the start when nothing fits after the rover', () => {
    let state = createHeap({ strategy: 'next-fit', areas: [{ blocks: 8 }] });
    state = applyAll(state, [
      { op: 'alloc', id: 1, bytes: 64 },
      { op: 'alloc', id: 2, bytes: 64 },
      { op: 'free', id: 1 },
    ]).state;
    expect(placedAt(apply(state, { op: 'alloc', id: 3, bytes: 32 }).outcome)).toBe(0);
  });

  it('two-ended puts long-lived objects at the top and the rest at the bottom', () => {
    const state = createHeap({ strategy: 'two-ended', areas: [{ blocks: 64 }] });
    const { outcomes } = applyAll(state, [
      { op: 'alloc', id: 1, bytes: 4 * 16, longLived: true },
      { op: 'alloc', id: 2, bytes: 2 * 16 },
      { op: 'alloc', id: 3, bytes: 16, longLived: true },
    ]);
    expect(outcomes.map(placedAt)).toEqual([60, 0, 59]);
  });
});

describe('area policies', () => {
  const areas: HeapConfigInput['areas'] = [{ blocks: 400 }, { blocks: 40 }];

  it('in-order tries the areas in registration order', () => {
    const { outcome } = apply(createHeap({ strategy: 'first-fit', areas }), { op: 'alloc', id: 1, bytes: 32 });
    expect(outcome.kind === 'placed' && outcome.at.area).toBe(0);
  });

  it('by-size sends small requests to the small area and large ones to the large area', () => {
    for (const strategy of ['first-fit', 'best-fit', 'micropython']) {
      const state = createHeap({ strategy, areas, areaPolicy: { kind: 'by-size', smallBytes: 64 } });
      const { outcomes } = applyAll(state, [
        { op: 'alloc', id: 1, bytes: 64 },
        { op: 'alloc', id: 2, bytes: 65 },
      ]);
      expect(outcomes.map((o) => o.kind === 'placed' && o.at.area)).toEqual([1, 0]);
    }
  });

  it('by-size routes by the bytes asked for, not by what a rounding strategy makes of them', () => {
    // 150 bytes need 10 blocks; buddy takes 16, above the 12-block (200-byte) limit.
    const state = createHeap({ strategy: 'buddy', areas, areaPolicy: { kind: 'by-size', smallBytes: 200 } });
    const { outcome } = apply(state, { op: 'alloc', id: 1, bytes: 150 });
    expect(outcome.kind === 'placed' && [outcome.at.area, outcome.at.blocks]).toEqual([1, 16]);
  });

  it('by-size falls back to the other area when the first choice is full', () => {
    // Small requests (up to 256 bytes) go to the 40-block area until it has no room left.
    const state = createHeap({ strategy: 'first-fit', areas, areaPolicy: 'by-size' });
    const { outcomes } = applyAll(state, [
      { op: 'alloc', id: 1, bytes: 13 * 16 },
      { op: 'alloc', id: 2, bytes: 13 * 16 },
      { op: 'alloc', id: 3, bytes: 13 * 16 },
      { op: 'alloc', id: 4, bytes: 2 * 16 },
    ]);
    expect(outcomes.map((o) => o.kind === 'placed' && o.at.area)).toEqual([1, 1, 1, 0]);
  });
});

describe('strategy specs', () => {
  it('round-trip through the configuration', () => {
    for (const text of ['micropython', 'next-fit', 'first-fit@by-size=512', 'tlsf:sli=5', 'buddy:a=1:b=2@by-size=64']) {
      const config = resolveConfig(parseStrategySpec(text));
      expect(strategySpec(config)).toBe(text);
    }
  });

  it('say what is wrong with a bad spec', () => {
    expect(() => parseStrategySpec('best-fit:sli')).toThrow(/strategy: bad strategy "best-fit:sli": parameter "sli" is not KEY=N/);
    expect(() => parseStrategySpec('best-fit@sideways')).toThrow(/area policy "sideways" is not in-order or by-size/);
    expect(() => createHeap({ strategy: 'best-fit', strategyParams: { sli: 4 } })).toThrow(
      /strategyParams.sli: strategy best-fit has no parameter "sli"; it takes none/,
    );
  });
});
