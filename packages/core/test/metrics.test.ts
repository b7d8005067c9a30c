/**
 * Fragmentation and run metrics: request fit indices, the run meter's figures on hand-computed
 * heaps (free space, longest run, fragmentation, histogram, internal waste, Johnstone & Wilson's
 * measures, first failure, sampling), its agreement with full-state figures over random
 * programs, determinism, and the smallest safe heap.
 */
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { describe, expect, it } from 'vitest';
import {
  apply,
  applyAll,
  createHeap,
  createRunMeter,
  FREE,
  heapFragmentation,
  kindAt,
  measureRun,
  objectsById,
  requestFit,
  resolveConfig,
  smallestSafeHeap,
  stateHash,
  strategyNames,
  type HeapConfigInput,
  type HeapEvent,
  type HeapState,
  type ObjectId,
} from '@heaplab/core';
import { buildHeap } from './support/build-heap.js';
import { eventStream } from './support/event-stream.js';

/** Heap extent by looking at every block: Σ over areas of (last used block + 1) × 16. */
function scanExtent(state: HeapState): number {
  let bytes = 0;
  for (const table of state.tables) {
    let last = -1;
    for (let b = 0; b < table.blocks; b++) if (kindAt(table, b) !== FREE) last = b;
    bytes += (last + 1) * 16;
  }
  return bytes;
}

const ONE_AREA: HeapConfigInput = { areas: [{ blocks: 64 }] };

/**
 * 64 blocks: eight 128-byte objects fill the heap (events 1–8), objects 1, 3, 5 are freed
 * (events 9–11), leaving three 8-block holes, and a 48-block request fails (event 12).
 */
const HOLES: HeapEvent[] = [
  ...Array.from({ length: 8 }, (_, id): HeapEvent => ({ op: 'alloc', id, bytes: 128 })),
  { op: 'free', id: 1 },
  { op: 'free', id: 3 },
  { op: 'free', id: 5 },
  { op: 'alloc', id: 8, bytes: 48 * 16 },
];

describe('requestFit', () => {
  // Area 0 (64 blocks): free 4–5 (2), 16–19 (4), 60–63 (4). Area 1 (32 blocks): free 8–31 (24).
  const state = buildHeap(
    [64, 32],
    [
      [
        [0, 4],
        [6, 10],
        [20, 40],
      ],
      [[0, 8]],
    ],
  );

  it('gives the unusable free index and fragmentation index per area and overall', () => {
    const fit = requestFit(state, 8);
    expect(fit.areas).toEqual([
      { freeBlocks: 10, freeRuns: 3, usableBlocks: 0, unusableFreeIndex: 1, fragmentationIndex: 1 - (1 + 10 / 8) / 3 },
      { freeBlocks: 24, freeRuns: 1, usableBlocks: 24, unusableFreeIndex: 0, fragmentationIndex: -1 },
    ]);
    expect(fit.areas[0]!.fragmentationIndex).toBeCloseTo(0.25, 12);
    expect(fit).toMatchObject({ blocks: 8, freeBlocks: 34, freeRuns: 4, usableBlocks: 24, unusableFreeIndex: 10 / 34, fragmentationIndex: -1 });
  });

  it('counts only the runs long enough, and takes −1 only when one is', () => {
    const fit = requestFit(state, 25);
    expect(fit.unusableFreeIndex).toBe(1);
    expect(fit.fragmentationIndex).toBeCloseTo(1 - (1 + 34 / 25) / 4, 12);
    expect(fit.areas[0]!.fragmentationIndex).toBeCloseTo(1 - 1.4 / 3, 12);
    // One run of 24 blocks for 25: the formula gives 1 − (1 + 24/25)/1 = −0.96; few runs just short count as 0.
    expect(fit.areas[1]!.fragmentationIndex).toBe(0);
    expect(requestFit(state, 4).areas[0]).toMatchObject({ usableBlocks: 8, unusableFreeIndex: 0.2, fragmentationIndex: -1 });
    expect(requestFit(state, 2).areas[0]).toMatchObject({ usableBlocks: 10, unusableFreeIndex: 0, fragmentationIndex: -1 });
  });

  it('is 0 and 0 when nothing is free', () => {
    const full = buildHeap([64], [[[0, 64]]]);
    expect(requestFit(full, 1)).toEqual({
      blocks: 1,
      freeBlocks: 0,
      freeRuns: 0,
      usableBlocks: 0,
      unusableFreeIndex: 0,
      fragmentationIndex: 0,
      areas: [{ freeBlocks: 0, freeRuns: 0, usableBlocks: 0, unusableFreeIndex: 0, fragmentationIndex: 0 }],
    });
  });
});

