/**
 * Structural reproducers: the heap at a failure rebuilt with its live objects in place, then
 * shrunk. Every reproducer must replay to the same MemoryError on the same heap, and its claim
 * of 1-minimality is checked by leaving out each of its units in turn and replaying.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns, fcTimeout } from '../../../test-support/fast-check-runs.js';
import { createHeap, objectsByAddress, openDraft, resolveConfig, strategyNames, type HeapConfig, type HeapEvent, type Outcome } from '@heaplab/core';
import { firstFailure, minimizeFailure, type Minimized } from '../src/index.js';
import { eventsOf, eventUnits } from '../src/minimize/event-units.js';
import { failureLayout } from '../src/minimize/failure-layout.js';
import { HeapRebuild } from '../src/minimize/heap-rebuild.js';

/** Strategies whose placements a rebuild in address order always steers on one area. */
const STEERED = ['micropython', 'first-fit', 'best-fit', 'worst-fit', 'next-fit'];

type Command =
  | { readonly op: 'alloc'; readonly blocks: number; readonly longLived: boolean }
  | { readonly op: 'free' | 'drop'; readonly pick: number }
  | { readonly op: 'realloc'; readonly pick: number; readonly blocks: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('alloc' as const), blocks: fc.integer({ min: 1, max: 24 }), longLived: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('free' as const, 'drop' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('realloc' as const), pick: fc.nat(), blocks: fc.integer({ min: 1, max: 40 }) }) },
);

const heaps = fc.constantFrom(
  { areas: [{ blocks: 128 }] },
  { areas: [{ blocks: 64 }, { blocks: 96 }] },
  { areas: [{ blocks: 96 }, { blocks: 64 }], areaPolicy: 'by-size' as const },
);

/** The events of a program: a live object is picked by index, so every event applies. */
function programEvents(commands: readonly Command[]): HeapEvent[] {
  const live: number[] = [];
  const events: HeapEvent[] = [];
  let next = 0;
  for (const c of commands) {
    if (c.op === 'alloc') {
      events.push({ op: 'alloc', id: next, bytes: c.blocks * 16 - (next % 7), ...(c.longLived ? { longLived: true } : {}) });
      live.push(next++);
    } else if (live.length > 0) {
      const id = live[c.pick % live.length]!;
      if (c.op === 'realloc') events.push({ op: 'realloc', id, bytes: c.blocks * 16, move: true });
      else {
        events.push(c.op === 'free' ? { op: 'free', id } : { op: 'unroot', id });
        live.splice(live.indexOf(id), 1);
      }
    }
  }
  return events;
}

/** The outcome of each event of `events` replayed on an empty heap. */
function replay(config: HeapConfig, events: readonly HeapEvent[]): Outcome[] {
  const draft = openDraft(createHeap(config));
  return events.map((event) => draft.apply(event));
}

/** The failure `events` end in, as a reproducer must repeat it: operation, bytes, locked or not. */
function endsInFailure(config: HeapConfig, events: readonly HeapEvent[]): { op: string; bytes: number; locked: boolean } | null {
  const outcomes = replay(config, events);
  const last = outcomes.at(-1);
  const clean = outcomes.slice(0, -1).every((o) => o.kind !== 'rejected' && o.kind !== 'memory-error');
  return clean && last?.kind === 'memory-error' ? { op: last.op, bytes: last.facts.bytes, locked: last.facts.locked } : null;
}

/** Leaves out each unit of a reproducer in turn: none may still fail (what 1-minimal claims). */
function expectOneMinimal(config: HeapConfig, result: Minimized): void {
  const events = result.events;
  if (result.method === 'layout') {
    // A kept object is a rooted alloc other than the request (and the failed realloc's object).
    const request = events.at(-1)!;
    const target = request.op === 'realloc' ? request.id : -1;
    const kept = events.flatMap((event, i) => (event.op === 'alloc' && event.root !== false && i < events.length - 1 && event.id !== target ? [i] : []));
    expect(kept.length).toBe(result.objects!.kept - (target >= 0 ? 1 : 0));
    for (const i of kept) {
      // Left out in place: the object is garbage, as a dropped object is, and the others keep their places.
      const without = events.map((event, j) => (j === i ? { ...event, root: false } : event));
      expect(endsInFailure(config, without), `object at event ${i + 1} dropped`).toBeNull();
    }
  } else {
    const units = eventUnits(events.slice(0, -1));
    units.forEach((_, u) => {
      const without = eventsOf(events, [...units.filter((__, v) => v !== u), [events.length - 1]]);
      expect(endsInFailure(config, without), `unit ${u} left out`).toBeNull();
    });
  }
}

