/**
 * The causes of a failure, each shown by event streams built to show it alone, streams built to
 * show none (the detector stays silent), and mixtures ranked root cause first. The streams come
 * from `support/diagnosis-streams.ts`; each ends in its first failed request.
 */
import { describe, expect, it } from 'vitest';
import { createHeap, openDraft, resolveConfig, type HeapEvent } from '@heaplab/core';
import {
  diagnoseFailure,
  diagnoseFirstFailure,
  diagnoseRecording,
  FailureRecorder,
  firstFailure,
  MarkCursor,
  type Cause,
  type CauseKind,
  type Diagnosis,
} from '../src/index.js';
import { bufferSeries, growingList, leak, pinnedHoles, stagedSeries, tooSmall, transientBurst } from './support/diagnosis-streams.js';
import type { BuiltStream } from './support/stream-builder.js';

function diagnose(stream: BuiltStream, withMarks = true): Diagnosis {
  const diagnosis = diagnoseFailure(stream.config, stream.events, withMarks ? { marks: stream.marks } : {});
  expect(diagnosis).not.toBeNull();
  expect(diagnosis!.failure.event).toBe(stream.events.length);
  return diagnosis!;
}

const kinds = (diagnosis: Diagnosis): CauseKind[] => diagnosis.causes.map((c) => c.kind);

function cause<K extends CauseKind>(diagnosis: Diagnosis, kind: K): Extract<Cause, { kind: K }> {
  const found = diagnosis.causes.find((c): c is Extract<Cause, { kind: K }> => c.kind === kind);
  if (found === undefined) throw new Error(`no ${kind} among ${kinds(diagnosis).join(', ')}`);
  return found;
}

describe('diagnoseFailure', () => {
  it('is null when no request fails', () => {
    const config = resolveConfig({ areas: [{ blocks: 64 }] });
    expect(diagnoseFailure(config, [{ op: 'alloc', id: 1, bytes: 100 }])).toBeNull();
  });

  it('names the failed request with its line and mark', () => {
    const stream = pinnedHoles();
    const lines = Int32Array.from(stream.events, (_, i) => 10 + 2 * i);
    const diagnosis = diagnoseFailure(stream.config, stream.events, { lines, marks: [{ event: stream.events.length - 1, label: 'last' }] })!;
    expect(diagnosis.failure).toEqual({
      event: stream.events.length,
      line: 10 + 2 * (stream.events.length - 1),
      op: 'alloc',
      bytes: 4000,
      blocks: 250,
      mark: 'last',
      liveBytes: (6 + 398) * 16,
      freeBytes: 620 * 16,
      largestFreeBytes: 100 * 16,
      heapBytes: 1024 * 16,
    });
    // A mark covers the events after it: the pins were allocated before any.
    expect(cause(diagnosis, 'pinning').evidence.pins[0]).toMatchObject({ event: 2, line: 12, mark: null });
  });

  it('diagnoseFirstFailure gives what firstFailure and diagnoseFailure give, from one pass over a stream that goes on past the failure', () => {
    const stream = leak();
    const more: HeapEvent[] = [{ op: 'collect' }, { op: 'alloc', id: 1e6, bytes: 16 }];
    const events = [...stream.events, ...more];
    const found = diagnoseFirstFailure(stream.config, events, { marks: stream.marks });
    expect(found).not.toBeNull();
    expect(found!.failure).toEqual(firstFailure(stream.config, events)!.failure);
    expect(found!.diagnosis).toEqual(diagnoseFailure(stream.config, stream.events, { marks: stream.marks }));
    expect(found!.diagnosis.causes.length).toBeGreaterThan(0);
    expect(diagnoseFirstFailure(resolveConfig({ areas: [{ blocks: 64 }] }), [{ op: 'alloc', id: 1, bytes: 100 }])).toBeNull();
  });

  it('FailureRecorder, fed by a pass made elsewhere, records what diagnoseFailure does, or gives up past maxRecords', () => {
    const stream = leak();
    const feed = (maxRecords?: number): FailureRecorder => {
      const recorder = new FailureRecorder(stream.config, new MarkCursor(stream.marks), null, maxRecords);
      const draft = openDraft(createHeap(stream.config));
      for (const event of stream.events) if (recorder.open) recorder.feed(event, draft.apply(event), () => draft.snapshot());
      return recorder;
    };
    const whole = feed();
    expect(whole.open).toBe(false);
    expect(diagnoseRecording(whole.recording!)).toEqual(diagnoseFailure(stream.config, stream.events, { marks: stream.marks }));
    const small = feed(10);
    expect(small).toMatchObject({ open: false, abandoned: true, recording: null });
    // Requests count too: one object reallocated again and again gives up as well.
    const config = resolveConfig({ areas: [{ blocks: 64 }] });
    const recorder = new FailureRecorder(config, new MarkCursor([]), null, 100);
    const draft = openDraft(createHeap(config));
    const grow: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: 16 },
      ...Array.from({ length: 200 }, (_, i): HeapEvent => ({ op: 'realloc', id: 1, bytes: 16 + (i % 2) * 16, move: false })),
    ];
    for (const event of grow) if (recorder.open) recorder.feed(event, draft.apply(event), () => draft.snapshot());
    expect(recorder).toMatchObject({ open: false, abandoned: true });
    // A run that ends without a failure: close lets the records go and leaves no recording.
    const idle = new FailureRecorder(config, new MarkCursor([]), null);
    idle.feed({ op: 'alloc', id: 1, bytes: 16 }, draft.apply({ op: 'alloc', id: 2, bytes: 16 }), () => draft.snapshot());
    idle.close();
    expect(idle).toMatchObject({ open: false, abandoned: false, recording: null });
  });

  it('refuses a mark at a negative event', () => {
    const stream = tooSmall();
    expect(() => diagnoseFailure(stream.config, stream.events, { marks: [{ event: -1, label: 'x' }] })).toThrow(RangeError);
  });
});

