/**
 * Measuring a whole run: a fresh heap, a stream of events applied on one engine draft, and a run
 * meter reading the draft's tables after each event (no state snapshot per event).
 */
import type { HeapConfig, HeapConfigInput } from '../config.js';
import { HeapDraft } from '../draft.js';
import type { HeapEvent } from '../events.js';
import type { Outcome } from '../outcomes.js';
import { createHeap } from '../create-heap.js';
import type { HeapState } from '../state.js';
import { step } from '../step.js';
import { Meter, type RunMeterOptions, type RunMetrics } from './run-meter.js';

/** How to measure a run. */
export interface MeasureRunOptions extends RunMeterOptions {
  /** Stop after the first failed request (the rest of the stream is not applied). Default false. */
  readonly stopAtFirstFailure?: boolean;
  /**
   * Called after each event with its index, its outcome and the heap after it, made only if
   * asked for (`state()` snapshots the run's draft): what a caller reads of the run in the same
   * pass, such as the heap at marks or the first failure's state.
   */
  readonly onEvent?: (index: number, outcome: Outcome, state: () => HeapState) => void;
}

/** What a run measured, and the heap it left. */
export interface MeasuredRun {
  readonly metrics: RunMetrics;
  readonly finalState: HeapState;
}

/** Applies `events` to a new heap of `config` and measures the run. Throws `HeapInputError` for a bad configuration. */
export function measureRun(config: HeapConfigInput | HeapConfig, events: Iterable<HeapEvent>, options: MeasureRunOptions = {}): MeasuredRun {
  const initial = createHeap(config);
  const draft = new HeapDraft(initial);
  const meter = new Meter(initial, options);
  const snapshot = (): HeapState => draft.snapshot();
  const { onEvent } = options;
  let index = 0;
  for (const event of events) {
    const outcome = step(draft, event);
    meter.observe(event, outcome, draft.tables, snapshot);
    onEvent?.(index++, outcome, snapshot);
    if (outcome.kind === 'memory-error' && options.stopAtFirstFailure === true) break;
  }
  return { metrics: meter.result(), finalState: draft.snapshot() };
}
