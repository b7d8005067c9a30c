/**
 * The parts under the causes: when the one pass counts an object as let go, the ranking's
 * tiers, and the rank trend that tells a growing series from random sizes.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig, type HeapEvent } from '@heaplab/core';
import type { Cause, DiagnosedFailure } from '../src/index.js';
import { MarkCursor } from '../src/diagnosis/marks.js';
import { rankCauses } from '../src/diagnosis/rank-causes.js';
import { recordUntilFailure } from '../src/diagnosis/recording.js';
import { rankTrend } from '../src/diagnosis/trend.js';

describe('the pass: when the program lets go of an object', () => {
  it('counts an unroot, a lost last reference, a free and a sweep, and a root takes an object back', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: 32 }, // 1: parent
      { op: 'alloc', id: 2, bytes: 32, root: false }, // 2: child, held by the parent from event 3
      { op: 'ref', from: 1, to: 2 }, // 3
      { op: 'alloc', id: 3, bytes: 32 }, // 4
      { op: 'unroot', id: 2 }, // 5: still referenced: held
      { op: 'unroot', id: 3 }, // 6: let go
      { op: 'root', id: 3 }, // 7: taken back
      { op: 'unref', from: 1, to: 2 }, // 8: the child's last reference: let go
      { op: 'alloc', id: 4, bytes: 32 }, // 9
      { op: 'free', id: 4 }, // 10: let go
      { op: 'alloc', id: 5, bytes: 32, root: false }, // 11: never rooted nor referenced: held until swept
      { op: 'alloc', id: 7, bytes: 32 }, // 12
      { op: 'unroot', id: 7 }, // 13: let go
      { op: 'ref', from: 1, to: 7 }, // 14: taken back
      { op: 'collect' }, // 15: sweeps 2 and 5
      { op: 'alloc', id: 6, bytes: 2000 }, // 16: fails on the 64-block heap
    ];
    const recording = recordUntilFailure(resolveConfig({ areas: [{ blocks: 64 }] }), events, new MarkCursor([]), null)!;
    const { objects } = recording;
    expect(recording.failure.event).toBe(16);
    expect([0, 1, 2, 3, 4, 5].map((s) => objects.end(s))).toEqual([0, 8, 0, 10, 15, 0]);
    expect([0, 1, 2, 3, 4, 5].map((s) => objects.alive(s))).toEqual([true, false, true, false, false, true]);
    // Objects 1, 3 and 7 (2 blocks each) are held at the failure.
    expect(recording.heldBytes).toBe(96);
    expect(Array.from(recording.collections.events)).toEqual([15, 16]);
    expect(Array.from(recording.collections.usedBytes)).toEqual([96, 96]);
  });
});

describe('rankCauses', () => {
  const failure = { heapBytes: 10_000 } as DiagnosedFailure;
  const growing = (bounded: boolean, fitsAtFirstSize: boolean): Cause => ({
    kind: 'growing-request',
    summary: '',
    evidence: {
      series: 'alloc',
      firstBytes: 100,
      lastBytes: 400,
      occurrences: 10,
      growthPerOccurrence: 33.33,
      bounded,
      firstEvent: 1,
      firstLine: null,
      fitsAtFirstSize,
    },
  });
  const accumulation = (riseBytes: number): Cause => ({ kind: 'accumulation', summary: '', evidence: { riseBytes } }) as unknown as Cause;
  const state = (kind: 'pinning' | 'transient-peak' | 'heap-too-small'): Cause => ({ kind, summary: '', evidence: {} }) as unknown as Cause;
  const order = (causes: Cause[]) => rankCauses(causes, failure).map((c) => c.kind);

  it('puts root patterns first, then the heap at the failure, then what only contributed', () => {
    expect(order([state('pinning'), state('heap-too-small'), state('transient-peak'), growing(false, true)])).toEqual([
      'growing-request',
      'transient-peak',
      'heap-too-small',
      'pinning',
    ]);
    expect(order([growing(true, true), state('pinning')])).toEqual(['pinning', 'growing-request']);
    expect(order([growing(false, false), state('pinning')])).toEqual(['pinning', 'growing-request']);
  });

  it('counts an accumulation as a root when it rose by a quarter of the heap, or filled it', () => {
    expect(order([state('pinning'), accumulation(2500)])).toEqual(['accumulation', 'pinning']);
    expect(order([state('pinning'), accumulation(2499)])).toEqual(['pinning', 'accumulation']);
    expect(order([state('heap-too-small'), accumulation(1000)])).toEqual(['accumulation', 'heap-too-small']);
    // Two roots: the larger share first (growing: 300 of 400 bytes; accumulation: 8000 of 10000).
    expect(order([growing(false, true), accumulation(8000)])).toEqual(['accumulation', 'growing-request']);
    expect(order([growing(false, true), accumulation(5000)])).toEqual(['growing-request', 'accumulation']);
  });
});

describe('rankTrend', () => {
  it('is strong for a rise, nothing for a constant, weak for a shuffle', () => {
    expect(rankTrend([1, 2, 3, 4, 5, 6, 7])).toMatchObject({ s: 21, gamma: 1 });
    expect(rankTrend([1, 2, 3, 4, 5, 6, 7]).z).toBeGreaterThan(3);
    expect(rankTrend([5, 5, 5, 5, 5])).toEqual({ s: 0, z: 0, gamma: 0 });
    expect(Math.abs(rankTrend([4, 1, 7, 3, 6, 2, 5]).z)).toBeLessThan(1);
  });
});