describe('growing-request', () => {
  it.each([1, 2, 3])('finds a buffer growing 16 bytes a step among long-lived random sizes and temporaries (seed %i)', (seed) => {
    const stream = bufferSeries(seed, (k) => 1024 + 16 * k);
    const diagnosis = diagnose(stream);
    expect(kinds(diagnosis)).toEqual(['growing-request']);
    const { evidence, summary } = cause(diagnosis, 'growing-request');
    const bytes = diagnosis.failure.bytes;
    expect(evidence).toEqual({
      series: 'alloc',
      firstBytes: 1024,
      lastBytes: bytes,
      occurrences: (bytes - 1024) / 16 + 1,
      growthPerOccurrence: 16,
      bounded: false,
      firstEvent: evidence.firstEvent,
      firstLine: null,
      fitsAtFirstSize: true,
    });
    // The series' requests, each of its size, the failing one last.
    const allocations = diagnosis.allocations['growing-request']!;
    expect(allocations).toHaveLength(evidence.occurrences);
    expect(allocations[0]).toBe(evidence.firstEvent);
    expect(allocations.at(-1)).toBe(diagnosis.failure.event);
    expect(allocations.map((n) => (stream.events[n - 1] as { bytes: number }).bytes)).toEqual(allocations.map((_, k) => 1024 + 16 * k));
    expect(summary).toBe(
      `The failing ${bytes}-byte request is the last of ${evidence.occurrences} allocations, grown from 1024 bytes at event ${evidence.firstEvent} by 16 bytes a time on average without levelling off; at its first size it would still fit.`,
    );
  });

  it('follows a series back to its start however long it is (thousands of buffers growing 2 bytes a step)', () => {
    const stream = bufferSeries(1, (k) => 1024 + 2 * k, { noiseEvery: 300 });
    const diagnosis = diagnose(stream);
    const { evidence } = cause(diagnosis, 'growing-request');
    expect(evidence).toMatchObject({
      firstBytes: 1024,
      lastBytes: diagnosis.failure.bytes,
      occurrences: (diagnosis.failure.bytes - 1024) / 2 + 1,
      bounded: false,
    });
    expect(evidence.occurrences).toBeGreaterThan(5000);
  });

  it('stays silent on a constant-size buffer series', () => {
    const diagnosis = diagnose(bufferSeries(1, () => 1500, { noiseMax: 1200 }));
    expect(diagnosis.failure.bytes).toBe(1500);
    expect(kinds(diagnosis)).not.toContain('growing-request');
  });

  it.each([1, 2, 3, 4])('stays silent on buffers of random sizes (seed %i)', (seed) => {
    const diagnosis = diagnose(bufferSeries(seed, (_k, random) => 1000 + Math.floor(random() * 2000), { noiseMax: 1200 }));
    expect(diagnosis.failure.bytes).toBeGreaterThanOrEqual(1000);
    expect(kinds(diagnosis)).not.toContain('growing-request');
  });

  it('follows a realloc series: one object grown 32 bytes at a time', () => {
    const diagnosis = diagnose(growingList(1));
    expect(diagnosis.failure.op).toBe('realloc');
    expect(kinds(diagnosis)[0]).toBe('growing-request');
    expect(cause(diagnosis, 'growing-request').evidence).toMatchObject({
      series: 'realloc',
      firstBytes: 64,
      firstEvent: 1,
      occurrences: (diagnosis.failure.bytes - 64) / 32 + 1,
      growthPerOccurrence: 32,
      bounded: false,
    });
    // A realloc series is one object: the event that allocated it.
    expect(diagnosis.allocations['growing-request']).toEqual([1]);
  });

  it('keys the series by the mark label, which random requests in the same sizes would hide', () => {
    const stream = stagedSeries(1);
    const diagnosis = diagnose(stream);
    expect(diagnosis.failure).toMatchObject({ bytes: 1000 + 64 * 485, mark: 'frame' });
    expect(kinds(diagnosis)).toEqual(['growing-request', 'heap-too-small']);
    expect(cause(diagnosis, 'growing-request').evidence).toMatchObject({ mark: 'frame', firstBytes: 1000, occurrences: 486, growthPerOccurrence: 64 });
    expect(cause(diagnosis, 'growing-request').summary).toContain('486 allocations under "frame"');
    // Without the marks the "scan" buffers (800–2400 bytes, let go too) lie among the frames'
    // sizes, and the walked series covers too little of its ground.
    expect(kinds(diagnose(stream, false))).toEqual(['heap-too-small']);
  });

  it('calls a growth that levelled off bounded', () => {
    const diagnosis = diagnose(bufferSeries(1, (k) => Math.min(1024 + 16 * k, 2048), { noiseMax: 1200 }));
    expect(diagnosis.failure.bytes).toBe(2048);
    expect(cause(diagnosis, 'growing-request').evidence).toMatchObject({ firstBytes: 1024, bounded: true });
  });

  it('counts a series that fell back (a sawtooth) from its latest fall, bounded', () => {
    const stream = bufferSeries(1, (k) => 1024 + 16 * (k % 60), { noiseMax: 1000 });
    const diagnosis = diagnose(stream);
    const { evidence } = cause(diagnosis, 'growing-request');
    const lastReset = stream.events.findLastIndex((e) => e.op === 'alloc' && e.bytes === 1024) + 1;
    expect(evidence).toMatchObject({ firstBytes: 1024, firstEvent: lastReset, occurrences: (diagnosis.failure.bytes - 1024) / 16 + 1, bounded: true });
  });
});

