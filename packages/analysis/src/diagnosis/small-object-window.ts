/**
 * Where freeing only small objects would make room: in each area, the runs of `length` blocks
 * that no large object overlaps, and among them the one the fewest objects occupy (ties: the
 * fewest occupied blocks, then the lowest address). `blockingObjects` answers the wider question
 * (any objects at all), where one large object beside a hole can beat two 1-block pins.
 */
import { objectsByAddress, type HeapObject, type HeapState } from '@heaplab/core';

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
    const objects = byArea[area]!;
    // Only windows that start at block 0 or right after an object's end need checking: moving
    // any other window left never adds an object to it.
    const starts = [0, ...objects.map((o) => o.block + o.blocks)].filter((s) => s + length <= table.blocks);
    let first = 0;
    for (const start of starts) {
      const end = start + length;
      while (first < objects.length && objects[first]!.block + objects[first]!.blocks <= start) first++;
      const inside: HeapObject[] = [];
      let occupied = 0;
      let clear = true;
      for (let i = first; i < objects.length && objects[i]!.block < end; i++) {
        if (!small(objects[i]!)) {
          clear = false;
          break;
        }
        inside.push(objects[i]!);
        occupied += objects[i]!.blocks;
      }
      if (!clear) continue;
      if (best === null || inside.length < best.objects.length || (inside.length === best.objects.length && occupied < best.blocks)) {
        best = { area, block: start, objects: inside, blocks: occupied };
      }
    }
  });
  return best;
}
