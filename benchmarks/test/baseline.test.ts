import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, type Outcome } from '@heaplab/core';
import { ENGINE_CHURN_HEAP, engineChurnEvents } from '@heaplab/workloads';
import { naiveApply, naiveHeap, type NaiveOutcome } from '../src/baseline/naive-heap.js';

/** heaplab's outcome in the baseline's terms. */
function comparable(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'placed':
      return `placed ${outcome.at.block}`;
    case 'memory-error':
    case 'realloc-failed':
      return 'failed';
    case 'realloc':
      return outcome.result === 'moved' ? `moved ${outcome.to.block}` : outcome.result === 'grow' ? `grown ${outcome.to.block}` : `same ${outcome.to.block}`;
    default:
      return 'other';
  }
}

function naiveComparable(outcome: NaiveOutcome): string {
  return outcome.kind === 'failed' || outcome.kind === 'other' ? outcome.kind : `${outcome.kind} ${outcome.block}`;
}

describe('the naive baseline', () => {
  // The first 1,200 of the benchmark's 4,000 events: 19 failed requests and 28 moved reallocs among them.
  // The naive reducer takes about 2.3 ms an event here, so the whole stream would cost 10 s or more.
  it('places every object where heaplab does on engine-churn (so the ratio compares like with like)', () => {
    const events = engineChurnEvents('heaplab', 4000).slice(0, 1200);
    const initial = createHeap(ENGINE_CHURN_HEAP);
    const expected = applyAll(initial, events).outcomes.map(comparable);
    let heap = naiveHeap(initial.tables[0]!.blocks);
    const actual = events.map((event) => {
      const step = naiveApply(heap, event);
      heap = step.heap;
      return naiveComparable(step.outcome);
    });
    expect(actual).toEqual(expected);
    expect(expected.filter((o) => o === 'failed').length).toBeGreaterThan(0);
  }, 120_000);
});
