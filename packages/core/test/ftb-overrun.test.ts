/**
 * v1.19's end-of-heap quirk (packages/core/src/ftb-overrun.ts): with no gap byte after the
 * allocation table, a chain that ends on the heap's last block runs on into the finaliser table.
 * Heaps of 124 blocks: blocks 124+m read FTB bits 2m (low) and 2m+1 (high), TAIL when only 2m+1 is set.
 */
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, gcNbytes, getObject, type HeapEvent, type HeapState } from '@heaplab/core';

const LAST = 123;

/** Objects at blocks 0..LAST, one block each except a filler; `fin` lists the finaliser heads. */
function heap(mpyVersion: string, fin: readonly number[], options: { finaliser?: boolean; filler?: number } = {}): HeapState {
  const filler = options.filler ?? 4;
  const events: HeapEvent[] = [];
  for (let block = 0; block < filler; block++) events.push({ op: 'alloc', id: block, bytes: 16, fin: fin.includes(block) });
  events.push({ op: 'alloc', id: filler, bytes: (LAST - filler) * 16 });
  events.push({ op: 'alloc', id: LAST, bytes: 10, fin: fin.includes(LAST) });
  const { state, outcomes } = applyAll(createHeap({ mpyVersion, finaliser: options.finaliser, areas: [{ blocks: 124 }] }), events);
  expect(outcomes.at(-1)).toMatchObject({ kind: 'placed', at: { block: LAST, blocks: 1 } });
  return state;
}

const nbytes = (state: HeapState, id: number): number => gcNbytes(state, getObject(state, id)!);
const fins = (state: HeapState, ids: readonly number[]): boolean[] => ids.map((id) => getObject(state, id)!.fin);

describe('v1.19: a chain ending on the last block runs on into the finaliser table', () => {
  it('gc_nbytes counts each FTB bit pair (2m free, 2m+1 a finaliser head) as a tail block', () => {
    expect(nbytes(heap('1.19', [1]), LAST)).toBe(32);
    expect(nbytes(heap('1.19', [1, 3]), LAST)).toBe(48);
    // Pair (0, 1) is 0b11, not TAIL: the walk stops at once, so pair (2, 3) is never read.
    expect(nbytes(heap('1.19', [0, 1, 3]), LAST)).toBe(16);
    expect(nbytes(heap('1.19', [2, 3]), LAST)).toBe(16);
  });

  it('only on v1.19 with a finaliser table, and only for the last block', () => {
    expect(nbytes(heap('1.20', [1]), LAST)).toBe(16);
    expect(nbytes(heap('1.19', [1], { finaliser: false }), LAST)).toBe(16);
    const state = heap('1.19', [1]);
    expect([nbytes(state, 1), nbytes(state, 4)]).toEqual([16, (LAST - 4) * 16]);
  });

  it('gc_free clears the FTB bits it walks over: those objects lose their finaliser', () => {
    const state = heap('1.19', [1, 2, 3]);
    expect(nbytes(state, LAST)).toBe(32);
    const freed = applyAll(state, [{ op: 'free', id: LAST }]).state;
    expect(fins(freed, [1, 2, 3])).toEqual([false, true, true]);
    const walked = applyAll(heap('1.19', [1, 3]), [{ op: 'free', id: LAST }]).state;
    expect(fins(walked, [1, 3])).toEqual([false, false]);
    // The next object on the last block reports its true size.
    const again = applyAll(walked, [{ op: 'alloc', id: 200, bytes: 10 }]).state;
    expect(getObject(again, 200)).toMatchObject({ block: LAST });
    expect(nbytes(again, 200)).toBe(16);
  });

  it('a free that does not end on the last block, or on v1.20, leaves the finaliser table alone', () => {
    expect(fins(applyAll(heap('1.19', [1, 3]), [{ op: 'free', id: 2 }]).state, [1, 3])).toEqual([true, true]);
    expect(fins(applyAll(heap('1.20', [1, 3]), [{ op: 'free', id: LAST }]).state, [1, 3])).toEqual([true, true]);
  });

  it('a realloc that moves off the last block frees the old chain the same way, even its own new bit', () => {
    // Blocks 1–2 free; the finaliser object on the last block moves there (2 blocks) and keeps
    // its flag in the new head, block 1, which the old chain's free walk then clears.
    const state = applyAll(heap('1.19', [LAST]), [
      { op: 'free', id: 1 },
      { op: 'free', id: 2 },
      { op: 'realloc', id: LAST, bytes: 32, move: true },
    ]).state;
    expect(getObject(state, LAST)).toMatchObject({ block: 1, blocks: 2, fin: false });
  });
});