describe('accumulation', () => {
  it('finds a leak: 48 bytes kept every 5 events, while 256-byte temporaries come and go', () => {
    const stream = leak();
    const diagnosis = diagnose(stream);
    expect(kinds(diagnosis)).toEqual(['accumulation']);
    const { evidence, summary } = cause(diagnosis, 'accumulation');
    // 48 bytes (3 blocks) every 5 events: 9600 bytes per 1000 events.
    expect(evidence.slopePerKiloEvent).toBeGreaterThan(9400);
    expect(evidence.slopePerKiloEvent).toBeLessThan(9800);
    expect(evidence.fit).toBeGreaterThan(0.99);
    expect(evidence.collections).toBeGreaterThanOrEqual(5);
    expect(evidence.slopePerMark).toBeUndefined();
    expect(evidence.holders).toHaveLength(1);
    expect(evidence.holders[0]).toMatchObject({ minBytes: 33, maxBytes: 64 });
    expect(evidence.holders[0]!.bytes).toBe(evidence.holders[0]!.objects * 48);
    // The holders' objects: each one of the kept 48-byte objects.
    const allocations = diagnosis.allocations.accumulation!;
    expect(allocations).toHaveLength(evidence.holders[0]!.objects);
    expect(allocations.every((n) => stream.events[n - 1]!.op === 'alloc' && (stream.events[n - 1] as { bytes: number }).bytes === 48)).toBe(true);
    expect(evidence.fullAtEvent).toBeGreaterThan(diagnosis.failure.event);
    expect(summary).toMatch(
      /^Live bytes after each collection rose from \d+ to \d+ over \d+ collections \(events \d+ to \d+\), \d+ bytes per 1000 events; the growth is held mostly by \d+ objects of 33–64 bytes \(\d+ bytes\); at that rate the heap is full at event \d+\.$/,
    );
  });

  it('gives the slope per mark when the run has marks', () => {
    const { evidence } = cause(diagnose(leak({ marksEvery: 100 })), 'accumulation');
    // A mark every 100 steps, which are 250 events.
    expect(Math.abs(evidence.slopePerMark! - evidence.slopePerKiloEvent / 4)).toBeLessThan(1);
    // Each holder was allocated under many labels, none holding half of them.
    expect(evidence.holders[0]!.mark).toBeUndefined();
  });

  it('stays silent when the live size is stable', () => {
    const diagnosis = diagnose(leak({ cap: 100, finalBytes: 60_000 }));
    expect(diagnosis.failure.bytes).toBe(60_000);
    expect(kinds(diagnosis)).not.toContain('accumulation');
  });
});

