/**
 * Each remedy on streams built to show it: one where it is the fix (its replay survives) and one
 * where it does not help (kept as tried, `survives: false`), and the change it makes to the
 * events checked on the changed stream itself. Streams come from `support/remedy-streams.ts`
 * and `support/diagnosis-streams.ts`.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig, smallestSafeHeap, configInput, strategyNames, type HeapEvent, type ObjectId } from '@heaplab/core';
import {
  diagnoseFailure,
  proposeRemedies,
  tryPolicies,
  type Diagnosis,
  type Remedy,
  type RemedyCheck,
  type RemedyKind,
  type RemedySource,
} from '../src/index.js';
import { allocateEarlyEdit } from '../src/remedies/allocate-early.js';
import { accumulating, boundAccumulationEdit } from '../src/remedies/bound-accumulation.js';
import { capGrowthEdit } from '../src/remedies/cap-growth.js';
import { collectBeforeEdit, largeRequests } from '../src/remedies/collect-before.js';
import { preallocateEdit } from '../src/remedies/preallocate.js';
import type { RemedyContext } from '../src/remedies/remedy-context.js';
import { Replayer } from '../src/remedies/replayer.js';
import { requestSeries, type RequestSeries } from '../src/remedies/request-series.js';
import { editedEvents, type StreamEdit } from '../src/remedies/stream-edit.js';
import { thresholdEdit } from '../src/remedies/gc-threshold.js';
import { bufferSeries, growingList, leak, stagedSeries, tooSmall } from './support/diagnosis-streams.js';
import { disabledCollector, interleavedGarbage, pinsBetweenBuffers, withTail } from './support/remedy-streams.js';
import type { BuiltStream } from './support/stream-builder.js';

type Checked = Extract<Remedy, { verified: RemedyCheck }>;

function diagnose(stream: BuiltStream): Diagnosis {
  return diagnoseFailure(stream.config, stream.events, { marks: stream.marks })!;
}

function propose(stream: BuiltStream, kinds: readonly RemedyKind[], source: RemedySource = 'workload'): Remedy[] {
  return proposeRemedies(stream.config, stream.events, diagnose(stream), { source, kinds, marks: stream.marks });
}

/** The one remedy of `kind`, checked. */
function remedy<K extends RemedyKind>(stream: BuiltStream, kind: K): Extract<Checked, { kind: K }> {
  const found = propose(stream, [kind]);
  expect(found.map((r) => r.kind)).toEqual([kind]);
  expect(found[0]!.verified).not.toBeNull();
  return found[0] as Extract<Checked, { kind: K }>;
}

function context(stream: BuiltStream, withMarks = false): RemedyContext {
  const diagnosis = diagnose(stream);
  const replayer = new Replayer(stream.config, stream.events);
  return { config: stream.config, events: stream.events, diagnosis, replayer, lines: null, earlyDrops: false, marks: withMarks ? stream.marks : null };
}

function series(stream: BuiltStream): RequestSeries {
  return requestSeries(context(stream))!;
}

/** The events the engine refused in the changed stream's replay: none, for a sound change. */
function rejected(stream: BuiltStream, edit: StreamEdit): number {
  return new Replayer(stream.config, stream.events).run(edit).rejected;
}

function names(event: HeapEvent, id: ObjectId): boolean {
  if (event.op === 'ref' || event.op === 'unref') return event.from === id || event.to === id;
  if (event.op === 'collect') return event.freed?.includes(id) === true;
  return 'id' in event && event.id === id;
}

const idOf = (event: HeapEvent): ObjectId => (event as { id: ObjectId }).id;