describe('measureRun on a heap with three holes', () => {
  const { metrics, finalState } = measureRun(ONE_AREA, HOLES, { sampleEvery: 5 });

  it('counts events, requests, failures and collections', () => {
    expect(metrics).toMatchObject({ blockBytes: 16, heapBytes: 1024, events: 12, allocations: 9, failures: 1, skipped: 0, collections: 1 });
  });

  it('leaves the state applyAll leaves', () => {
    expect(stateHash(finalState)).toBe(stateHash(applyAll(createHeap(ONE_AREA), HOLES).state));
  });

  it('reports the first failure with the heap it found and the time to failure', () => {
    expect(metrics.firstFailure).toEqual({
      event: 12,
      op: 'alloc',
      id: 8,
      bytes: 768,
      blocks: 48,
      locked: false,
      collected: true,
      freeBytes: 384,
      largestFreeRunBytes: 128,
      largestFreeRuns: [8],
      fragmentation: 1 - 8 / 24,
      unusableFreeIndex: 1,
      fragmentationIndex: 1 - (1 + 24 / 48) / 3,
      histogram: heapFragmentation(finalState).histogram,
      eventsBefore: 11,
      allocationsBefore: 8,
      bytesAllocatedBefore: 1024,
    });
    expect(metrics.firstFailure!.fragmentationIndex).toBeCloseTo(0.5, 12);
    expect(metrics.firstFailure!.histogram.find((bucket) => bucket.min === 8)).toEqual({ min: 8, max: 15, runs: 3, blocks: 24 });
    expect(metrics.firstFailure!.histogram.reduce((sum, bucket) => sum + bucket.runs, 0)).toBe(3);
  });

  it('finds the shortest longest run, the peak and the mean fragmentation', () => {
    expect(metrics.minLargestFreeRun).toEqual({ blocks: 0, bytes: 0, event: 8 });
    expect(metrics.peakFragmentation).toEqual({ value: 1 - 8 / 24, event: 11 });
    // 0 after events 1–9, 1/2 after event 10, 2/3 after events 11 and 12.
    expect(metrics.meanFragmentation).toBeCloseTo((1 / 2 + 2 / 3 + 2 / 3) / 12, 12);
  });

  it('samples after every fifth event and at the failure', () => {
    expect(metrics.samples.map((s) => s.event)).toEqual([5, 10, 12]);
    expect(metrics.samples[0]).toEqual({
      event: 5,
      freeBytes: 384,
      largestFreeRunBytes: 384,
      fragmentation: 0,
      liveBytes: 640,
      usedBytes: 640,
      areas: [{ freeBytes: 384, largestFreeRunBytes: 384, fragmentation: 0 }],
    });
    expect(metrics.samples[2]).toEqual({
      event: 12,
      freeBytes: 384,
      largestFreeRunBytes: 128,
      fragmentation: 1 - 8 / 24,
      liveBytes: 640,
      usedBytes: 1024,
      areas: [{ freeBytes: 384, largestFreeRunBytes: 128, fragmentation: 1 - 8 / 24 }],
    });
  });

  it('samples only failures by default, and stops at the first one when asked', () => {
    const tail: HeapEvent[] = [...HOLES, { op: 'free', id: 8 }, { op: 'alloc', id: 9, bytes: 2000 }, { op: 'free', id: 0 }];
    const all = measureRun(ONE_AREA, tail).metrics;
    expect(all).toMatchObject({ events: 15, failures: 2, skipped: 1, allocations: 10 });
    expect(all.samples.map((s) => s.event)).toEqual([12, 14]);
    expect(all.firstFailure!.event).toBe(12);
    const stopped = measureRun(ONE_AREA, tail, { stopAtFirstFailure: true });
    expect(stopped.metrics).toMatchObject({ events: 12, failures: 1, skipped: 0 });
    expect(stopped.finalState.events).toBe(12);
  });

  it('reports no failure and null J&W figures for a run that never allocates', () => {
    const quiet = measureRun(ONE_AREA, [{ op: 'collect' }, { op: 'free', id: 3 }]).metrics;
    expect(quiet).toMatchObject({
      events: 2,
      skipped: 1,
      collections: 1,
      firstFailure: null,
      minLargestFreeRun: { blocks: 64, bytes: 1024, event: 0 },
      peakFragmentation: { value: 0, event: 0 },
      meanFragmentation: 0,
      peakLiveBytes: 0,
      peakUsedBytes: 0,
      jw2: null,
      jw3: null,
      jw4: null,
      peakUtilization: 0,
      samples: [],
    });
  });
});