describe('pinning', () => {
  it('names two 1-block pins between 100-block holes, when 250 blocks are asked for', () => {
    const diagnosis = diagnose(pinnedHoles());
    expect(kinds(diagnosis)).toEqual(['pinning']);
    const { evidence, summary } = cause(diagnosis, 'pinning');
    expect(evidence).toEqual({
      area: 0,
      freeBlocks: 620,
      largestFreeRun: 100,
      requestBlocks: 250,
      block: 0,
      pins: [
        { bytes: 16, blocks: 1, area: 0, block: 100, event: 2, line: null, lived: 618, mark: null },
        { bytes: 16, blocks: 1, area: 0, block: 201, event: 4, line: null, lived: 616, mark: null },
      ],
    });
    expect(diagnosis.allocations).toEqual({ pinning: [2, 4] });
    expect(summary).toBe(
      "2 small long-lived objects split area 0's 620 free blocks so that its longest run is 100 blocks, short of the 250 the request needs: " +
        '16 bytes at block 100 (allocated at event 2, alive for 618 events) and 16 bytes at block 201 (allocated at event 4, alive for 616 events).',
    );
  });

  it('stays silent when the pins are young', () => {
    expect(kinds(diagnose(pinnedHoles({ youngPins: true })))).toEqual([]);
  });

  it('stays silent when what splits the holes is not small', () => {
    expect(kinds(diagnose(pinnedHoles({ pinBlocks: 40 })))).toEqual([]);
  });

  it("claims no pins whose freeing would not let the request fit under the heap's strategy", () => {
    // 1-block pins between 100-block holes from block 30 on: freeing the two in the cheapest
    // window leaves 302 free blocks from block 30, which first fit can use but the buddy
    // allocator cannot (it needs 256 blocks from a multiple of 256).
    const events: HeapEvent[] = [{ op: 'alloc', id: 0, bytes: 30 * 16, at: { area: 0, block: 0 } }];
    for (let i = 0; i < 6; i++) {
      events.push({ op: 'alloc', id: 1 + i, bytes: 1600, at: { area: 0, block: 30 + 101 * i } });
      events.push({ op: 'alloc', id: 10 + i, bytes: 16, at: { area: 0, block: 130 + 101 * i } });
    }
    events.push({ op: 'alloc', id: 20, bytes: (1024 - 636) * 16, at: { area: 0, block: 636 } });
    for (let i = 0; i < 6; i++) events.push({ op: 'free', id: 1 + i });
    events.push({ op: 'alloc', id: 21, bytes: 250 * 16 });
    const found = (strategy: string) => kinds(diagnoseFailure(resolveConfig({ areas: [{ blocks: 1024 }], strategy }), events)!);
    expect(found('micropython')).toEqual(['pinning']);
    expect(found('buddy')).toEqual([]);
  });
});