describe('preallocate', () => {
  it('serves a list grown by realloc from one buffer allocated at start-up', () => {
    const stream = growingList(1);
    const { change, verified, summary } = remedy(stream, 'preallocate');
    const failing = stream.events.at(-1) as { bytes: number };
    expect(change).toMatchObject({ series: 'growing', bufferBytes: failing.bytes, objects: 1, firstEvent: 1, bounded: false });
    expect(verified).toMatchObject({ survives: true, eventsRun: stream.events.length - change.requests + 1 });
    expect(summary).toMatch(
      /^Allocate one 11648-byte buffer at start-up and serve the \d+ requests of the growing series \(from 64 bytes at event 1\) from it: the recording then runs to its end/,
    );
    // The changed stream: the buffer first, and nothing of the list (object 0).
    const edit = preallocateEdit(stream.events, series(stream));
    const changed = editedEvents(stream.events, edit).events;
    expect(changed[0]).toEqual({ op: 'alloc', id: Math.max(...stream.events.map((e) => ('id' in e ? e.id : 0))) + 1, bytes: failing.bytes });
    expect(changed.filter((e) => names(e, 0))).toEqual([]);
    expect(changed.length).toBe(stream.events.length - change.requests + 1);
    expect(rejected(stream, edit)).toBe(0);
  });

  it('is tried and still fails when the buffer leaves too little room for what the program keeps', () => {
    const stream = bufferSeries(1, (k) => 1024 + 16 * k);
    const { change, verified, summary } = remedy(stream, 'preallocate');
    expect(change).toMatchObject({ series: 'growing', bufferBytes: 3712, objects: 169, requests: 169 });
    expect(verified.survives).toBe(false);
    expect(verified.headroomBytes).toBeLessThan(0);
    expect(summary).toContain(`it still fails at event ${verified.failedAt} of the changed stream (the recording's event ${verified.failedAtRecorded})`);
    // Exactly one buffer, and no event names a buffer of the series.
    const found = series(stream);
    const edit = preallocateEdit(stream.events, found);
    const changed = editedEvents(stream.events, edit).events;
    const members = found.allocations.map((i) => idOf(stream.events[i]!));
    expect(changed.filter((e) => members.some((id) => names(e, id)))).toEqual([]);
    expect(changed.filter((e) => e.op === 'alloc' && e.bytes === 3712)).toEqual([changed[0]]);
    // 168 buffers allocated and freed, and the failing request.
    expect(changed.length).toBe(stream.events.length - (2 * 168 + 1) + 1);
    expect(rejected(stream, edit)).toBe(0);
  });

  it('follows a growing series on past the failing request, to the largest size it asks for', () => {
    const base = bufferSeries(1, (k) => 1024 + 16 * k);
    const stream = withTail(base, [
      { op: 'alloc', id: 90_000, bytes: 3728 },
      { op: 'free', id: 90_000 },
      { op: 'alloc', id: 90_001, bytes: 48 },
      { op: 'alloc', id: 90_002, bytes: 3744 },
      { op: 'free', id: 90_002 },
    ]);
    const found = series(stream);
    expect(found.allocations.slice(-3)).toEqual([base.events.length - 1, base.events.length, base.events.length + 3]);
    expect(found.maxBytes).toBe(3744);
  });

  it('follows a series found under a mark label on under that label only, and only when given the marks', () => {
    const base = stagedSeries(1);
    const n = base.events.length;
    const stream: BuiltStream = {
      ...withTail(base, [
        { op: 'alloc', id: 90_000, bytes: 40_000 },
        { op: 'free', id: 90_000 },
        { op: 'alloc', id: 90_001, bytes: 33_000 },
        { op: 'free', id: 90_001 },
      ]),
      marks: [...base.marks, { event: n, label: 'frame' }, { event: n + 2, label: 'scan' }],
    };
    expect(requestSeries(context(stream, true))!.allocations.slice(-2)).toEqual([n - 1, n]);
    expect(requestSeries(context(stream))!.allocations.at(-1)).toBe(n - 1);
  });

  it('serves a buffer that comes round at one size, but not sizes that only happen to meet', () => {
    expect(series(disabledCollector())).toMatchObject({ kind: 'constant', firstBytes: 4000, maxBytes: 4000, bounded: true });
    expect(series(disabledCollector()).allocations).toHaveLength(7);
    // The same 2000-byte buffer among nine other sizes near it is not a buffer that comes round.
    const config = resolveConfig({ areas: [{ blocks: 1024 }] });
    const events = (sizes: (i: number) => number): HeapEvent[] => [
      ...Array.from({ length: 100 }, (_, i): HeapEvent[] => [
        { op: 'alloc', id: i, bytes: sizes(i) },
        { op: 'free', id: i },
      ]).flat(),
      { op: 'alloc', id: 500, bytes: 900 * 16 },
      { op: 'alloc', id: 501, bytes: 2000 },
    ];
    const stream = (sizes: (i: number) => number): BuiltStream => ({ config, events: events(sizes), marks: [] });
    expect(series(stream(() => 2000))).toMatchObject({ kind: 'constant', allocations: expect.any(Array) });
    expect(series(stream(() => 2000)).allocations).toHaveLength(101);
    expect(requestSeries(context(stream((i) => 2000 + 16 * (i % 10))))).toBeNull();
  });
});

