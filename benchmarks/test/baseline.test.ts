import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, type Outcome } from '@heaplab/core';
import { ENGINE_CHURN_HEAP, engineChurnEvents } from '@heaplab/workloads';
import { MutableHeap } from '../src/baseline/mutable-heap.js';
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

  // The floor is fast, so it checks the whole 200,000-event stream that the engine benchmark times.
  it('the mutable-bitmap floor places every object where heaplab does on the whole engine-churn stream', () => {
    const events = engineChurnEvents('heaplab', 200_000);
    const initial = createHeap(ENGINE_CHURN_HEAP);
    const expected = applyAll(initial, events).outcomes.map(comparable);
    const floor = new MutableHeap(initial.tables[0]!.blocks, initial.config.blockBytes);
    const actual = events.map((event) => {
      floor.apply(event);
      return floor.kind === 'failed' || floor.kind === 'other' ? floor.kind : `${floor.kind} ${floor.at}`;
    });
    const first = actual.findIndex((outcome, i) => outcome !== expected[i]);
    expect(first, `first difference at event ${first}: ${JSON.stringify(events[first])}`).toBe(-1);
    expect(expected.filter((o) => o.startsWith('moved')).length).toBeGreaterThan(1000);
  }, 120_000);
});
