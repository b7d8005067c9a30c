/**
 * `runEngine(initial)`: turns a stream of event batches into a stream of outcome batches by
 * applying each batch to one draft of the heap (cheap per event), and snapshotting after it.
 *
 * Each subscription starts from `initial` with a draft of its own.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import { openDraft, type HeapEvent, type HeapState, type Outcome } from '@heaplab/core';

/** The engine's answer to one batch: each event's outcome and the state after the batch. */
export interface EngineBatch {
  /** Index of the batch's first event in the whole stream. */
  readonly first: number;
  readonly outcomes: readonly Outcome[];
  readonly state: HeapState;
}

export function runEngine(initial: HeapState): OperatorFunction<readonly HeapEvent[], EngineBatch> {
  return (source) =>
    new Observable<EngineBatch>((subscriber) => {
      // One draft per subscription; `next` counts the events seen so far.
      const draft = openDraft(initial);
      let next = 0;
      return source.subscribe({
        next(events) {
          const outcomes = events.map((event) => draft.apply(event));
          subscriber.next({ first: next, outcomes, state: draft.snapshot() });
          next += events.length;
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}