describe('allocate-early', () => {
  it('moves exactly the pins before the first large buffer, and the request then fits', () => {
    const stream = pinsBetweenBuffers();
    const { change, verified, summary } = remedy(stream, 'allocate-early');
    expect(change).toEqual({
      beforeEvent: 1,
      beforeLine: null,
      moved: [
        { event: 2, line: null, bytes: 16 },
        { event: 4, line: null, bytes: 16 },
      ],
    });
    expect(verified).toMatchObject({ survives: true, eventsRun: stream.events.length });
    expect(summary).toMatch(
      /^Allocate the 2 long-lived objects that pin the free space \(16 bytes allocated at event 2 and 16 bytes allocated at event 4\) before the first large buffer, at event 1: the recording then runs to its end/,
    );
    const found = allocateEarlyEdit(stream.events, [1, 3], 125, 16)!;
    const changed = editedEvents(stream.events, found.edit).events;
    expect(changed).toEqual([stream.events[1], stream.events[3], ...stream.events.filter((_, i) => i !== 1 && i !== 3)]);
    expect(rejected(stream, found.edit)).toBe(0);
  });

  it('is tried and still fails when a later request cannot fit anyway', () => {
    const stream = withTail(pinsBetweenBuffers(), [{ op: 'alloc', id: 9999, bytes: 2000 * 16 }]);
    const { verified, summary } = remedy(stream, 'allocate-early');
    expect(verified).toMatchObject({ survives: false, failedAt: stream.events.length, failedAtRecorded: stream.events.length });
    expect(summary).toContain(`it still fails at event ${stream.events.length} of the changed stream`);
  });

  it('keeps an object allocated unrooted unrooted where it was', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: 4000 },
      { op: 'alloc', id: 2, bytes: 16, root: false, at: { area: 0, block: 300 } },
      { op: 'ref', from: 1, to: 2 },
    ];
    const { edit } = allocateEarlyEdit(events, [1], 125, 16)!;
    expect(editedEvents(events, edit).events).toEqual([{ op: 'alloc', id: 2, bytes: 16 }, events[0], { op: 'unroot', id: 2 }, events[2]]);
  });
});

describe('cap-growth', () => {
  it('finds the largest cap on a growing buffer at which the run survives', () => {
    const stream = bufferSeries(1, (k) => 1024 + 16 * k);
    const { change, verified, summary } = remedy(stream, 'cap-growth');
    expect(change).toEqual({ capBytes: 3440, firstBytes: 1024, uncappedBytes: 3712, requestsCapped: 17, failingCapBytes: 3456 });
    expect(verified.survives).toBe(true);
    expect(summary).toMatch(
      /^Cap the growing series \(1024 to 3712 bytes\) at 3440 bytes: the recording then runs to its end.*; a cap of 3456 bytes still fails\.$/,
    );
    // Only the series' requests above the cap change, each to the cap.
    const found = series(stream);
    const { edit, capped } = capGrowthEdit(stream.events, found, 3440);
    const changed = editedEvents(stream.events, edit).events;
    const members = new Set(found.allocations);
    expect(capped).toBe(17);
    stream.events.forEach((event, i) => {
      const bytes = (event as { bytes?: number }).bytes ?? 0;
      expect(changed[i]).toEqual(members.has(i) && bytes > 3440 ? { ...event, bytes: 3440 } : event);
    });
    expect(rejected(stream, edit)).toBe(0);
  });

  it('is tried and still fails when a later request cannot fit anyway', () => {
    const stream = withTail(
      bufferSeries(1, (k) => 1024 + 16 * k),
      [{ op: 'alloc', id: 99_999, bytes: 40_000 }],
    );
    const { change, verified, summary } = remedy(stream, 'cap-growth');
    expect(change).toMatchObject({ capBytes: 1024, failingCapBytes: null });
    expect(verified).toMatchObject({ survives: false, failedAtRecorded: stream.events.length });
    expect(summary).toMatch(/^No cap on the growing series \(1024 to 3712 bytes\) helps, down to its first size \(1024 bytes\): it still fails/);
  });
});

