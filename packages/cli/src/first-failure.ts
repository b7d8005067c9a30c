/**
 * The first request of an event stream that fails, with the heap as it stood and the
 * explanation of why: one pass over the events, stopping there.
 */
import { createHeap, openDraft, type HeapConfig, type HeapEvent, type HeapState, type MemoryErrorFacts } from '@heaplab/core';
import { explainFailure, type FailureExplanation } from '@heaplab/replay';

export interface FirstFailure {
  /** Index of the failing event. */
  readonly event: number;
  readonly op: 'alloc' | 'realloc';
  readonly facts: MemoryErrorFacts;
  readonly explanation: FailureExplanation;
}

/** The first failure of `events` on `config` and the heap after it; null when no request fails. */
export function firstFailure(config: HeapConfig, events: readonly HeapEvent[]): { readonly failure: FirstFailure; readonly state: HeapState } | null {
  const draft = openDraft(createHeap(config));
  for (let i = 0; i < events.length; i++) {
    const outcome = draft.apply(events[i]!);
    if (outcome.kind === 'memory-error') {
      const state = draft.snapshot();
      return { failure: { event: i, op: outcome.op, facts: outcome.facts, explanation: explainFailure(state, outcome.facts, () => null) }, state };
    }
  }
  return null;
}
