import { applyAll, createHeap } from '@heaplab/core';
import { describe, expect, it } from 'vitest';
import { ENGINE_CHURN_HEAP, engineChurnEvents } from '@heaplab/workloads';
import { outcomeMix } from '../src/outcome-mix.js';

describe('engine-churn stream', () => {
  it('is the same array for the same seed, and another for another seed', () => {
    const events = engineChurnEvents('a', 20_000);
    expect(events).toHaveLength(20_000);
    expect(engineChurnEvents('a', 20_000)).toEqual(events);
    expect(engineChurnEvents('b', 20_000)).not.toEqual(events);
  });

  it('is valid and realistic: no rejections, collections that free things, a few MemoryErrors', () => {
    const heap = createHeap(ENGINE_CHURN_HEAP);
    const mix = outcomeMix(applyAll(heap, engineChurnEvents('heaplab', 60_000)).outcomes, heap.tables[0]!.blocks);
    expect(mix.rejected).toBe(0);
    expect(mix.allocFailCollections).toBeGreaterThan(0);
    expect(mix.thresholdCollections + mix.explicitCollections).toBeGreaterThan(0);
    expect(mix.objectsCollected).toBeGreaterThan(mix.placed / 2);
    expect(mix.allocMemoryErrors).toBeGreaterThan(0);
    expect(mix.allocMemoryErrors).toBeLessThan(mix.placed / 100);
    expect(mix.reallocMoved).toBeGreaterThan(0);
    expect(mix.reallocNoMove).toBeGreaterThan(0);
    expect(mix.meanFillAfterCollection).toBeGreaterThan(0.4);
    expect(mix.meanFillAfterCollection).toBeLessThan(0.8);
  });
});
