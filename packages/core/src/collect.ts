/**
 * Mark and sweep (`gc_collect`): mark from the roots through references, free the rest in
 * address order. A device trace instead names the freed objects itself (`freedIds`).
 */
import type { CollectBuffers, HeapDraft, SweepScratch } from './draft.js';
import type { ObjectId } from './events.js';
import { idMapGet, idMapValuesInto } from './id-map.js';
import type { CollectReason, CollectReport } from './outcomes.js';
import type { HeapObject } from './state.js';
import { popcount } from './popcount.js';

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
  const buffers = draft.collectBuffers();
  const doomed =
    options.freedIds === undefined ? unreachable(draft, buffers, options.pinned) : inAddressOrder(options.freedIds.map((id) => draft.getObject(id)!));
  let freedBlocks = 0;
  const runs = buffers.runs;
  let end = 0;
  for (let i = 0; i < doomed.length; i++) {
    const object = doomed[i]!;
    runs[end++] = object.block;
    runs[end++] = object.blocks;
    draft.removeObject(object.id);
    freedBlocks += object.blocks;
    // Address order puts each area's objects together: sweep an area when its last one is listed.
    const next = doomed[i + 1];
    if (next === undefined || next.area !== object.area) {
      draft.sweepRuns(object.area, runs, end);
      end = 0;
    }
  }
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
function unreachable(draft: HeapDraft, buffers: CollectBuffers, pinned: ObjectId | undefined): HeapObject[] {
  const objects = draft.objects;
  const { live, candidates, stack } = buffers;
  const count = idMapValuesInto(objects, live);
  let unrooted = 0;
  let holders = 0;
  for (let i = 0; i < count; i++) {
    const object = live[i]!;
    if (!object.rooted) candidates[unrooted++] = object;
    else if (object.refs.length > 0) stack[holders++] = object;
  }
  if (unrooted === 0) return [];
  const slots = draft.sweepSlots(unrooted);
  return slots === null
    ? markBySet(objects, candidates.slice(0, unrooted), stack, holders, pinned)
    : markBySlots(objects, slots, candidates, unrooted, stack, holders, pinned);
}

/**
 * Marks from the holders on `stack` (the first `holders` entries) and the pinned object through
 * references. `strike` marks one unrooted candidate and says whether it was unmarked until then;
 * rooted objects need no mark, as their holders start on the stack.
 */
function markFrom(
  objects: HeapDraft['objects'],
  stack: HeapObject[],
  holders: number,
  pinned: ObjectId | undefined,
  strike: (candidate: HeapObject) => boolean,
): void {
  /** Marks a newly reached object; says whether its references are still to be followed. */
  const follow = (object: HeapObject): boolean => !object.rooted && strike(object) && object.refs.length > 0;
  let top = holders;
  if (pinned !== undefined) {
    const object = idMapGet(objects, pinned);
    if (object !== undefined && follow(object)) stack[top++] = object;
  }
  while (top > 0) {
    const refs = stack[--top]!.refs;
    for (let r = 0; r < refs.length; r++) {
      const ref = refs[r]!;
      const target = idMapGet(objects, ref.id);
      if (target !== undefined && target.serial === ref.serial && follow(target)) stack[top++] = target;
    }
  }
}

/**
 * Marking for a heap small enough to give every block a slot (the draft's reusable scratch): a
 * candidate's head block holds its index and a bit in the area's bitmap, marking clears the bit,
 * and reading the bits in block order lists the garbage already in address order. The reading
 * leaves every bit clear.
 */
function markBySlots(
  objects: HeapDraft['objects'],
  scratch: SweepScratch,
  candidates: HeapObject[],
  count: number,
  stack: HeapObject[],
  holders: number,
  pinned: ObjectId | undefined,
): HeapObject[] {
  const { slots, bits } = scratch;
  for (let i = 0; i < count; i++) {
    const object = candidates[i]!;
    slots[object.area]![object.block] = i;
    bits[object.area]![object.block >> 5] |= 1 << (object.block & 31);
  }
  markFrom(objects, stack, holders, pinned, (object) => {
    const areaBits = bits[object.area]!;
    const word = object.block >> 5;
    const bit = 1 << (object.block & 31);
    if ((areaBits[word]! & bit) === 0) return false;
    areaBits[word] = areaBits[word]! & ~bit;
    return true;
  });
  let left = 0;
  for (const areaBits of bits) for (let word = 0; word < areaBits.length; word++) left += popcount(areaBits[word]!);
  const garbage = new Array<HeapObject>(left);
  let at = 0;
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
        garbage[at++] = candidates[areaSlots[(word << 5) + 31 - Math.clz32(low)]!]!;
      }
    }
  }
  return garbage;
}

/** Marking for a heap too large for a slot per block: a set of the reached candidates, then a sort. */
function markBySet(objects: HeapDraft['objects'], candidates: HeapObject[], stack: HeapObject[], holders: number, pinned: ObjectId | undefined): HeapObject[] {
  const reached = new Set<HeapObject>();
  markFrom(objects, stack, holders, pinned, (object) => {
    if (reached.has(object)) return false;
    reached.add(object);
    return true;
  });
  return inAddressOrder(candidates.filter((object) => !reached.has(object)));
}