describe('a structural reproducer', () => {
  it(
    'replays to the same MemoryError on the same heap, and is 1-minimal (every strategy, property)',
    () => {
      let layouts = 0;
      let runs = 0;
      fc.assert(
        fc.property(fc.constantFrom(...strategyNames()), heaps, fc.array(command, { minLength: 20, maxLength: 160 }), (strategy, heap, commands) => {
          const config = resolveConfig({ ...heap, strategy });
          const events = programEvents(commands);
          const found = firstFailure(config, events);
          if (found === null) return;
          runs++;
          const failing = events.slice(0, found.failure.event);
          const result = minimizeFailure(config, failing);
          if (result.method === 'layout') layouts++;
          if (STEERED.includes(strategy) && config.areas.length === 1) expect(result.method).toBe('layout');
          expect(result.complete).toBe(true);
          expect(endsInFailure(config, result.events)).toEqual({ op: found.failure.op, bytes: found.failure.facts.bytes, locked: false });
          expectOneMinimal(config, result);
        }),
        { numRuns: fcRuns(150) },
      );
      // Most runs fail, and most failures are rebuilt from their layout.
      expect(runs).toBeGreaterThan(fcRuns(150) / 2);
      expect(layouts).toBeGreaterThan((runs * 3) / 4);
    },
    fcTimeout(60_000),
  );

  it('starts from a rebuild that puts every live object where it was, or from none at all', () => {
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...strategyNames()), fc.array(command, { minLength: 20, maxLength: 160 }), (strategy, commands) => {
        const config = resolveConfig({ areas: [{ blocks: 128 }], strategy });
        const events = programEvents(commands);
        const found = firstFailure(config, events);
        if (found === null) return;
        const layout = failureLayout(config, events.slice(0, found.failure.event))!;
        const walk = new HeapRebuild(layout).build(layout.objects.map((_, i) => i));
        if (walk === null) {
          // Only a strategy that rounds requests up may refuse (a filler it would make larger).
          expect(STEERED).not.toContain(strategy);
          refused++;
          return;
        }
        const rebuilt = objectsByAddress(walk.draft.snapshot()).filter((object) => object.rooted);
        expect(rebuilt.map(({ id, area, block, blocks }) => ({ id, area, block, blocks }))).toEqual(
          layout.objects.map(({ id, area, block, blocks }) => ({ id, area, block, blocks })),
        );
      }),
      { numRuns: fcRuns(100) },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it('keeps a failed realloc’s own object and repeats the realloc', () => {
    const config = resolveConfig({ areas: [{ blocks: 64 }] });
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: 10 * 16 },
      { op: 'alloc', id: 2, bytes: 16 },
      { op: 'alloc', id: 3, bytes: 30 * 16 },
      { op: 'alloc', id: 4, bytes: 16 },
      { op: 'free', id: 3 },
      { op: 'realloc', id: 1, bytes: 40 * 16, move: true },
    ];
    const result = minimizeFailure(config, events);
    // Object 4 stops a copy fitting in the hole before it. Dropping object 2 would not help: a
    // realloc tries to grow in place before it collects, and garbage blocks it as well.
    expect(result).toMatchObject({ method: 'layout', complete: true, objects: { live: 3, kept: 2 } });
    expect(result.events.filter((e) => e.op === 'alloc' && e.root !== false).map((e) => (e as { id: number }).id)).toEqual([1, 4]);
    expect(result.events.at(-1)).toEqual(events.at(-1));
    expect(endsInFailure(config, result.events)).toEqual({ op: 'realloc', bytes: 640, locked: false });
    expectOneMinimal(config, result);
  });

  it('writes the rebuild it searched, dropped objects as garbage, when the compact one places differently', () => {
    // Buddy blocks at these places. Once objects 5 and 8 are dropped, one filler for blocks 72 to
    // 87 would be a 16-block buddy block, which goes to block 80 (the smallest free one), not 72.
    const config = resolveConfig({ areas: [{ blocks: 128 }], strategy: 'buddy' });
    const placed: [id: number, block: number, blocks: number][] = [
      [7, 0, 16],
      [10, 16, 16],
      [3, 32, 32],
      [11, 64, 8],
      [5, 80, 4],
      [8, 84, 2],
      [9, 88, 4],
      [6, 96, 32],
    ];
    const events: HeapEvent[] = [
      ...placed.map(([id, block, blocks]): HeapEvent => ({ op: 'alloc', id, bytes: blocks * 16, at: { area: 0, block } })),
      { op: 'alloc', id: 12, bytes: 203 },
    ];
    const result = minimizeFailure(config, events);
    expect(result).toMatchObject({ method: 'layout', complete: true, objects: { live: 8, kept: 6 } });
    const allocated = result.events.filter((e) => e.op === 'alloc' && placed.some(([id]) => id === e.id));
    expect(allocated.map((e) => [(e as { id: number }).id, e.op === 'alloc' && e.root === false])).toEqual([
      [7, false],
      [10, false],
      [3, false],
      [11, false],
      [5, true],
      [8, true],
      [9, false],
      [6, false],
    ]);
    expect(endsInFailure(config, result.events)).toEqual({ op: 'alloc', bytes: 203, locked: false });
    expectOneMinimal(config, result);
  });

  it('shrinks a failure on a locked heap to the lock and the request', () => {
    const config = resolveConfig({ areas: [{ blocks: 64 }] });
    const events: HeapEvent[] = [{ op: 'alloc', id: 1, bytes: 100 }, { op: 'lock' }, { op: 'alloc', id: 2, bytes: 16 }];
    const result = minimizeFailure(config, events);
    expect(result).toMatchObject({ method: 'layout', complete: true, events: [{ op: 'lock' }, { op: 'alloc', id: 2, bytes: 16 }] });
  });

  it('falls back to shrinking the events when the rebuild cannot place its blockers', () => {
    // TLSF searches a 132-block request in the class from 136: no area takes a blocker that size.
    const config = resolveConfig({ areas: [{ blocks: 64 }, { blocks: 132 }], areaPolicy: 'by-size', strategy: 'tlsf' });
    const events: HeapEvent[] = [
      ...Array.from({ length: 12 }, (_, id): HeapEvent => ({ op: 'alloc', id, bytes: 15 * 16 })),
      ...Array.from({ length: 6 }, (_, i): HeapEvent => ({ op: 'free', id: 2 * i })),
      { op: 'alloc', id: 99, bytes: 40 * 16 },
    ];
    expect(firstFailure(config, events)?.failure.event).toBe(events.length);
    const result = minimizeFailure(config, events);
    expect(result).toMatchObject({ method: 'events', objects: null, complete: true });
    expect(endsInFailure(config, result.events)).toEqual({ op: 'alloc', bytes: 640, locked: false });
    expectOneMinimal(config, result);
  });
});
