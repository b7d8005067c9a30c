/**
 * Worked examples of gc.c's rules — `gc_alloc` rounding and first fit, areas, `gc_realloc`, the
 * threshold, lock and disable, and `gc_dump_alloc_table`'s collapsed lines — through the event API
 * (the `.ops` fixtures from the real allocator cover the same ground through the scenario language).
 */
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, dumpAllocTable, gcInfo, memFree, type HeapEvent, type HeapState, type Outcome } from '@heaplab/core';

const heap8k = (): HeapState => createHeap({ areas: [{ bytes: 8192 }] });

function run(state: HeapState, events: HeapEvent[]): { state: HeapState; outcomes: readonly Outcome[] } {
  return applyAll(state, events);
}

function blockOf(outcome: Outcome | undefined): number | null {
  return outcome?.kind === 'placed' ? outcome.at.block : null;
}

const alloc = (id: number, bytes: number, extra: Partial<Extract<HeapEvent, { op: 'alloc' }>> = {}): HeapEvent => ({ op: 'alloc', id, bytes, ...extra });

describe("gc.c's rules, worked examples", () => {
  it('R1: 0 / 1 / 16 / 17 / 33 / 1000 bytes → NULL / block 0 / 1 / 2–3 / 4–6 / 7–69', () => {
    const { outcomes } = run(heap8k(), [alloc(0, 0), alloc(1, 1), alloc(2, 16), alloc(3, 17), alloc(4, 33), alloc(5, 1000)]);
    expect(outcomes[0]).toEqual({ kind: 'zero', id: 0 });
    expect(outcomes.slice(1).map((o) => (o.kind === 'placed' ? [o.at.block, o.at.blocks] : null))).toEqual([
      [0, 1],
      [1, 1],
      [2, 2],
      [4, 3],
      [7, 63],
    ]);
  });

  it('F1: first fit skips a hole that is too small and fills it later', () => {
    const { outcomes } = run(heap8k(), [alloc(1, 48), alloc(2, 32), alloc(3, 48), { op: 'free', id: 2 }, alloc(4, 16), alloc(5, 32), alloc(6, 16)]);
    expect(outcomes.slice(4).map(blockOf)).toEqual([3, 8, 4]);
  });

  it('F2: a checkerboard heap fails a 48-byte request with 4000 bytes free', () => {
    const fill = Array.from({ length: 250 }, (_, i) => alloc(i, 32));
    const holes = Array.from({ length: 125 }, (_, i): HeapEvent => ({ op: 'free', id: 2 * i }));
    const { state } = run(heap8k(), [...fill, ...holes]);
    expect(memFree(state)).toBe(4000);
    expect(gcInfo(state)).toMatchObject({ maxFree: 2, n2: 125 });
    const failed = run(state, [alloc(900, 48)]).outcomes[0]!;
    expect(failed.kind).toBe('memory-error');
    if (failed.kind !== 'memory-error') return;
    expect(failed.facts).toMatchObject({ bytes: 48, blocks: 3, freeBytes: 4000, largestFreeRun: [2], locked: false });
    expect(failed.facts.collection?.reason).toBe('alloc-fail');
    expect(blockOf(run(state, [alloc(901, 32)]).outcomes[0])).toBe(0);
  });

  it('F3: no allocation spans two areas, though 118 free blocks are left', () => {
    const split = createHeap({ areas: [{ bytes: 2048 }, { bytes: 2048 }] });
    const { state, outcomes } = run(split, [alloc(1, 1000), alloc(2, 1000), alloc(3, 1000)]);
    expect(outcomes.map((o) => (o.kind === 'placed' ? o.at.area : o.kind))).toEqual([0, 1, 'memory-error']);
    expect(memFree(state)).toBe(118 * 16);
    const retry = run(state, [alloc(4, 900)]).outcomes[0]!;
    expect(retry.kind === 'placed' && retry.at.area).toBe(0);
  });

  it('X1: realloc moves when the next block is taken, and shrinks in place', () => {
    const { outcomes } = run(heap8k(), [
      alloc(1, 32),
      alloc(2, 16),
      { op: 'realloc', id: 1, bytes: 48, move: true },
      { op: 'realloc', id: 1, bytes: 16, move: true },
    ]);
    expect(outcomes[2]).toMatchObject({ kind: 'realloc', result: 'moved', from: { block: 0, blocks: 2 }, to: { block: 3, blocks: 3 } });
    expect(outcomes[3]).toMatchObject({ kind: 'realloc', result: 'shrink', to: { block: 3, blocks: 1 } });
  });

  it('X2: without move a realloc that cannot grow fails; with move it goes to blocks 4–7', () => {
    const { state, outcomes } = run(heap8k(), [
      alloc(1, 16),
      alloc(2, 16),
      alloc(3, 16),
      { op: 'free', id: 2 },
      { op: 'realloc', id: 1, bytes: 64, move: false },
    ]);
    // c at 0, block 1 free, block 2 used.
    expect(outcomes[4]).toMatchObject({ kind: 'realloc-failed', reason: 'no-move' });
    const moved = run(state, [{ op: 'realloc', id: 1, bytes: 64, move: true }]);
    expect(moved.outcomes[0]).toMatchObject({ kind: 'realloc', result: 'moved', to: { block: 3, blocks: 4 } });
    expect(dumpAllocTable(moved.state).split('\n')[1]!.slice(10, 20)).toBe('..hh===...');
  });

  it('T1: the threshold collects before the 5th allocation, which reuses block 1', () => {
    const { outcomes } = run(heap8k(), [
      { op: 'threshold', bytes: 64 },
      alloc(1, 16),
      alloc(2, 16),
      alloc(3, 16),
      { op: 'unroot', id: 2 },
      alloc(4, 16),
      alloc(5, 16),
    ]);
    const fifth = outcomes[6]!;
    expect(fifth).toMatchObject({ kind: 'placed', at: { block: 1 } });
    expect(fifth.kind === 'placed' && fifth.collection?.reason).toBe('threshold');
  });

  it('T2: a threshold collection uses up the one collection a request may run', () => {
    const tiny = createHeap({ areas: [{ bytes: 1024 }] });
    const { outcomes, state } = run(tiny, [{ op: 'threshold', bytes: 16 }, alloc(1, 900), alloc(2, 100)]);
    expect(outcomes[2]).toMatchObject({ kind: 'memory-error', facts: { collection: { reason: 'threshold' } } });
    expect(state.collections).toBe(1);
  });

  it('L1: while locked, alloc and realloc fail without collecting and free is ignored', () => {
    const { outcomes, state } = run(heap8k(), [
      alloc(1, 16),
      { op: 'lock' },
      alloc(2, 16),
      { op: 'free', id: 1 },
      { op: 'realloc', id: 1, bytes: 64, move: true },
      { op: 'realloc', id: 1, bytes: 64, move: false },
    ]);
    expect(outcomes[2]).toMatchObject({ kind: 'memory-error', facts: { locked: true, collection: null } });
    expect(outcomes[3]).toEqual({ kind: 'free-ignored', id: 1, reason: 'locked' });
    expect(outcomes[4]).toMatchObject({ kind: 'memory-error', op: 'realloc', facts: { locked: true } });
    expect(outcomes[5]).toMatchObject({ kind: 'realloc-failed', reason: 'locked' });
    expect(state.collections).toBe(0);
    expect(state.objectCount).toBe(1);
  });

  it('D1: disabled, a full heap fails at once; enabled again, the next request collects once', () => {
    const { outcomes } = run(heap8k(), [{ op: 'disable' }, alloc(1, 7000, { root: false }), alloc(2, 1000), { op: 'enable' }, alloc(3, 1000)]);
    expect(outcomes[2]).toMatchObject({ kind: 'memory-error', facts: { collection: null } });
    expect(outcomes[4]).toMatchObject({ kind: 'placed', collection: { reason: 'alloc-fail', freedBlocks: 438 } });
  });

  it('P1–P3: free lines collapse only from two whole lines on, and never in small areas', () => {
    const area256 = createHeap({ areas: [{ blocks: 256 }] });
    const oneUsed = run(area256, [alloc(1, 16)]).state;
    expect(dumpAllocTable(oneUsed, { address: () => 'A' })).toBe(`GC memory layout; from A:\n00000000: h${'.'.repeat(63)}\n       (3 lines all free)\n`);
    expect(dumpAllocTable(area256, { address: () => 'A' })).toBe('GC memory layout; from A:\n       (4 lines all free)\n');
    const area120 = createHeap({ areas: [{ blocks: 120 }] });
    expect(dumpAllocTable(area120, { address: () => 'A' })).toBe(`GC memory layout; from A:\n00000000: ${'.'.repeat(64)}\n00000400: ${'.'.repeat(56)}\n`);
  });
});
