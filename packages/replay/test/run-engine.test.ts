import { describe, expect, it } from 'vitest';
import { bufferCount, from, lastValueFrom, toArray } from 'rxjs';
import { applyAll, createHeap, stateHash, type HeapEvent } from '@heaplab/core';
import { runEngine } from '../src/index.js';

const events: HeapEvent[] = Array.from({ length: 100 }, (_, i): HeapEvent[] => [
  { op: 'alloc', id: i, bytes: 16 + (i % 7) * 24, root: i % 3 === 0 },
  ...(i % 5 === 4 ? [{ op: 'collect' } as const] : []),
]).flat();

describe('runEngine', () => {
  it('gives the same outcomes and final state as applyAll, whatever the batch size', async () => {
    const initial = createHeap({ areas: [{ bytes: 4096 }] });
    const expected = applyAll(initial, events);
    for (const size of [1, 7, 1000]) {
      const batches = await lastValueFrom(from(events).pipe(bufferCount(size), runEngine(initial), toArray()));
      expect(batches.flatMap((b) => b.outcomes)).toEqual(expected.outcomes);
      expect(batches.map((b) => b.first)).toEqual(batches.map((_, i) => i * size));
      expect(stateHash(batches.at(-1)!.state)).toBe(stateHash(expected.state));
    }
  });

  it('keeps every batch snapshot intact while later batches run', async () => {
    const initial = createHeap({ areas: [{ bytes: 4096 }] });
    const batches = await lastValueFrom(from(events).pipe(bufferCount(10), runEngine(initial), toArray()));
    for (const batch of batches) {
      const upTo = applyAll(initial, events.slice(0, batch.first + batch.outcomes.length)).state;
      expect(stateHash(batch.state)).toBe(stateHash(upTo));
    }
  });
});
