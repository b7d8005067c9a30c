/**
 * `replayOnEngine(file)`: runs the mapped steps on the engine, checks each against the
 * recording, and emits the report when the trace ends.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { HeapState } from '@heaplab/core';
import { ReplayChecker, type ReplayReport } from '../trace/replay-checker.js';
import type { ReplayItem } from './to-replay-steps.js';

/**
 * `initial`: start from this heap instead of an empty one; `verify`: also count the threshold
 * collections the engine did not expect as divergences (see `ReplayChecker`).
 */
export function replayOnEngine(file?: string, initial?: HeapState, verify = false): OperatorFunction<ReplayItem, ReplayReport> {
  return (source) =>
    new Observable<ReplayReport>((subscriber) => {
      // One checker per subscription, made when the setup arrives.
      let checker: ReplayChecker | null = null;
      return source.subscribe({
        next(item) {
          try {
            if (item.kind === 'setup') checker = new ReplayChecker(item.config, item.heaps, file, initial, verify);
            else for (const step of item.steps) checker!.step(step);
          } catch (error) {
            subscriber.error(error);
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          if (checker !== null) subscriber.next(checker.report());
          subscriber.complete();
        },
      });
    });
}