describe('live memory, heap extent and internal waste', () => {
  it('computes Johnstone & Wilson’s measures on a hand-made sequence', () => {
    // 64 blocks, first fit. L = live requested bytes, U = extent in bytes.
    const events: HeapEvent[] = [
      { op: 'alloc', id: 0, bytes: 320 }, // 0: A at 0–19            L 320  U 320
      { op: 'alloc', id: 1, bytes: 150 }, // 1: B at 20–29           L 470  U 480
      { op: 'free', id: 0 }, //             2:                        L 150  U 480
      { op: 'alloc', id: 2, bytes: 400 }, // 3: C at 30–54 (0–19 too short)  L 550  U 880
      { op: 'free', id: 2 }, //             4:                        L 150  U 480
      { op: 'free', id: 1 }, //             5:                        L 0    U 0
      { op: 'alloc', id: 3, bytes: 640 }, // 6: D at 0–39            L 640  U 640
    ];
    const { metrics } = measureRun(ONE_AREA, events, { sampleEvery: 1 });
    expect(metrics.samples.map((s) => [s.liveBytes, s.usedBytes])).toEqual([
      [320, 320],
      [470, 480],
      [150, 480],
      [550, 880],
      [150, 480],
      [0, 0],
      [640, 640],
    ]);
    expect(metrics.peakLiveBytes).toBe(640);
    expect(metrics.peakUsedBytes).toBe(880);
    expect(metrics.jw2).toBe(1);
    expect(metrics.jw3).toBe(880 / 550);
    expect(metrics.jw4).toBe(880 / 640);
    expect(metrics.peakUtilization).toBe(640 / 1024);
    // B's 150 bytes take 10 blocks: 10 bytes of rounding from event 2 to event 5.
    expect(metrics.internalWaste).toEqual({ rounding: 0, strategy: 0, total: 0, share: 0 });
    expect(metrics.internalWasteAtPeak).toEqual({ rounding: 0, strategy: 0, total: 0, share: 0 });
    expect(metrics.peakInternalWaste).toEqual({ rounding: 10, strategy: 0, total: 10, share: 10 / 480, event: 2 });
  });

  it('follows reallocs and collections', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 0, bytes: 40, root: false }, // 3 blocks, 8 bytes rounding
      { op: 'alloc', id: 1, bytes: 100 }, // 7 blocks, 12
      { op: 'realloc', id: 1, bytes: 33, move: true }, // shrinks to 3 blocks, 15
      { op: 'collect' }, // frees object 0
    ];
    const { metrics } = measureRun(ONE_AREA, events, { sampleEvery: 1 });
    expect(metrics.samples.map((s) => s.liveBytes)).toEqual([40, 140, 73, 33]);
    expect(metrics.internalWaste).toEqual({ rounding: 15, strategy: 0, total: 15, share: 15 / 48 });
    expect(metrics.peakInternalWaste).toEqual({ rounding: 23, strategy: 0, total: 23, share: 23 / 96, event: 3 });
    expect(metrics.internalWasteAtPeak).toEqual({ rounding: 20, strategy: 0, total: 20, share: 20 / 160 });
    expect(metrics.collections).toBe(1);
  });

  it('counts rounding to whole blocks as rounding waste under MicroPython’s strategy', () => {
    const sizes = [1, 17, 32, 33, 100];
    const events = sizes.map((bytes, id): HeapEvent => ({ op: 'alloc', id, bytes }));
    const { metrics } = measureRun(ONE_AREA, events);
    const rounding = sizes.reduce((sum, bytes) => sum + Math.ceil(bytes / 16) * 16 - bytes, 0);
    expect(rounding).toBe(15 + 15 + 0 + 15 + 12);
    expect(metrics.internalWaste).toEqual({ rounding, strategy: 0, total: rounding, share: rounding / (15 * 16) });
  });

  it.runIf(strategyNames().includes('buddy'))('splits a rounding strategy’s own waste from block rounding', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 0, bytes: 40 }, // 3 blocks → 4: 8 bytes rounding, 16 strategy
      { op: 'alloc', id: 1, bytes: 80 }, // 5 blocks → 8: 0 rounding, 48 strategy
    ];
    const { metrics } = measureRun({ ...ONE_AREA, strategy: 'buddy' }, events);
    expect(metrics.internalWaste).toEqual({ rounding: 8, strategy: 64, total: 72, share: 72 / 192 });
  });
});

