/**
 * The MemoryError analysis on heaps whose ids are not 0…n−1 in allocation order: its probe must
 * not take a live object's id, or the rejected probe would read as room for the request.
 */
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, getObject, type HeapState } from '@heaplab/core';
import { analyseFailure } from '../src/ingest/memory-error-analysis.js';

/** A 64-block heap, 60 blocks taken by object 1: the serial (1) is a live id. */
function heapWithIdOne(): HeapState {
  return applyAll(createHeap({ areas: [{ blocks: 64 }] }), [{ op: 'alloc', id: 1, bytes: 60 * 16 }]).state;
}

describe('analyseFailure', () => {
  it('finds a request too large for the heap when the allocation serial is a live id', () => {
    const state = heapWithIdOne();
    expect(getObject(state, state.serial)).toBeDefined();
    const failure = analyseFailure('memory allocation failed, allocating 1000 bytes', state, null);
    expect(failure).toMatchObject({ bytes: 1000, blocks: 63, verdict: 'too-small', areasWithEnoughFree: [] });
    expect(failure.explanation).toMatchObject({ freeBytes: 64 });
  });

  it('finds a request that fits now when the allocation serial is a live id', () => {
    expect(analyseFailure('memory allocation failed, allocating 64 bytes', heapWithIdOne(), null)).toMatchObject({ blocks: 4, verdict: 'fits-now' });
  });
});
