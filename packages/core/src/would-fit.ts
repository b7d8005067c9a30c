/**
 * Would one more allocation succeed on a heap as it is, and where would it go? The engine places
 * a probe object with the heap's own strategy on a copy of the state with the collector
 * disabled, so a failure does not collect: a snapshot or dump cannot tell garbage from live
 * objects, and every object in it counts as live.
 */
import { apply } from './apply.js';
import type { ObjectId } from './events.js';
import { idMapValues } from './id-map.js';
import type { MemoryErrorFacts, Placement } from './outcomes.js';
import type { HeapState } from './state.js';
import { plural } from './plural.js';

/** Where the request would go, or the facts of its MemoryError. */
export type WouldFit = { readonly fits: true; readonly at: Placement } | { readonly fits: false; readonly facts: MemoryErrorFacts };

/**
 * Places `bytes` (a whole number, 1 or more; a RangeError otherwise) on `state` without a
 * collection and says where it went or why it failed (a locked heap fails with `locked` facts).
 * `state` is not changed. O(live objects) to pick the probe's id, then one allocation.
 */
export function wouldFit(state: HeapState, bytes: number): WouldFit {
  if (!Number.isSafeInteger(bytes) || bytes < 1) throw new RangeError(`wouldFit: expected a whole number of bytes, 1 or more, got ${String(bytes)}`);
  const disabled = apply(state, { op: 'disable' }).state;
  const { outcome } = apply(disabled, { op: 'alloc', id: unusedObjectId(state), bytes });
  if (outcome.kind === 'placed') return { fits: true, at: outcome.at };
  if (outcome.kind === 'memory-error') return { fits: false, facts: outcome.facts };
  throw new Error(`wouldFit: an allocation of ${plural(bytes, 'byte')} gave a '${outcome.kind}' outcome`);
}

/**
 * The smallest id no live object of `state` has. Ids are the caller's, so neither the object
 * count (a freed object leaves a hole below it) nor the allocation serial (ids need not follow
 * allocation order) is safe; among 0…objectCount at most objectCount ids are taken, so one is
 * free, and it is always a safe integer (the largest id + 1 need not be).
 */
export function unusedObjectId(state: HeapState): ObjectId {
  const count = state.objectCount;
  const taken = new Uint8Array(count + 1);
  for (const object of idMapValues(state.objects, count)) if (object.id <= count) taken[object.id] = 1;
  return taken.indexOf(0);
}