describe('several areas', () => {
  it('takes the longest run over the areas and keeps each area apart', () => {
    // Area 0 (64): objects at 0–31 and 40–47: free 32–39 (8), 48–63 (16). Area 1 (32): 0–3 used, free 4–31 (28).
    const events: HeapEvent[] = [
      { op: 'alloc', id: 0, bytes: 512, at: { area: 0, block: 0 } },
      { op: 'alloc', id: 1, bytes: 128, at: { area: 0, block: 40 } },
      { op: 'alloc', id: 2, bytes: 64, at: { area: 1, block: 0 } },
    ];
    const config: HeapConfigInput = { areas: [{ blocks: 64 }, { blocks: 32 }] };
    const { metrics, finalState } = measureRun(config, events, { sampleEvery: 3 });
    const figures = heapFragmentation(finalState);
    expect(metrics.samples).toEqual([
      {
        event: 3,
        freeBytes: 52 * 16,
        largestFreeRunBytes: 28 * 16,
        fragmentation: 1 - 28 / 52,
        liveBytes: 704,
        usedBytes: 48 * 16 + 4 * 16,
        areas: [
          { freeBytes: 24 * 16, largestFreeRunBytes: 16 * 16, fragmentation: 1 - 16 / 24 },
          { freeBytes: 28 * 16, largestFreeRunBytes: 28 * 16, fragmentation: 0 },
        ],
      },
    ]);
    expect(metrics.samples[0]!.fragmentation).toBe(figures.fragmentation);
    expect(metrics.heapBytes).toBe(96 * 16);
    expect(metrics.minLargestFreeRun).toEqual({ blocks: 28, bytes: 448, event: 3 });
  });
});

