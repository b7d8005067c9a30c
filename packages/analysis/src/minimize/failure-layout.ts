/**
 * The heap a failed request met: the request, what the engine said about it, and the objects
 * that were still live when it gave up (after the collection the request ran, if any), in
 * address order. This is what a structural reproducer has to rebuild.
 */
import {
  apply,
  createHeap,
  objectsByAddress,
  openDraft,
  type AllocEvent,
  type HeapConfig,
  type HeapEvent,
  type HeapObject,
  type MemoryErrorFacts,
  type ReallocEvent,
} from '@heaplab/core';

/** A failing request, as a reproducer repeats it (without a recorded sweep). */
export type FailingRequest = AllocEvent | ReallocEvent;

export interface FailureLayout {
  readonly config: HeapConfig;
  readonly request: FailingRequest;
  readonly facts: MemoryErrorFacts;
  /** The objects live after the failure, in address order (area, then block). */
  readonly objects: readonly HeapObject[];
  /** The index in `objects` of the object a failed realloc was about, or -1 for an alloc. */
  readonly target: number;
  /** An id above every id the objects and the request use. */
  readonly firstFreeId: number;
}

/**
 * The layout at the last event of `events`, which must be a request that fails with a
 * MemoryError on `config` after the others apply cleanly; otherwise null.
 */
export function failureLayout(config: HeapConfig, events: readonly HeapEvent[]): FailureLayout | null {
  const last = events.at(-1);
  if (last === undefined || (last.op !== 'alloc' && last.op !== 'realloc')) return null;
  const draft = openDraft(createHeap(config));
  for (let i = 0; i < events.length - 1; i++) if (draft.apply(events[i]!).kind === 'rejected') return null;
  const { state, outcome } = apply(draft.snapshot(), last);
  if (outcome.kind !== 'memory-error') return null;
  const objects = objectsByAddress(state);
  const request = withoutSweep(last);
  const target = request.op === 'realloc' ? objects.findIndex((object) => object.id === request.id) : -1;
  const firstFreeId = objects.reduce((most, object) => Math.max(most, object.id), request.id) + 1;
  return { config, request, facts: outcome.facts, objects, target, firstFreeId };
}

/** The request without `sweep` (the reproducer's collection finds its garbage by reachability). */
function withoutSweep(request: FailingRequest): FailingRequest {
  if (request.sweep === undefined) return request;
  const { sweep: _recorded, ...rest } = request;
  return rest;
}