describe('bound-accumulation', () => {
  it('keeps the newest objects of a leak, as many as the run survives', () => {
    const stream = leak();
    const { change, verified } = remedy(stream, 'bound-accumulation');
    expect(change).toEqual({ keep: 1164, objects: 1165, released: 1, failingKeep: null });
    expect(verified.survives).toBe(true);
    // With a bound of 100: each older object is unrooted right after the one that replaces it.
    const holders = diagnose(stream).allocations.accumulation!.map((n) => n - 1);
    const { edit, released } = boundAccumulationEdit(stream.events, accumulating(stream.events, holders), 100);
    expect(released).toBe(1065);
    const ids = new Set(holders.map((i) => idOf(stream.events[i]!)));
    const rooted = new Set<ObjectId>();
    let most = 0;
    for (const event of editedEvents(stream.events, edit).events) {
      if (event.op === 'alloc' && ids.has(event.id)) rooted.add(event.id);
      if (event.op === 'unroot') rooted.delete(event.id);
      most = Math.max(most, rooted.size);
    }
    expect(most).toBe(101);
    expect(rooted.size).toBe(100);
    expect(rejected(stream, edit)).toBe(0);
  });

  it('lets an older object go as a root and from each object that references it, and takes out what the program did with it later', () => {
    const alloc = (id: number): HeapEvent => ({ op: 'alloc', id, bytes: 16 });
    const events: HeapEvent[] = [
      alloc(1),
      alloc(2),
      alloc(10),
      { op: 'ref', from: 10, to: 2 },
      alloc(3),
      alloc(4),
      alloc(5),
      { op: 'unroot', id: 1 },
      { op: 'unref', from: 10, to: 2 },
      { op: 'unroot', id: 2 },
    ];
    const { edit, released } = boundAccumulationEdit(events, accumulating(events, [0, 1, 4, 5, 6]), 2);
    expect(released).toBe(3);
    expect(editedEvents(events, edit).events).toEqual([
      alloc(1),
      alloc(2),
      alloc(10),
      { op: 'ref', from: 10, to: 2 },
      alloc(3),
      { op: 'unroot', id: 1 },
      alloc(4),
      { op: 'unroot', id: 2 },
      { op: 'unref', from: 10, to: 2 },
      alloc(5),
      { op: 'unroot', id: 3 },
    ]);
  });

  it('is tried and still fails when what splits the heap came before the accumulation', () => {
    const { change, verified, summary } = remedy(interleavedGarbage(), 'bound-accumulation');
    expect(change).toMatchObject({ keep: 1, objects: 165, released: 164, failingKeep: null });
    expect(verified.survives).toBe(false);
    expect(summary).toMatch(/^Keeping only the newest of the 165 objects the accumulation holds does not help, down to 1: it still fails/);
  });
});

describe('collect-before', () => {
  it('collects before each large request where the collector was turned off', () => {
    const stream = disabledCollector();
    const { change, verified } = remedy(stream, 'collect-before');
    expect(change).toMatchObject({ collections: 7, firstEvent: 18 });
    expect(verified.survives).toBe(true);
    const requests = largeRequests(stream.events, series(stream), 4000);
    const changed = editedEvents(stream.events, collectBeforeEdit(requests)).events;
    const collects = changed.flatMap((e, i) => (e.op === 'collect' ? [i] : []));
    expect(collects).toHaveLength(7);
    expect(collects.map((i) => changed[i + 1])).toEqual(requests.map((i) => stream.events[i]));
  });

  it('is tried and still fails when what is held fills the heap', () => {
    expect(remedy(tooSmall(), 'collect-before').verified.survives).toBe(false);
  });
});

