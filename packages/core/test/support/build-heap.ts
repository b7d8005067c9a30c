import { expect } from 'vitest';
import { applyAll, createHeap, type AllocEvent, type HeapState } from '@heaplab/core';

/** A heap of 16-byte blocks with objects at [area][first block, blocks]. */
export function buildHeap(areaBlocks: readonly number[], layout: readonly (readonly (readonly [number, number])[])[]): HeapState {
  const events: AllocEvent[] = [];
  layout.forEach((objects, area) => {
    for (const [block, blocks] of objects) events.push({ op: 'alloc', id: events.length, bytes: blocks * 16, at: { area, block } });
  });
  const { state, outcomes } = applyAll(createHeap({ areas: areaBlocks.map((blocks) => ({ blocks })) }), events);
  expect(outcomes.every((o) => o.kind === 'placed')).toBe(true);
  return state;
}