describe('the run meter against full-state figures', () => {
  /** What the program does: allocate, free or resize the i-th live object (mod the live count), or collect. */
  type Step =
    | { readonly op: 'alloc'; readonly bytes: number; readonly root: boolean }
    | { readonly op: 'free'; readonly pick: number }
    | { readonly op: 'realloc'; readonly pick: number; readonly bytes: number }
    | { readonly op: 'collect' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('alloc' as const), bytes: fc.integer({ min: 1, max: 400 }), root: fc.boolean() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('free' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('realloc' as const), pick: fc.nat(), bytes: fc.integer({ min: 0, max: 400 }) }) },
    { weight: 1, arbitrary: fc.constant({ op: 'collect' as const }) },
  );

  it('agrees after every event with heapFragmentation, the live objects and the extent', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('micropython', 'best-fit', 'worst-fit', 'next-fit'),
        fc.constantFrom<readonly number[]>([64], [32, 64]),
        fc.array(step, { maxLength: 80 }),
        (strategy, areaBlocks, steps) => {
          const config: HeapConfigInput = { strategy, areas: areaBlocks.map((blocks) => ({ blocks })) };
          let state = createHeap(config);
          const meter = createRunMeter(state, { sampleEvery: 1 });
          const events: HeapEvent[] = [];
          let nextId = 0;
          const liveIds = (): ObjectId[] => objectsById(state).map((o) => o.id);
          for (const s of steps) {
            const ids = liveIds();
            let event: HeapEvent;
            if (s.op === 'alloc' || ids.length === 0)
              event = { op: 'alloc', id: nextId++, bytes: s.op === 'alloc' ? s.bytes : 16, root: s.op === 'alloc' ? s.root : true };
            else if (s.op === 'free') event = { op: 'free', id: ids[s.pick % ids.length]! };
            else if (s.op === 'realloc') event = { op: 'realloc', id: ids[s.pick % ids.length]!, bytes: s.bytes, move: true };
            else event = { op: 'collect' };
            const { state: after, outcome } = apply(state, event);
            meter.record(event, outcome, after);
            events.push(event);
            state = after;
            const sample = meter.result().samples.at(-1)!;
            const figures = heapFragmentation(state);
            expect(sample.event).toBe(events.length);
            expect(sample.freeBytes).toBe(figures.freeBlocks * 16);
            expect(sample.largestFreeRunBytes).toBe(figures.largestFreeRun * 16);
            expect(sample.fragmentation).toBe(figures.fragmentation);
            expect(sample.areas).toEqual(
              figures.areas.map((a) => ({ freeBytes: a.freeBlocks * 16, largestFreeRunBytes: a.largestFreeRun * 16, fragmentation: a.fragmentation })),
            );
            expect(sample.liveBytes).toBe(objectsById(state).reduce((sum, o) => sum + o.bytes, 0));
            expect(sample.usedBytes).toBe(scanExtent(state));
          }
          const live = objectsById(state);
          const rounding = live.reduce((sum, o) => sum + Math.ceil(o.bytes / 16) * 16 - o.bytes, 0);
          const metered = meter.result();
          expect(metered.internalWaste.rounding).toBe(rounding);
          expect(metered.internalWaste.strategy).toBe(live.reduce((sum, o) => sum + (o.blocks - Math.ceil(o.bytes / 16)) * 16, 0));
          // The draft-based measurement gives the same figures.
          expect(measureRun(config, events, { sampleEvery: 1 }).metrics).toEqual(metered);
        },
      ),
      { numRuns: fcRuns(150) },
    );
  });
});

describe('determinism', () => {
  it('gives deep-equal, byte-identical metrics for the same input', () => {
    const events = eventStream(3, 3000, 256);
    const config: HeapConfigInput = { areas: [{ blocks: 256 }] };
    const first = measureRun(config, events, { sampleEvery: 100 }).metrics;
    const second = measureRun(config, events, { sampleEvery: 100 }).metrics;
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    expect(first.events).toBe(3000);
    expect(first.samples.length).toBeGreaterThanOrEqual(30);
  });

  it('matches a meter fed by apply from a heap with live objects', () => {
    const config: HeapConfigInput = { areas: [{ blocks: 256 }] };
    const events = eventStream(5, 600, 256);
    const start = applyAll(createHeap(config), events.slice(0, 300)).state;
    const meter = createRunMeter(start, { sampleEvery: 10 });
    let state = start;
    for (const event of events.slice(300)) {
      const applied = apply(state, event);
      meter.record(event, applied.outcome, applied.state);
      state = applied.state;
    }
    const metrics = meter.result();
    expect(metrics.samples.at(-1)!.liveBytes).toBe(objectsById(state).reduce((sum, o) => sum + o.bytes, 0));
    expect(metrics.peakLiveBytes).toBeGreaterThanOrEqual(objectsById(start).reduce((sum, o) => sum + o.bytes, 0));
  });
});

