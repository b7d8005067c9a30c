import { expect } from 'vitest';
import { applyAll, createHeap, type HeapEvent, type HeapState, type Outcome } from '@heaplab/core';

/** A heap of one area whose only free runs are `holes` ([first block, blocks]); walls fill the rest. */
export function withHoles(
  strategy: string,
  areaBlocks: number,
  holes: readonly (readonly [number, number])[],
  strategyParams: Record<string, number> = {},
): HeapState {
  const events: HeapEvent[] = [];
  let at = 0;
  for (const [start, length] of [...holes, [areaBlocks, 0] as const]) {
    if (start > at) events.push({ op: 'alloc', id: 1000 + events.length, bytes: (start - at) * 16, at: { area: 0, block: at } });
    at = start + length;
  }
  const { state, outcomes } = applyAll(createHeap({ strategy, strategyParams, areas: [{ blocks: areaBlocks }] }), events);
  expect(outcomes.every((o) => o.kind === 'placed')).toBe(true);
  return state;
}

/** The first block of a placed object; throws for any other outcome. */
export function placedAt(outcome: Outcome): number {
  if (outcome.kind !== 'placed') throw new Error(`expected placed, got ${outcome.kind}`);
  return outcome.at.block;
}

/** A request for `blocks` 16-byte blocks, as object 1. */
export const alloc = (blocks: number): HeapEvent => ({ op: 'alloc', id: 1, bytes: blocks * 16 });
