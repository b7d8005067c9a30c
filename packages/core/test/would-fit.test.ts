/**
 * wouldFit: one more allocation placed on a heap as it is (first fit, no collection), and the
 * probe's id, which no live object may have, on heaps whose ids are not 0…n−1 in allocation
 * order (a dump's heap after a free or an allocation, ids the program chose).
 */
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { describe, expect, it } from 'vitest';
import {
  apply,
  applyAll,
  createHeap,
  getObject,
  heapFromMemInfo,
  memInfoText,
  stateHash,
  unusedObjectId,
  wouldFit,
  wouldFitEach,
  type HeapEvent,
  type HeapState,
} from '@heaplab/core';
import { buildHeap } from './support/build-heap.js';

/** The heap a mem_info(1) dump of 64 blocks shows, objects (ids 0, 1, 2) at blocks 0–3, 10–11 and 20–27. */
function dumpedHeap(): HeapState {
  const built = buildHeap(
    [64],
    [
      [
        [0, 4],
        [10, 2],
        [20, 8],
      ],
    ],
  );
  return heapFromMemInfo(memInfoText(built, { verbose: true, stack: { used: 100 } }));
}

/** Applies events that must all succeed. */
function changed(state: HeapState, events: readonly HeapEvent[]): HeapState {
  const { state: next, outcomes } = applyAll(state, events);
  for (const outcome of outcomes) expect(outcome.kind).not.toBe('rejected');
  return next;
}

describe('wouldFit', () => {
  it('places the request with first fit and leaves the state as it was', () => {
    const state = dumpedHeap();
    const hash = stateHash(state);
    expect(wouldFit(state, 6 * 16)).toEqual({ fits: true, at: { area: 0, block: 4, blocks: 6 } });
    expect(wouldFit(state, 7 * 16)).toEqual({ fits: true, at: { area: 0, block: 12, blocks: 7 } });
    expect(wouldFit(state, 1)).toEqual({ fits: true, at: { area: 0, block: 4, blocks: 1 } });
    expect(stateHash(state)).toBe(hash);
  });

  it('gives the MemoryError facts of a request that does not fit', () => {
    const state = dumpedHeap();
    // Free: 4–9, 12–19 and 28–63 (36 blocks), 50 blocks in all.
    expect(wouldFit(state, 37 * 16)).toEqual({
      fits: false,
      facts: { bytes: 592, blocks: 37, locked: false, freeBytes: 800, largestFreeRun: [36], collection: null },
    });
  });

  it('does not collect: unreachable objects count as live', () => {
    const full = changed(createHeap({ areas: [{ blocks: 64 }] }), [{ op: 'alloc', id: 0, bytes: 64 * 16, root: false }]);
    expect(wouldFit(full, 16)).toMatchObject({ fits: false, facts: { blocks: 1, freeBytes: 0, collection: null } });
    // An allocation proper would have collected the garbage and fitted.
    expect(apply(full, { op: 'alloc', id: 1, bytes: 16 }).outcome.kind).toBe('placed');
  });

  it('fails on a locked heap', () => {
    const locked = changed(dumpedHeap(), [{ op: 'lock' }]);
    expect(wouldFit(locked, 16)).toMatchObject({ fits: false, facts: { locked: true } });
  });

  it('refuses a request that is not a whole number of bytes, 1 or more', () => {
    const state = dumpedHeap();
    for (const bytes of [0, -16, 1.5, Number.NaN]) expect(() => wouldFit(state, bytes)).toThrow(RangeError);
  });
});

describe('wouldFitEach: requests placed one after another', () => {
  it('each takes its place before the next is placed; the state is left as it was', () => {
    const state = dumpedHeap();
    const hash = stateHash(state);
    // Free: 4–9, 12–19, 28–63. One block takes block 4; 6 blocks then no longer fit at 4.
    expect(wouldFitEach(state, [{ bytes: 16, kind: 'A' }, { bytes: 6 * 16 }])).toEqual({
      fits: true,
      at: [
        { area: 0, block: 4, blocks: 1 },
        { area: 0, block: 12, blocks: 6 },
      ],
    });
    expect(wouldFitEach(state, [])).toEqual({ fits: true, at: [] });
    expect(stateHash(state)).toBe(hash);
  });

  it('stops at the first that fails: the ones placed before it, its index and its facts', () => {
    const state = dumpedHeap();
    const probe = wouldFitEach(state, [{ bytes: 36 * 16 }, { bytes: 16 }, { bytes: 9 * 16 }, { bytes: 16 }]);
    expect(probe).toEqual({
      fits: false,
      at: [
        { area: 0, block: 28, blocks: 36 },
        { area: 0, block: 4, blocks: 1 },
      ],
      failed: 2,
      facts: { bytes: 144, blocks: 9, locked: false, freeBytes: 208, largestFreeRun: [8], collection: null },
    });
  });

  it('gives every request an id of its own when live ids leave holes', () => {
    const state = changed(dumpedHeap(), [{ op: 'free', id: 1 }]);
    expect(unusedObjectId(state)).toBe(1);
    const probe = wouldFitEach(state, [{ bytes: 16 }, { bytes: 16 }, { bytes: 16 }]);
    expect(probe).toEqual({
      fits: true,
      at: [4, 5, 6].map((block) => ({ area: 0, block, blocks: 1 })),
    });
  });

  it('refuses a request that is not a whole number of bytes, 1 or more', () => {
    expect(() => wouldFitEach(dumpedHeap(), [{ bytes: 16 }, { bytes: 0 }])).toThrow(RangeError);
  });
});

describe('the probe id never collides with a live object', () => {
  it('on a dump heap after a free: the object count is a live id', () => {
    const state = changed(dumpedHeap(), [{ op: 'free', id: 0 }]);
    expect(getObject(state, state.objectCount)).toBeDefined();
    expect(wouldFit(state, 4 * 16)).toEqual({ fits: true, at: { area: 0, block: 0, blocks: 4 } });
    expect(wouldFit(state, 37 * 16)).toMatchObject({ fits: false, facts: { blocks: 37 } });
    expect(unusedObjectId(state)).toBe(0);
  });

  it('on a dump heap after an allocation under a chosen id: the serial is a live id', () => {
    const dumped = dumpedHeap();
    const state = changed(dumped, [{ op: 'alloc', id: dumped.serial + 1, bytes: 16 }]);
    expect(getObject(state, state.serial)).toBeDefined();
    expect(wouldFit(state, 16)).toEqual({ fits: true, at: { area: 0, block: 5, blocks: 1 } });
    expect(wouldFit(state, 37 * 16)).toMatchObject({ fits: false, facts: { blocks: 37 } });
    expect(unusedObjectId(state)).toBe(3);
  });

  it('on any set of live ids: the smallest id not live', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(fc.nat(40), fc.constant(Number.MAX_SAFE_INTEGER)), { maxLength: 30 }), fc.array(fc.nat(29)), (ids, frees) => {
        const allocs: HeapEvent[] = ids.map((id) => ({ op: 'alloc', id, bytes: 16 }));
        const freed = [...new Set(frees.filter((i) => i < ids.length).map((i) => ids[i]!))];
        const state = changed(createHeap({ areas: [{ blocks: 64 }] }), [...allocs, ...freed.map((id): HeapEvent => ({ op: 'free', id }))]);
        const id = unusedObjectId(state);
        expect(getObject(state, id)).toBeUndefined();
        for (let smaller = 0; smaller < id; smaller++) expect(getObject(state, smaller)).toBeDefined();
        expect(wouldFit(state, 16).fits).toBe(true);
      }),
      { numRuns: fcRuns(200) },
    );
  });
});