describe('smallestSafeHeap', () => {
  const replayFails = (config: HeapConfigInput, events: readonly HeapEvent[]): boolean =>
    measureRun(config, events, { stopAtFirstFailure: true }).metrics.failures > 0;

  it('bisects to a heap that passes, next to one that fails', () => {
    // 48 free blocks in a row are needed after the 64 used: 112 blocks.
    const result = smallestSafeHeap(ONE_AREA, HOLES)!;
    expect(result).not.toBeNull();
    const passing = resolveConfig({ areas: [{ bytes: result.bytes }] });
    expect(passing.areas[0]!.blocks).toBe(112);
    expect(replayFails({ areas: [{ bytes: result.bytes }] }, HOLES)).toBe(false);
    expect(result.failingBytes).not.toBeNull();
    const failing = resolveConfig({ areas: [{ bytes: result.failingBytes! }] });
    expect(failing.areas[0]!.blocks).toBe(108);
    expect(replayFails({ areas: [{ bytes: result.failingBytes! }] }, HOLES)).toBe(true);
    expect(result.scale).toBeGreaterThan(1.68);
    expect(result.scale).toBeLessThanOrEqual(1.78);
    expect(result.replays).toBeGreaterThan(2);
  });

  it('scales areas given in bytes, keeping their starts', () => {
    const config: HeapConfigInput = { areas: [{ bytes: 1100, start: 0x1000 }] };
    const result = smallestSafeHeap(config, HOLES, { precisionBytes: 1 })!;
    expect(replayFails({ areas: [{ bytes: result.bytes, start: 0x1000 }] }, HOLES)).toBe(false);
    expect(replayFails({ areas: [{ bytes: result.failingBytes!, start: 0x1000 }] }, HOLES)).toBe(true);
    expect(result.bytes - result.failingBytes!).toBeLessThanOrEqual(2);
  });

  it('with below, searches smaller heaps when the given one passes: the same boundary from above as from below', () => {
    const from = (blocks: number) => smallestSafeHeap({ areas: [{ blocks }] }, HOLES, { below: true })!;
    for (const blocks of [200, 400]) {
      const result = from(blocks);
      expect(resolveConfig({ areas: [{ bytes: result.bytes }] }).areas[0]!.blocks, `from ${blocks} blocks`).toBeGreaterThanOrEqual(112);
      expect(replayFails({ areas: [{ bytes: result.bytes }] }, HOLES)).toBe(false);
      expect(result.failingBytes).not.toBeNull();
      expect(replayFails({ areas: [{ bytes: result.failingBytes! }] }, HOLES)).toBe(true);
      expect(result.scale).toBeLessThan(1);
    }
    // Nothing fails at all: the smallest heap tried, none failing.
    expect(smallestSafeHeap(ONE_AREA, [{ op: 'alloc', id: 0, bytes: 16 }], { below: true })).toMatchObject({ failingBytes: null, usableBytes: 4 * 16 });
  });

  it('answers the given heap when it already passes, and null when even the largest fails', () => {
    expect(smallestSafeHeap(ONE_AREA, HOLES.slice(0, 8))).toEqual({
      bytes: resolveConfig(ONE_AREA).areas[0]!.regionBytes,
      usableBytes: 64 * 16,
      scale: 1,
      replays: 1,
      failingBytes: null,
    });
    expect(smallestSafeHeap(ONE_AREA, [{ op: 'alloc', id: 0, bytes: 64 * 16 * 5 }], { maxScale: 4 })).toBeNull();
  });
});
