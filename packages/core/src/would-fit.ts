/**
 * Would one more allocation (or a few, one after another) succeed on a heap as it is, and where
 * would each go? The engine places probe objects with the heap's own strategy on a copy of the
 * state with the collector disabled, so a failure does not collect: a snapshot or dump cannot
 * tell garbage from live objects, and every object in it counts as live.
 */
import { apply } from './apply.js';
import type { DumpKind, ObjectId } from './events.js';
import { idMapValues } from './id-map.js';
import type { MemoryErrorFacts, Placement } from './outcomes.js';
import type { HeapState } from './state.js';
import { plural } from './plural.js';

/** Where the request would go, or the facts of its MemoryError. */
export type WouldFit = { readonly fits: true; readonly at: Placement } | { readonly fits: false; readonly facts: MemoryErrorFacts };

/** Where each request would go, or where those before the one that fails go, and its facts. */
export type WouldFitEach =
  | { readonly fits: true; readonly at: readonly Placement[] }
  | {
      readonly fits: false;
      /** The requests placed before the one that failed. */
      readonly at: readonly Placement[];
      /** The index of the request that failed. */
      readonly failed: number;
      readonly facts: MemoryErrorFacts;
    };

/** One request of `wouldFitEach`: its bytes, and the letter its head would print as. */
export interface FitRequest {
  readonly bytes: number;
  readonly kind?: DumpKind;
}

/**
 * Places `bytes` (a whole number, 1 or more; a RangeError otherwise) on `state` without a
 * collection and says where it went or why it failed (a locked heap fails with `locked` facts).
 * `state` is not changed. O(live objects) to pick the probe's id, then one allocation.
 */
export function wouldFit(state: HeapState, bytes: number): WouldFit {
  const probe = wouldFitEach(state, [{ bytes }]);
  return probe.fits ? { fits: true, at: probe.at[0]! } : { fits: false, facts: probe.facts };
}

/**
 * Places `requests` on `state` one after another, as a program that makes them in this order
 * would (each takes its place before the next is placed), without a collection; stops at the
 * first that fails. Each request's bytes are a whole number, 1 or more (a RangeError
 * otherwise). `state` is not changed.
 */
export function wouldFitEach(state: HeapState, requests: readonly FitRequest[]): WouldFitEach {
  for (const { bytes } of requests) {
    if (!Number.isSafeInteger(bytes) || bytes < 1) throw new RangeError(`wouldFit: expected a whole number of bytes, 1 or more, got ${String(bytes)}`);
  }
  const ids = unusedObjectIds(state, requests.length);
  let current = apply(state, { op: 'disable' }).state;
  const at: Placement[] = [];
  for (const [i, { bytes, kind }] of requests.entries()) {
    const { state: next, outcome } = apply(current, { op: 'alloc', id: ids[i]!, bytes, ...(kind === undefined ? {} : { kind }) });
    if (outcome.kind === 'memory-error') return { fits: false, at, failed: i, facts: outcome.facts };
    if (outcome.kind !== 'placed') throw new Error(`wouldFit: an allocation of ${plural(bytes, 'byte')} gave a '${outcome.kind}' outcome`);
    at.push(outcome.at);
    current = next;
  }
  return { fits: true, at };
}

/**
 * The smallest id no live object of `state` has. Ids are the caller's, so neither the object
 * count (a freed object leaves a hole below it) nor the allocation serial (ids need not follow
 * allocation order) is safe; among 0…objectCount at most objectCount ids are taken, so one is
 * free, and it is always a safe integer (the largest id + 1 need not be).
 */
export function unusedObjectId(state: HeapState): ObjectId {
  return unusedObjectIds(state, 1)[0]!;
}

/** The `n` smallest ids no live object of `state` has (among 0…objectCount + n − 1, n are free). */
function unusedObjectIds(state: HeapState, n: number): ObjectId[] {
  const limit = state.objectCount + n;
  const taken = new Uint8Array(limit);
  for (const object of idMapValues(state.objects, state.objectCount)) if (object.id < limit) taken[object.id] = 1;
  const ids: ObjectId[] = [];
  for (let id = 0; ids.length < n; id++) if (taken[id] === 0) ids.push(id);
  return ids;
}
