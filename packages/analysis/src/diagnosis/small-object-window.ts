/**
 * Where freeing only small objects would make room: in each area, the runs of `length` blocks
 * that no large object overlaps, and among them the one the fewest objects occupy (ties: the
 * fewest occupied blocks, then the lowest address). `blockingObjects` answers the wider question
 * (any objects at all), where one large object beside a hole can beat two 1-block pins.
 */
import { objectsByAddress, type HeapObject, type HeapState } from '@heaplab/core';
import { cheaperWindow, cheapestWindow } from '../explain/blocking-objects.js';

/** A window to clear and the objects in it (all small). */
export interface SmallObjectWindow {
  readonly area: number;
  readonly block: number;
  readonly objects: readonly HeapObject[];
  /** Their blocks in all. */
  readonly blocks: number;
}

/** The cheapest window of `length` blocks that only objects with `small(o)` occupy, over all areas; null if every window holds a large object. */
export function smallObjectWindow(state: HeapState, length: number, small: (object: HeapObject) => boolean): SmallObjectWindow | null {
  const byArea = state.tables.map(() => [] as HeapObject[]);
  for (const object of objectsByAddress(state)) byArea[object.area]!.push(object);
  let best: SmallObjectWindow | null = null;
  state.tables.forEach((table, area) => {
    const window = cheapestWindow(byArea[area]!, table.blocks, length, small);
    if (window !== null && cheaperWindow(window, best)) best = { area, ...window };
  });
  return best;
}
