/**
 * States are values: every older state stays valid and unchanged after later events, whether
 * they came from `apply`, `applyAll` or a draft's snapshots.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import {
  apply,
  applyAll,
  areaFree,
  createHeap,
  dumpAllocTable,
  gcInfo,
  memFree,
  openDraft,
  stateHash,
  type HeapEvent,
  type HeapState,
  type Outcome,
} from '@heaplab/core';
import { eventStream } from './support/event-stream.js';

function fingerprint(state: HeapState): string {
  return `${stateHash(state)}|${dumpAllocTable(state)}|${JSON.stringify(gcInfo(state))}`;
}

describe('immutability', () => {
  it('every intermediate state of a long run is unchanged at the end (apply)', () => {
    const events = eventStream(7, 2000, 4000);
    let state = createHeap({ areas: [{ bytes: 65536 }] });
    const seen: { state: HeapState; print: string }[] = [];
    for (const event of events) {
      state = apply(state, event).state;
      seen.push({ state, print: fingerprint(state) });
    }
    const changed = seen.filter((s) => fingerprint(s.state) !== s.print);
    expect(changed).toHaveLength(0);
    expect(new Set(seen.map((s) => s.print)).size).toBeGreaterThan(1500);
  }, 120_000);

  it('snapshots taken while a draft keeps going are unchanged by later edits', () => {
    const events = eventStream(11, 4000, 4000);
    const draft = openDraft(createHeap({ areas: [{ bytes: 65536 }, { bytes: 300000 }] }));
    const snaps: { state: HeapState; print: string }[] = [];
    events.forEach((event, i) => {
      draft.apply(event);
      if (i % 97 === 0) {
        const state = draft.snapshot();
        snaps.push({ state, print: fingerprint(state) });
      }
    });
    expect(snaps.every((s) => fingerprint(s.state) === s.print)).toBe(true);
  });

  it('snapshots at any points, and the records outcomes hold, are unchanged by later edits (property)', () => {
    // A draft changes in place the records it made since its last snapshot; this takes
    // snapshots at random points so records of every age meet roots, references and reallocs.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.integer({ min: 0, max: 599 }), { maxLength: 12 }), (seed, points) => {
        const events = eventStream(seed, 600, 1500);
        const draft = openDraft(createHeap({ areas: [{ bytes: 16384 }] }));
        const snaps: { state: HeapState; print: string }[] = [];
        const outcomes: { outcome: Outcome; json: string }[] = [];
        const at = new Set(points);
        events.forEach((event, i) => {
          const outcome = draft.apply(event);
          outcomes.push({ outcome, json: JSON.stringify(outcome) });
          if (at.has(i)) {
            const state = draft.snapshot();
            snaps.push({ state, print: fingerprint(state) });
          }
        });
        for (const s of snaps) expect(fingerprint(s.state)).toBe(s.print);
        for (const o of outcomes) expect(JSON.stringify(o.outcome)).toBe(o.json);
      }),
      { numRuns: fcRuns(40) },
    );
  });

  it("a draft's free blocks and longest free run are those of its snapshot, read without one", () => {
    const draft = openDraft(createHeap({ areas: [{ bytes: 16384 }, { bytes: 8192 }] }));
    eventStream(5, 3000, 2000).forEach((event, i) => {
      draft.apply(event);
      if (i % 50 !== 0) return;
      const free = draft.freeBlocks();
      const run = draft.largestFreeRun();
      const state = draft.snapshot();
      expect(free * state.config.blockBytes).toBe(memFree(state));
      expect(run).toBe(Math.max(...areaFree(state).map((a) => a.largestFreeRun)));
    });
  });

  it('applyAll leaves its input state untouched', () => {
    const base = applyAll(createHeap(), eventStream(3, 500, 4000)).state;
    const before = fingerprint(base);
    applyAll(base, eventStream(4, 2000, 4000));
    expect(fingerprint(base)).toBe(before);
  });

  it('apply, applyAll and a draft agree on every prefix (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 400 }), (seed, length) => {
        const events: HeapEvent[] = eventStream(seed, length, 1000);
        const config = { areas: [{ bytes: 4096 }, { bytes: 8192 }] };
        let one = createHeap(config);
        const outcomes = events.map((event) => {
          const r = apply(one, event);
          one = r.state;
          return r.outcome;
        });
        const batch = applyAll(createHeap(config), events);
        expect(batch.outcomes).toEqual(outcomes);
        expect(stateHash(batch.state)).toBe(stateHash(one));
      }),
      { numRuns: fcRuns(60) },
    );
  });

  it('a rejected event returns the very same state', () => {
    const state = createHeap();
    const r = apply(state, { op: 'free', id: 5 });
    expect(r.outcome.kind).toBe('rejected');
    expect(r.state).toBe(state);
  });
});

describe('state hash', () => {
  it('is the same for the same events, in any process (golden value)', () => {
    const a = applyAll(createHeap(), eventStream(42, 5000, 4000)).state;
    const b = applyAll(createHeap(), eventStream(42, 5000, 4000)).state;
    expect(stateHash(a)).toBe(stateHash(b));
    expect(stateHash(a)).toMatchInlineSnapshot(`"dfa6c9d54c84f8206e7496452dfecbc9c60807fda00588a70fcc203ff2043819"`);
  });

  it('differs when anything that matters differs', () => {
    const base = applyAll(createHeap(), [{ op: 'alloc', id: 1, bytes: 32 }]).state;
    const variants: HeapEvent[] = [
      { op: 'threshold', bytes: 64 },
      { op: 'unroot', id: 1 },
      { op: 'alloc', id: 2, bytes: 16 },
      { op: 'disable' },
      { op: 'lock' },
    ];
    const hashes = new Set([stateHash(base), ...variants.map((e) => stateHash(apply(base, e).state))]);
    expect(hashes.size).toBe(variants.length + 1);
  });
});
