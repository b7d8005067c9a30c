/**
 * Which live objects stand in the way of a request: in each area, the run of `blocks` blocks
 * that the fewest objects occupy (ties: the fewest occupied bytes, then the lowest address).
 * Freeing those objects would make the request fit there.
 */
import { objectsByAddress, type HeapObject, type HeapState } from '@heaplab/core';

/** The cheapest place to make room in one area. */
export interface BlockingWindow {
  readonly area: number;
  /** First block of the window. */
  readonly block: number;
  /** The objects that overlap the window, in address order. */
  readonly objects: readonly HeapObject[];
  /** Their blocks in all (objects may reach past the window's ends). */
  readonly blocks: number;
}

/** For each area big enough for `blocks`, the window of that length that is cheapest to clear. */
export function blockingObjects(state: HeapState, blocks: number): BlockingWindow[] {
  const byArea = state.tables.map(() => [] as HeapObject[]);
  for (const object of objectsByAddress(state)) byArea[object.area]!.push(object);
  const windows: BlockingWindow[] = [];
  state.tables.forEach((table, area) => {
    if (table.blocks < blocks) return;
    // An area of at least `blocks` blocks always has the window at block 0.
    const window = cheapestWindow(byArea[area]!, table.blocks, blocks)!;
    windows.push({ area, ...window });
  });
  return windows;
}

/** A window of one area and the objects that overlap it. */
export interface AreaWindow {
  readonly block: number;
  readonly objects: readonly HeapObject[];
  readonly blocks: number;
}

/** Whether `a` is cheaper to clear than `b`: fewer objects, then fewer occupied blocks. */
export function cheaperWindow(a: AreaWindow, b: AreaWindow | null): boolean {
  return b === null || a.objects.length < b.objects.length || (a.objects.length === b.objects.length && a.blocks < b.blocks);
}

/**
 * Slides a window of `length` blocks over an area (its objects in address order) and keeps the
 * cheapest to clear among those where every object passes `allowed`; null when none does. Only
 * windows that start at block 0 or right after an object's end need checking: moving any other
 * window left never adds an object to it.
 */
export function cheapestWindow(
  objects: readonly HeapObject[],
  areaBlocks: number,
  length: number,
  allowed: (object: HeapObject) => boolean = () => true,
): AreaWindow | null {
  const starts = [0, ...objects.map((o) => o.block + o.blocks)].filter((s) => s + length <= areaBlocks);
  let best: AreaWindow | null = null;
  let first = 0;
  for (const start of starts) {
    const end = start + length;
    while (first < objects.length && objects[first]!.block + objects[first]!.blocks <= start) first++;
    const inside: HeapObject[] = [];
    let occupied = 0;
    let clear = true;
    for (let i = first; i < objects.length && objects[i]!.block < end; i++) {
      if (!allowed(objects[i]!)) {
        clear = false;
        break;
      }
      inside.push(objects[i]!);
      occupied += objects[i]!.blocks;
    }
    const window = { block: start, objects: inside, blocks: occupied };
    if (clear && cheaperWindow(window, best)) best = window;
  }
  return best;
}
