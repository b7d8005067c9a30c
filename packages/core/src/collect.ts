/**
 * Mark and sweep (`gc_collect`): mark from the roots through references, free the rest in
 * address order. A device trace instead names the freed objects itself (`freedIds`).
 */
import type { HeapDraft, SweepScratch } from './draft.js';
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
  const doomed = options.freedIds === undefined ? unreachable(draft, options.pinned) : inAddressOrder(options.freedIds.map((id) => draft.getObject(id)!));
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

/**
 * The objects no root reaches, in address order. Rooted objects always survive, so only the
 * unrooted ones are candidates: marking starts from the rooted objects that hold references
 * (and the pinned one) and strikes out every candidate it reaches.
 */
function unreachable(draft: HeapDraft, pinned: ObjectId | undefined): HeapObject[] {
  const objects = draft.objects;
  const all = idMapValues(objects, draft.objectCount);
  const candidates: HeapObject[] = [];
  const stack: HeapObject[] = [];
  for (let i = 0; i < all.length; i++) {
    const object = all[i]!;
    if (!object.rooted) candidates.push(object);
    else if (object.refs.length > 0) stack.push(object);
  }
  if (candidates.length === 0) return candidates;
  const slots = draft.sweepSlots(candidates.length);
  return slots === null ? markBySet(objects, candidates, stack, pinned) : markBySlots(objects, slots, candidates, stack, pinned);
}

/**
 * Marks from the holders on `stack` (and the pinned object) through references. `strike`
 * marks one unrooted candidate and says whether it was unmarked until then; rooted objects
 * need no mark, as their holders start on the stack.
 */
function markFrom(objects: HeapDraft['objects'], stack: HeapObject[], pinned: ObjectId | undefined, strike: (candidate: HeapObject) => boolean): void {
  const reach = (object: HeapObject): void => {
    if (!object.rooted && strike(object) && object.refs.length > 0) stack.push(object);
  };
  if (pinned !== undefined) {
    const object = idMapGet(objects, pinned);
    if (object !== undefined) reach(object);
  }
  while (stack.length > 0) {
    const refs = stack.pop()!.refs;
    for (let r = 0; r < refs.length; r++) {
      const ref = refs[r]!;
      const target = idMapGet(objects, ref.id);
      if (target !== undefined && target.serial === ref.serial) reach(target);
    }
  }
}

/**
 * Marking for a heap small enough to give every block a slot (the draft's reusable scratch): a
 * candidate's head block holds its index and a bit in the area's bitmap, marking clears the bit,
 * and reading the bits in block order lists the garbage already in address order. The reading
 * leaves every bit clear.
 */
function markBySlots(objects: HeapDraft['objects'], scratch: SweepScratch, candidates: HeapObject[], stack: HeapObject[], pinned: ObjectId | undefined): HeapObject[] {
  const { slots, bits } = scratch;
  for (let i = 0; i < candidates.length; i++) {
    const object = candidates[i]!;
    slots[object.area]![object.block] = i;
    bits[object.area]![object.block >> 5] |= 1 << (object.block & 31);
  }
  markFrom(objects, stack, pinned, (object) => {
    const areaBits = bits[object.area]!;
    const word = object.block >> 5;
    const bit = 1 << (object.block & 31);
    if ((areaBits[word]! & bit) === 0) return false;
    areaBits[word] = areaBits[word]! & ~bit;
    return true;
  });
  const garbage: HeapObject[] = [];
  for (let area = 0; area < bits.length; area++) {
    const areaBits = bits[area]!;
    const areaSlots = slots[area]!;
    for (let word = 0; word < areaBits.length; word++) {
      let set = areaBits[word]!;
      if (set === 0) continue;
      areaBits[word] = 0;
      while (set !== 0) {
        const low = set & -set;
        set ^= low;
        garbage.push(candidates[areaSlots[(word << 5) + 31 - Math.clz32(low)]!]!);
      }
    }
  }
  return garbage;
}

/** Marking for a heap too large for a slot per block: a set of the reached candidates, then a sort. */
function markBySet(objects: HeapDraft['objects'], candidates: HeapObject[], stack: HeapObject[], pinned: ObjectId | undefined): HeapObject[] {
  const reached = new Set<HeapObject>();
  markFrom(objects, stack, pinned, (object) => {
    if (reached.has(object)) return false;
    reached.add(object);
    return true;
  });
  return inAddressOrder(candidates.filter((object) => !reached.has(object)));
}
