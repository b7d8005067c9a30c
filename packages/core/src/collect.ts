/**
 * Mark and sweep (`gc_collect`): mark from the roots through references, free the rest in
 * address order. A device trace instead names the freed objects itself (`freedIds`).
 */
import type { HeapDraft } from './draft.js';
import type { ObjectId } from './events.js';
import { idMapGet, idMapValues } from './id-map.js';
import type { CollectReason, CollectReport } from './outcomes.js';
import type { HeapObject } from './state.js';

export interface CollectOptions {
  /** Free exactly these (live, distinct) objects instead of marking. */
  readonly freedIds?: readonly ObjectId[];
  /** An object the caller still holds (gc_realloc's old block during its nested gc_alloc). */
  readonly pinned?: ObjectId;
}

/** Runs one collection on the draft and reports what it freed. */
export function collect(draft: HeapDraft, reason: CollectReason, options: CollectOptions = {}): CollectReport {
  draft.collections++;
  draft.allocAmount = 0;
  const doomed = inAddressOrder(options.freedIds === undefined ? unreachable(draft, options.pinned) : options.freedIds.map((id) => draft.getObject(id)!));
  let freedBlocks = 0;
  const runs: number[][] = draft.tables.map(() => []);
  for (let i = 0; i < doomed.length; i++) {
    const object = doomed[i]!;
    runs[object.area]!.push(object.block, object.blocks);
    draft.removeObject(object.id);
    freedBlocks += object.blocks;
  }
  runs.forEach((areaRuns, area) => draft.sweepRuns(area, areaRuns));
  draft.swept();
  return { number: draft.collections, reason, freed: doomed, freedBlocks };
}

/**
 * The objects sorted by area, then block. Sorts numeric keys (area·2^28 + block, times 2^20,
 * plus the index) natively; beyond 2^20 objects it falls back to a comparator sort.
 */
function inAddressOrder(objects: HeapObject[]): HeapObject[] {
  const n = objects.length;
  if (n >= 1 << 20 || objects.some((o) => o.area >= 32)) return objects.sort((a, b) => a.area - b.area || a.block - b.block);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = objects[i]!;
    keys[i] = (o.area * 2 ** 28 + o.block) * 2 ** 20 + i;
  }
  keys.sort();
  const sorted = new Array<HeapObject>(n);
  for (let i = 0; i < n; i++) sorted[i] = objects[keys[i]! % 2 ** 20]!;
  return sorted;
}

function unreachable(draft: HeapDraft, pinned: ObjectId | undefined): HeapObject[] {
  const objects = draft.objects;
  const all = idMapValues(objects);
  // An object is named by its area and head block, so marks are one byte per block.
  const marks = draft.tables.map((table) => new Uint8Array(table.blocks));
  const stack: HeapObject[] = [];
  for (let i = 0; i < all.length; i++) {
    const object = all[i]!;
    if (object.rooted) {
      marks[object.area]![object.block] = 1;
      if (object.refs.length > 0) stack.push(object);
    }
  }
  if (pinned !== undefined) {
    const object = idMapGet(objects, pinned);
    if (object !== undefined && marks[object.area]![object.block] === 0) {
      marks[object.area]![object.block] = 1;
      stack.push(object);
    }
  }
  while (stack.length > 0) {
    const refs = stack.pop()!.refs;
    for (let r = 0; r < refs.length; r++) {
      const ref = refs[r]!;
      const target = idMapGet(objects, ref.id);
      if (target === undefined || target.serial !== ref.serial) continue;
      const areaMarks = marks[target.area]!;
      if (areaMarks[target.block] === 0) {
        areaMarks[target.block] = 1;
        stack.push(target);
      }
    }
  }
  const garbage: HeapObject[] = [];
  for (let i = 0; i < all.length; i++) {
    const object = all[i]!;
    if (marks[object.area]![object.block] === 0) garbage.push(object);
  }
  return garbage;
}
