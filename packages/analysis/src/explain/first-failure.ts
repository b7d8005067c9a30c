/**
 * The first request of an event stream that fails, with the heap as it stood and the
 * explanation of why.
 */
import { createHeap, type HeapConfig, type HeapEvent, type HeapState, type MemoryErrorFacts, type Outcome, openDraft } from '@heaplab/core';
import { explainFailure, type FailureExplanation } from './explain-failure.js';

/** A failed request and why it failed (not core's `FirstFailure`, which holds the run meter's figures). */
export interface ExplainedFailure {
  /** The failing event's number (from 1: the heap after event n includes what event n did). */
  readonly event: number;
  readonly op: 'alloc' | 'realloc';
  readonly facts: MemoryErrorFacts;
  readonly explanation: FailureExplanation;
}

/** The failure of event number `event` (from 1), explained on `state`, the heap just after it. */
export function explainedFailure(event: number, outcome: Extract<Outcome, { kind: 'memory-error' }>, state: HeapState): ExplainedFailure {
  return { event, op: outcome.op, facts: outcome.facts, explanation: explainFailure(state, outcome.facts, () => null) };
}

/** The first failure of `events` on `config` and the heap after it, in a pass that stops there; null when no request fails. */
export function firstFailure(config: HeapConfig, events: readonly HeapEvent[]): { readonly failure: ExplainedFailure; readonly state: HeapState } | null {
  const draft = openDraft(createHeap(config));
  for (let i = 0; i < events.length; i++) {
    const outcome = draft.apply(events[i]!);
    if (outcome.kind === 'memory-error') {
      const state = draft.snapshot();
      return { failure: explainedFailure(i + 1, outcome, state), state };
    }
  }
  return null;
}
