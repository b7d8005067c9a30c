/**
 * Collections whose freed set is given (as a device trace records it) rather than computed.
 */
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, type HeapEvent } from '@heaplab/core';

const tiny = (): ReturnType<typeof createHeap> => createHeap({ areas: [{ bytes: 1024 }] });
const fill: HeapEvent[] = [
  { op: 'alloc', id: 1, bytes: 400 },
  { op: 'alloc', id: 2, bytes: 400 },
  { op: 'alloc', id: 3, bytes: 100 },
];

describe('recorded sweeps', () => {
  it('an allocation that has to collect frees exactly the recorded objects, roots or not', () => {
    const { outcomes } = applyAll(tiny(), [...fill, { op: 'alloc', id: 4, bytes: 300, sweep: [2] }]);
    expect(outcomes[3]).toMatchObject({ kind: 'placed', at: { block: 25 }, collection: { reason: 'alloc-fail', freed: [{ id: 2 }] } });
  });

  it('a threshold collection uses the recorded set too', () => {
    const { outcomes } = applyAll(tiny(), [{ op: 'threshold', bytes: 0 }, ...fill.slice(0, 1), { op: 'alloc', id: 9, bytes: 16, sweep: [1] }]);
    expect(outcomes[2]).toMatchObject({ kind: 'placed', at: { block: 0 }, collection: { reason: 'threshold', freed: [{ id: 1 }] } });
  });

  it('a request that does not collect leaves the recorded set alone', () => {
    const { outcomes, state } = applyAll(tiny(), [...fill.slice(0, 1), { op: 'alloc', id: 4, bytes: 16, sweep: [1] }]);
    expect(outcomes[1]).toMatchObject({ kind: 'placed', collection: null });
    expect(state.objectCount).toBe(2);
  });

  it('a moving realloc that collects keeps its own object and frees the recorded ones', () => {
    const { outcomes } = applyAll(tiny(), [...fill, { op: 'realloc', id: 3, bytes: 500, move: true, sweep: [1, 2] }]);
    expect(outcomes[3]).toMatchObject({ kind: 'realloc', result: 'moved', to: { block: 0 }, collection: { freed: [{ id: 1 }, { id: 2 }] } });
  });

  it('rejects recorded sets naming dead, repeated or moving objects', () => {
    const bad: HeapEvent[] = [
      { op: 'alloc', id: 4, bytes: 16, sweep: [99] },
      { op: 'alloc', id: 4, bytes: 16, sweep: [1, 1] },
      { op: 'realloc', id: 3, bytes: 500, move: true, sweep: [3] },
    ];
    const { outcomes } = applyAll(applyAll(tiny(), fill).state, bad);
    expect(outcomes.map((o) => o.kind === 'rejected' && o.code)).toEqual(['unknown-id', 'bad-event', 'bad-event']);
  });
});
