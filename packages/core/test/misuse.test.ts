/**
 * Misuse of the engine is an outcome (`rejected`, with a code and a message), never an
 * exception and never a silent change to the state.
 */
import { describe, expect, it } from 'vitest';
import { apply, applyAll, createHeap, stateHash, type HeapEvent } from '@heaplab/core';

const base = applyAll(createHeap({ areas: [{ bytes: 8192 }] }), [
  { op: 'alloc', id: 1, bytes: 32 },
  { op: 'alloc', id: 2, bytes: 16 },
  { op: 'free', id: 2 },
]).state;

const cases: [string, unknown, string][] = [
  ['reused live id', { op: 'alloc', id: 1, bytes: 16 }, 'id-in-use'],
  ['negative id', { op: 'alloc', id: -1, bytes: 16 }, 'bad-event'],
  ['fractional id', { op: 'alloc', id: 1.5, bytes: 16 }, 'bad-event'],
  ['string id', { op: 'alloc', id: '7', bytes: 16 }, 'bad-event'],
  ['negative size', { op: 'alloc', id: 3, bytes: -16 }, 'bad-size'],
  ['fractional size', { op: 'alloc', id: 3, bytes: 16.5 }, 'bad-size'],
  ['NaN size', { op: 'alloc', id: 3, bytes: Number.NaN }, 'bad-size'],
  ['size above 2^53', { op: 'alloc', id: 3, bytes: 2 ** 60 }, 'bad-size'],
  ['infinite size', { op: 'realloc', id: 1, bytes: Number.POSITIVE_INFINITY, move: true }, 'bad-size'],
  ['double free', { op: 'free', id: 2 }, 'unknown-id'],
  ['free of an unknown id', { op: 'free', id: 99 }, 'unknown-id'],
  ['realloc of an unknown id', { op: 'realloc', id: 99, bytes: 16, move: true }, 'unknown-id'],
  ['unroot of an unknown id', { op: 'unroot', id: 99 }, 'unknown-id'],
  ['ref to an unknown id', { op: 'ref', from: 1, to: 99 }, 'unknown-id'],
  ['unref of a missing reference', { op: 'unref', from: 1, to: 1 }, 'unknown-ref'],
  ['collect naming a dead object', { op: 'collect', freed: [2] }, 'unknown-id'],
  ['collect naming an object twice', { op: 'collect', freed: [1, 1] }, 'bad-event'],
  ['unlock without lock', { op: 'unlock' }, 'not-locked'],
  ['fractional threshold', { op: 'threshold', bytes: 0.5 }, 'bad-size'],
  ['unknown op', { op: 'compact' }, 'bad-event'],
  ['not an object', null, 'bad-event'],
  ['future format version', { op: 'collect', v: 2 }, 'bad-version'],
  ['placement on used blocks', { op: 'alloc', id: 3, bytes: 16, at: { area: 0, block: 1 } }, 'bad-placement'],
  ['placement past the area end', { op: 'alloc', id: 3, bytes: 64, at: { area: 0, block: 498 } }, 'bad-placement'],
  ['placement in a missing area', { op: 'alloc', id: 3, bytes: 16, at: { area: 1, block: 0 } }, 'bad-placement'],
  ['a request larger than any heap', { op: 'alloc', id: 3, bytes: 2 ** 52, root: true }, 'memory-error'],
];

describe('engine misuse', () => {
  it.each(cases)('%s', (_name, event, code) => {
    const before = stateHash(base);
    const { state, outcome } = apply(base, event as HeapEvent);
    if (code === 'memory-error') {
      expect(outcome.kind).toBe('memory-error');
      return;
    }
    expect(outcome).toMatchObject({ kind: 'rejected', code });
    expect(outcome.kind === 'rejected' && outcome.message.length).toBeGreaterThan(10);
    expect(state).toBe(base);
    expect(stateHash(base)).toBe(before);
  });

  it('placement messages count in the singular for one', () => {
    const message = (event: HeapEvent): string => {
      const { outcome } = apply(base, event);
      return outcome.kind === 'rejected' ? outcome.message : outcome.kind;
    };
    expect(message({ op: 'alloc', id: 3, bytes: 16, at: { area: 0, block: 500 } })).toBe('alloc: 1 block at block 500 does not fit in area 0 (500 blocks)');
    expect(message({ op: 'alloc', id: 3, bytes: 16, at: { area: 1, block: 0 } })).toBe('alloc: at.area must be 0, the only area');
  });

  it('the same events rejected inside a batch leave the batch going', () => {
    const { outcomes, state } = applyAll(base, [
      { op: 'free', id: 2 },
      { op: 'alloc', id: 5, bytes: 16 },
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['rejected', 'placed']);
    expect(state.events).toBe(base.events + 1);
  });
});
