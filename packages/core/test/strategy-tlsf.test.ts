/**
 * TLSF: the two-level class mapping and its rounding bound, good fit from the smallest
 * non-empty class at or above the rounded request (lowest address within a class), the
 * failures good fit accepts, and its parameter.
 */
import { describe, expect, it } from 'vitest';
import { apply, applyAll, createHeap, forEachFreeRun, type HeapState } from '@heaplab/core';
import { floorLog2 } from '../src/strategies/log2.js';
import { tlsfClass, tlsfSearchSize } from '../src/strategies/tlsf.js';
import { alloc, placedAt, withHoles } from './support/holes.js';
import { inputError } from './support/input-error.js';

function freeRuns(state: HeapState): [number, number][] {
  const runs: [number, number][] = [];
  forEachFreeRun(state.tables[0]!, 1, (start, length) => {
    runs.push([start, length]);
  });
  return runs;
}

describe('TLSF class mapping', () => {
  it('maps sizes to (fl, sl): sli = 4 has exact classes below 2^5, then 16 per power of two; sli = 2 has 4 per power of two', () => {
    // [sli, blocks, fl, sl]
    const cases: [number, number, number, number][] = [
      [4, 1, 0, 0],
      [4, 2, 1, 0],
      [4, 3, 1, 1],
      [4, 5, 2, 1],
      [4, 15, 3, 7],
      [4, 16, 4, 0],
      [4, 31, 4, 15],
      [4, 32, 5, 0],
      [4, 33, 5, 0],
      [4, 34, 5, 1],
      [4, 63, 5, 15],
      [4, 100, 6, 9],
      [4, 1000, 9, 15],
      [4, 1024, 10, 0],
      [2, 3, 1, 1],
      [2, 7, 2, 3],
      [2, 8, 3, 0],
      [2, 9, 3, 0],
      [2, 13, 3, 2],
      [2, 15, 3, 3],
      [2, 100, 6, 2],
      [2, 127, 6, 3],
    ];
    for (const [sli, blocks, fl, sl] of cases) expect(tlsfClass(blocks, sli), `sli ${sli}, size ${blocks}`).toEqual({ fl, sl });
  });

  it('rounds a search up to the next class start (mapping_search)', () => {
    // [sli, blocks, search size]
    const cases: [number, number, number][] = [
      [4, 1, 1],
      [4, 31, 31],
      [4, 32, 32],
      [4, 33, 34],
      [4, 100, 100],
      [4, 101, 104],
      [4, 1000, 1024],
      [4, 1025, 1088],
      [2, 7, 7],
      [2, 8, 8],
      [2, 9, 10],
      [2, 13, 14],
      [2, 15, 16],
      [2, 65, 80],
      [2, 100, 112],
    ];
    for (const [sli, blocks, search] of cases) expect(tlsfSearchSize(blocks, sli), `sli ${sli}, size ${blocks}`).toBe(search);
  });

  it('keeps the rounding under 2^(fl − sli) and lands on a class start, for every size to 100000', () => {
    for (let sli = 1; sli <= 5; sli++) {
      for (let blocks = 1; blocks <= 100_000; blocks++) {
        const search = tlsfSearchSize(blocks, sli);
        const fl = floorLog2(blocks);
        if (search < blocks || search - blocks >= 2 ** (fl - sli)) expect.fail(`sli ${sli}, size ${blocks}: search ${search}`);
        // A class start: the size just below it is in another class (or it is the smallest size).
        const below = search === 1 ? null : tlsfClass(search - 1, sli);
        const at = tlsfClass(search, sli);
        if (below !== null && below.fl === at.fl && below.sl === at.sl) expect.fail(`sli ${sli}, size ${blocks}: ${search} is not a class start`);
      }
    }
  });

  it('finds first levels exactly where Math.log2 rounds, up to 2^52', () => {
    for (let k = 1; k <= 52; k++) {
      expect(floorLog2(2 ** k)).toBe(k);
      expect(floorLog2(2 ** k - 1)).toBe(k - 1);
      expect(tlsfClass(2 ** k - 1, 4).fl).toBe(k - 1);
    }
  });
});