describe('threshold', () => {
  it('finds a threshold at which collections keep garbage from splitting the heap', () => {
    const stream = interleavedGarbage();
    const { change, verified, summary } = remedy(stream, 'threshold');
    expect(change).toEqual({ bytes: 8192, failingBytes: 16384 });
    expect(verified).toMatchObject({ survives: true, eventsRun: stream.events.length + 1 });
    expect(summary).toMatch(/^Call gc.threshold\(8192\) at start-up, a collection after every 8192 bytes allocated: .*; gc.threshold\(16384\) still fails\.$/);
    expect(editedEvents(stream.events, thresholdEdit(8192)).events).toEqual([{ op: 'threshold', bytes: 8192 }, ...stream.events]);
  });

  it('is tried and still fails where the collector is turned off', () => {
    const { change, verified } = remedy(disabledCollector(), 'threshold');
    expect(change).toEqual({ bytes: 256, failingBytes: null });
    expect(verified.survives).toBe(false);
  });
});

describe('larger-heap', () => {
  it('gives the smallest heap found on which the run survives', () => {
    const stream = tooSmall();
    const { change, verified, summary } = remedy(stream, 'larger-heap');
    // The search stops within a 64th of the given heap's 4208 region bytes.
    const precisionBytes = Math.ceil(4208 / 64);
    const safe = smallestSafeHeap(configInput(stream.config), stream.events, { precisionBytes })!;
    expect(change).toEqual({ givenBytes: 4208, heapBytes: safe.bytes, usableBytes: safe.usableBytes, scale: safe.scale, safe: true });
    expect(safe.bytes - safe.failingBytes!).toBeLessThanOrEqual(precisionBytes);
    expect(verified.survives).toBe(true);
    expect(summary).toMatch(
      /^Give the program a heap of \d+ bytes \(1.1\d times the given \d+; regions of \d+ bytes in all\), the smallest found in steps of \d+ bytes on which the recording survives: /,
    );
  });

  it('never calls a heap safe when a request grows without bound', () => {
    const { change, verified, summary } = remedy(
      bufferSeries(1, (k) => 1024 + 16 * k),
      'larger-heap',
    );
    expect(change.safe).toBe(false);
    expect(verified.survives).toBe(true);
    expect(summary).toMatch(
      /^No heap size is safe: the failing request grows without levelling off\. A heap of \d+ bytes .*, found in steps of \d+ bytes, survives this recording only: /,
    );
  });

  it('is tried and still fails when not even 64 times the heap holds the request', () => {
    const config = resolveConfig({ areas: [{ blocks: 64 }] });
    const { change, verified, summary } = remedy({ config, events: [{ op: 'alloc', id: 1, bytes: 100 * 64 * 16 }], marks: [] }, 'larger-heap');
    expect(change.scale).toBe(64);
    expect(verified.survives).toBe(false);
    expect(summary).toMatch(/^Even a heap of \d+ bytes .* does not help: it still fails at event 1/);
  });
});

