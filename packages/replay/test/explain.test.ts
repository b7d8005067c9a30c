import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, type HeapEvent } from '@heaplab/core';
import { blockingObjects } from '@heaplab/analysis';
import { replayTrace } from '../src/index.js';

describe('blockingObjects', () => {
  it('finds the window that the fewest objects occupy, ties broken by fewest blocks', () => {
    // 64-block area: a 2-block object at 10, a 1-block object at 30, two 1-block objects at 45 and 50.
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: 32, at: { area: 0, block: 10 } },
      { op: 'alloc', id: 2, bytes: 16, at: { area: 0, block: 30 } },
      { op: 'alloc', id: 3, bytes: 16, at: { area: 0, block: 45 } },
      { op: 'alloc', id: 4, bytes: 16, at: { area: 0, block: 50 } },
    ];
    const state = applyAll(createHeap({ areas: [{ blocks: 64 }] }), events).state;
    // No free run is 20 long (the longest is 12..29, 18 blocks). Windows of 20: from 0 holds
    // object 1 (2 blocks), from 12 holds object 2 (1 block), from 31 holds objects 3 and 4.
    const [window] = blockingObjects(state, 20);
    expect(window).toMatchObject({ area: 0, block: 12, blocks: 1 });
    expect(window!.objects.map((o) => o.id)).toEqual([2]);
    // A window of 14 fits in the free run 12..29 with no object at all.
    expect(blockingObjects(state, 14)[0]).toMatchObject({ block: 12, objects: [] });
    // The whole area: every object.
    expect(blockingObjects(state, 64)[0]!.objects.map((o) => o.id)).toEqual([1, 2, 3, 4]);
    expect(blockingObjects(state, 65)).toEqual([]);
  });
});

describe('the explanation of a real MemoryError', () => {
  it('b_lcg_frag_32k: 88.5% fragmented, one 16-byte object in the way, allocated at line 18870', async () => {
    const report = await replayTrace(join(import.meta.dirname, 'fixtures', 'traces', 'b_lcg_frag_32k.ndjson'));
    const explanation = report.memoryError!.explanation!;
    expect(explanation.fragmentation).toBeCloseTo(1 - 147 / 1282, 10);
    expect(explanation.areas).toEqual([{ area: 0, blocks: 2000, freeBlocks: 1282, largestFreeRun: 147, fragmentation: explanation.fragmentation }]);
    expect(explanation.blockers[0]!.objects).toEqual([{ id: 9322, area: 0, block: 441, blocks: 1, bytes: 16, bornEvent: 9441, bornLine: 18870 }]);
    expect(explanation.collection).toEqual({ freedObjects: 10, freedBytes: 1792 });
  });
});