describe('transient-peak', () => {
  it('finds three large temporaries alive at once where one or two are usual', () => {
    const diagnosis = diagnose(transientBurst());
    expect(kinds(diagnosis)).toEqual(['transient-peak']);
    const { evidence } = cause(diagnosis, 'transient-peak');
    const event = diagnosis.failure.event;
    expect(evidence.objects.map((o) => [o.bytes, o.event])).toEqual([
      [2880, event - 7],
      [2880, event - 5],
      [2880, event - 3],
    ]);
    expect(diagnosis.allocations['transient-peak']).toEqual([event - 7, event - 5, event - 3]);
    expect(evidence.bytes).toBe(3 * 2880);
    expect(evidence.typicalBytes).toBeLessThanOrEqual(evidence.bytes / 2);
    expect(evidence.liveBytes).toBeGreaterThan(evidence.typicalLiveBytes);
  });

  it("claims no peak whose freeing would not let the request fit under the heap's strategy", () => {
    // Blocks 0–29 and 290–1023 are long-lived; 130-block temporaries come and go at block 30,
    // then two are alive at once (30–289). Freeing them leaves 260 blocks from block 30: first
    // fit can use them, the buddy allocator cannot (it needs 256 blocks from a multiple of 256).
    const events: HeapEvent[] = [
      { op: 'alloc', id: 0, bytes: 30 * 16, at: { area: 0, block: 0 } },
      { op: 'alloc', id: 1, bytes: 16, at: { area: 0, block: 290 } },
      { op: 'alloc', id: 2, bytes: 733 * 16, at: { area: 0, block: 291 } },
    ];
    for (let i = 0; i < 6; i++) {
      events.push(
        { op: 'alloc', id: 10, bytes: 130 * 16, at: { area: 0, block: 30 } },
        { op: 'alloc', id: 11, bytes: 16 },
        { op: 'free', id: 11 },
        { op: 'free', id: 10 },
      );
    }
    events.push({ op: 'alloc', id: 20, bytes: 130 * 16, at: { area: 0, block: 30 } }, { op: 'alloc', id: 21, bytes: 130 * 16, at: { area: 0, block: 160 } });
    events.push({ op: 'alloc', id: 22, bytes: 250 * 16 });
    const found = (strategy: string) => kinds(diagnoseFailure(resolveConfig({ areas: [{ blocks: 1024 }], strategy }), events)!);
    expect(found('micropython')).toEqual(['transient-peak', 'heap-too-small']);
    expect(found('buddy')).toEqual(['heap-too-small']);
  });

  it('stays silent when three large temporaries at once are usual', () => {
    const diagnosis = diagnose(transientBurst(3));
    expect(diagnosis.failure.bytes).toBe(4000);
    expect(kinds(diagnosis)).toEqual([]);
  });

  it('stays silent when the large temporaries come one at a time', () => {
    for (const seed of [1, 2]) expect(kinds(diagnose(bufferSeries(seed, (k) => 1024 + 16 * k)))).not.toContain('transient-peak');
  });
});

describe('heap-too-small', () => {
  it('finds live bytes and the request over the heap', () => {
    const diagnosis = diagnose(tooSmall());
    expect(kinds(diagnosis)).toEqual(['heap-too-small']);
    expect(cause(diagnosis, 'heap-too-small')).toEqual({
      kind: 'heap-too-small',
      summary:
        "The program held 3072 bytes when it asked for 1600 more; together they exceed the heap's 4096 bytes by 576 bytes, so no placement could succeed.",
      evidence: { liveBytes: 3072, requestBytes: 1600, heapBytes: 4096, largestAreaBytes: 4096, shortByBytes: 576 },
    });
    expect(diagnosis.allocations).toEqual({ 'heap-too-small': [] });
  });

  it('finds a request longer than every area of a split heap', () => {
    const config = resolveConfig({ areas: [{ blocks: 200 }, { blocks: 200 }] });
    const events: HeapEvent[] = [{ op: 'alloc', id: 1, bytes: 250 * 16 }];
    const diagnosis = diagnoseFailure(config, events)!;
    expect(kinds(diagnosis)).toEqual(['heap-too-small']);
    expect(cause(diagnosis, 'heap-too-small').evidence).toEqual({
      liveBytes: 0,
      requestBytes: 4000,
      heapBytes: 6400,
      largestAreaBytes: 3200,
      shortByBytes: 800,
    });
  });

  it('stays silent when the live bytes and the request fit', () => {
    expect(kinds(diagnose(pinnedHoles()))).not.toContain('heap-too-small');
  });
});

describe('ranking', () => {
  it('puts a growing request before the pin it outgrew', () => {
    const diagnosis = diagnose(pinnedHoles({ holeBlocks: 150, growFrom: 640 }));
    expect(kinds(diagnosis)).toEqual(['growing-request', 'pinning']);
    expect(cause(diagnosis, 'growing-request').evidence).toMatchObject({ firstBytes: 640, lastBytes: 2416, bounded: false, fitsAtFirstSize: true });
    expect(cause(diagnosis, 'pinning').evidence.pins.map((p) => p.block)).toEqual([150]);
  });

  it('puts a growing request that levelled off after the state of the heap', () => {
    const stream = pinnedHoles({ holeBlocks: 150, growFrom: 640 });
    // The same run with the series levelled off at 2384 bytes (149 blocks: it fits the holes) for
    // its last 38 requests before the failing one.
    const events = stream.events.map((e) => (e.op === 'alloc' && e.bytes > 1792 && e.bytes < 2416 ? { ...e, bytes: 2384 } : e));
    const diagnosis = diagnoseFailure(stream.config, events)!;
    expect(diagnosis.failure.bytes).toBe(2416);
    expect(kinds(diagnosis)).toEqual(['pinning', 'growing-request']);
    expect(cause(diagnosis, 'growing-request').evidence.bounded).toBe(true);
  });

  it('puts a realloc series that outgrew the heap before heap-too-small', () => {
    expect(kinds(diagnose(growingList(1)))).toEqual(['growing-request', 'heap-too-small']);
  });
});