describe('strategy and layout', () => {
  it('keep the best few policies that survive, most headroom first', () => {
    const stream = pinsBetweenBuffers({ smallArea: true });
    const found = propose(stream, ['layout', 'strategy']) as Checked[];
    expect(found[0]).toMatchObject({ kind: 'layout', change: { strategy: 'micropython@by-size=256' }, verified: { survives: true } });
    const strategies = found.slice(1);
    expect(strategies.length).toBeGreaterThan(0);
    expect(strategies.length).toBeLessThanOrEqual(3);
    expect(strategies.every((r) => r.kind === 'strategy' && r.verified.survives)).toBe(true);
    expect(strategies.map((r) => r.change)).toContainEqual({ strategy: 'buddy' });
    const headroom = strategies.map((r) => r.verified.headroomBytes);
    expect(headroom).toEqual([...headroom].sort((a, b) => b - a));
    expect(found[0]!.summary).toMatch(/^Lay the areas out as micropython@by-size=256 instead of micropython \(a firmware change\): the recording then runs/);
  });

  it('keep the one that got furthest, as tried, when none survives; no layout on a heap of one area', () => {
    const found = propose(tooSmall(), ['layout', 'strategy']);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'strategy', verified: { survives: false } });
    // Two areas, and a request longer than either.
    const config = resolveConfig({ areas: [{ blocks: 256 }, { blocks: 256 }] });
    const split = propose(
      {
        config,
        events: [
          { op: 'alloc', id: 1, bytes: 16 },
          { op: 'alloc', id: 2, bytes: 300 * 16 },
        ],
        marks: [],
      },
      ['layout', 'strategy'],
    );
    expect(split.map((r) => [r.kind, r.verified?.survives])).toEqual([
      ['layout', false],
      ['strategy', false],
    ]);
    expect(split[0]!.summary).toBe(
      "Lay the areas out as micropython@by-size=256 instead of micropython (a firmware change): it still fails at event 2 of the changed stream (the recording's event 2).",
    );
  });

  it('give the same remedies when their trials are shared between two threads and handed in', () => {
    const stream = pinsBetweenBuffers({ smallArea: true });
    const whole = propose(stream, ['layout', 'strategy']);
    const shares = [0, 1].map((part) => tryPolicies(stream.config, stream.events, { source: 'workload', share: { part, parts: 2 } }));
    // Every other trial each: the layout and the strategies, split between the two.
    expect(shares[0]!.length + shares[1]!.length).toBe(1 + strategyNames().length - 1);
    expect(shares[0]![0]).toMatchObject({ kind: 'layout', spec: 'micropython@by-size=256' });
    const handed = proposeRemedies(stream.config, stream.events, diagnose(stream), {
      source: 'workload',
      kinds: ['layout', 'strategy'],
      trials: [...shares[1]!, ...shares[0]!],
    });
    expect(handed).toEqual(whole);
  });

  it('try only the strategies asked for', () => {
    const stream = pinsBetweenBuffers({ smallArea: true });
    const found = proposeRemedies(stream.config, stream.events, diagnose(stream), {
      source: 'workload',
      kinds: ['strategy'],
      strategies: ['first-fit', 'tlsf:sli=3'],
    });
    for (const r of found) expect(['first-fit', 'tlsf:sli=3']).toContain((r.change as { strategy: string }).strategy);
  });
});

describe('remedies for a device trace', () => {
  it('say collections cannot be checked, and why, as entries after the rest', () => {
    const found = propose(pinsBetweenBuffers(), ['allocate-early', 'collect-before', 'threshold'], 'trace');
    expect(found.map((r) => r.kind)).toEqual(['allocate-early', 'collect-before', 'threshold']);
    const reason = 'the recording only knows when the device swept an object, not what was reachable';
    expect(found[1]).toEqual({
      kind: 'collect-before',
      summary: `A collection (gc.collect()) before the large requests cannot be checked on a device trace: ${reason}.`,
      change: null,
      verified: null,
      reason,
    });
    expect(found[2]).toMatchObject({ kind: 'threshold', change: null, verified: null, reason });
  });
});

describe('proposeRemedies', () => {
  it('ranks fixes first, by how small a change they ask, then what was tried, then what could not be checked', () => {
    const stream = pinsBetweenBuffers({ smallArea: true });
    const found = proposeRemedies(stream.config, stream.events, diagnose(stream), { source: 'workload' });
    expect(found.map((r) => [r.kind, r.verified?.survives])).toEqual([
      ['allocate-early', true],
      ['larger-heap', true],
      ['layout', true],
      ...found.filter((r) => r.kind === 'strategy').map(() => ['strategy', true]),
      ['collect-before', false],
      ['threshold', false],
    ]);
  });
});