describe('TLSF placement', () => {
  it('fails when the only run that fits is shorter than the rounded size, where best fit succeeds', () => {
    // 33 blocks with sli = 4 search for 34 (class [34, 36)); the only run is 33 long.
    const holes = [
      [10, 33],
      [60, 20],
      [100, 30],
    ] as const;
    expect(apply(withHoles('tlsf', 256, holes), alloc(33)).outcome.kind).toBe('memory-error');
    expect(placedAt(apply(withHoles('best-fit', 256, holes), alloc(33)).outcome)).toBe(10);
    // With sli = 5 sizes below 64 are exact classes: the run is found.
    expect(placedAt(apply(withHoles('tlsf', 256, holes, { sli: 5 }), alloc(33)).outcome)).toBe(10);
  });

  // sli = 2: class [40, 48) holds runs of 47 at 100 and 41 at 200; a run of 64 (class [64, 80)) lies at 10.
  const holes = [
    [10, 64],
    [100, 47],
    [200, 41],
  ] as const;
  const state = withHoles('tlsf', 512, holes, { sli: 2 });

  it('takes the lowest run of the smallest non-empty class, not the tightest run nor the lowest', () => {
    const { state: after, outcome } = apply(state, alloc(40));
    expect(placedAt(outcome)).toBe(100);
    expect(placedAt(apply(withHoles('best-fit', 512, holes), alloc(40)).outcome)).toBe(200);
    expect(placedAt(apply(withHoles('first-fit', 512, holes), alloc(40)).outcome)).toBe(10);
    // Split: the object takes exactly 40 blocks and the 7 after it stay free.
    expect(outcome.kind === 'placed' && outcome.at.blocks).toBe(40);
    expect(freeRuns(after)).toEqual([
      [10, 64],
      [140, 7],
      [200, 41],
    ]);
  });

  it('passes over runs that fit but lie below the rounded class', () => {
    // 41 searches for 48: the runs of 47 and 41 are in class [40, 48), so the 64 is taken.
    expect(placedAt(apply(state, alloc(41)).outcome)).toBe(10);
    expect(placedAt(apply(withHoles('best-fit', 512, holes), alloc(41)).outcome)).toBe(200);
  });

  it('keeps exact small classes: a request below 2^(sli+1) takes an exact fit if one is free', () => {
    // Holes of 20 and 6 blocks, then one of `last` blocks at 60; the request is for 5.
    const fiveAmong = (last: number): number =>
      placedAt(
        apply(
          withHoles('tlsf', 256, [
            [0, 20],
            [40, 6],
            [60, last],
          ]),
          alloc(5),
        ).outcome,
      );
    expect(fiveAmong(5)).toBe(60);
    expect(fiveAmong(7)).toBe(40);
  });

  it('coalesces at once: two freed neighbours serve a request neither could', () => {
    const { state: after, outcomes } = applyAll(createHeap({ strategy: 'tlsf', areas: [{ blocks: 64 }] }), [
      { op: 'alloc', id: 1, bytes: 20 * 16 },
      { op: 'alloc', id: 2, bytes: 20 * 16 },
      { op: 'alloc', id: 3, bytes: 24 * 16 },
      { op: 'free', id: 1 },
      { op: 'free', id: 2 },
      { op: 'alloc', id: 4, bytes: 40 * 16 },
    ]);
    expect(outcomes.map((o) => o.kind === 'placed' && o.at.block)).toEqual([0, 20, 40, false, false, 0]);
    expect(freeRuns(after)).toEqual([]);
  });

  it('rejects a bad or unknown parameter, naming the field', () => {
    const big = inputError(() => createHeap({ strategy: 'tlsf', strategyParams: { sli: 9 } }));
    expect(big.location.field).toBe('strategyParams.sli');
    expect(big.message).toMatch(/sli must be a whole number from 1 to 5, got 9/);
    expect(inputError(() => createHeap({ strategy: 'tlsf', strategyParams: { sli: 0 } })).location.field).toBe('strategyParams.sli');
    const unknown = inputError(() => createHeap({ strategy: 'tlsf', strategyParams: { fli: 3 } }));
    expect(unknown.location.field).toBe('strategyParams.fli');
    expect(unknown.message).toMatch(/no parameter "fli"; known: sli/);
  });
});
