import { describe, expect, it } from 'vitest';
import { createHeap, measureRun, resolveConfig, type HeapEvent } from '@heaplab/core';
import { coarsened, columnsOf, heapSeries, heapSeriesJson, heapSeriesOfJson, type HeapSeries } from '../src/index.js';

/** A churn of allocations, frees, reallocs and collections (which sweep the unrooted objects) on a small heap. */
function churn(): HeapEvent[] {
  const events: HeapEvent[] = [];
  for (let i = 1; i <= 3000; i++) {
    events.push({ op: 'alloc', id: i, bytes: ((i * 37) % 400) + 1, root: i % 4 !== 1 });
    if (i > 6 && (i - 6) % 4 !== 1) events.push({ op: 'free', id: i - 6 });
    if (i % 7 === 0) events.push({ op: 'realloc', id: i, bytes: ((i * 11) % 600) + 1, move: true });
    if (i % 60 === 0) events.push({ op: 'collect' });
  }
  return events;
}

describe('heapSeries', () => {
  const config = resolveConfig({ areas: [{ bytes: 4096 }] });
  const events = churn();
  const { metrics } = measureRun(config, events, { sampleEvery: 1 });

  it('one state a bucket: the run meter’s free bytes, longest run and live bytes after every event', () => {
    const series = heapSeries(createHeap(config), events, events.length + 1);
    const at = (n: number) => ({ free: series.free.min[n], run: series.largestRun.max[n], live: series.live.min[n] });
    expect(metrics.samples.length).toBe(events.length);
    // Collections sweep objects, and requests fail: every path of the live count is taken.
    expect(metrics.collections).toBeGreaterThan(10);
    expect(metrics.samples.some((s) => s.freeBytes < 500)).toBe(true);
    for (const sample of metrics.samples) expect(at(sample.event)).toEqual({ free: sample.freeBytes, run: sample.largestFreeRunBytes, live: sample.liveBytes });
  });

  /** `coarse`'s extremes, bucket by bucket, are those of the states of `fine` (one a bucket) it covers. */
  function expectCovers(coarse: HeapSeries, fine: HeapSeries): void {
    const count = coarse.start.length;
    for (let b = 0; b < count; b++) {
      const from = coarse.start[b]!;
      const to = b + 1 < count ? coarse.start[b + 1]! : coarse.events + 1;
      for (const m of ['free', 'largestRun', 'live'] as const) {
        const values = Array.from(fine[m].min.subarray(from, to));
        expect([coarse[m].min[b], coarse[m].max[b]]).toEqual([Math.min(...values), Math.max(...values)]);
      }
    }
  }

  it('fewer buckets keep every event’s extremes, never a sample: the narrowest power-of-two width that fits', () => {
    const fine = heapSeries(createHeap(config), events, events.length + 1);
    const states = events.length + 1;
    for (const cap of [100, 7]) {
      const coarse = heapSeries(createHeap(config), events, cap);
      const width = coarse.start[1]!;
      expect(Number.isInteger(Math.log2(width))).toBe(true);
      expect(coarse.start.length).toBe(Math.ceil(states / width));
      expect(coarse.start.length).toBeLessThanOrEqual(cap);
      expect(Math.ceil(states / (width / 2))).toBeGreaterThan(cap);
      expect(Array.from(coarse.start)).toEqual(Array.from({ length: coarse.start.length }, (_, b) => b * width));
      expectCovers(coarse, fine);
    }
    const one = heapSeries(createHeap(config), events, 1);
    expect(Array.from(one.start)).toEqual([0]);
    expectCovers(one, fine);
  });

  it('coarsened and columns keep every event’s extremes, the buckets split as evenly as they divide', () => {
    const fine = heapSeries(createHeap(config), events, events.length + 1);
    const coarse = coarsened(fine, 100);
    expect(coarse.start.length).toBe(100);
    expect(coarse.events).toBe(events.length);
    expect(coarse.start[1]).toBe(Math.floor((events.length + 1) / 100));
    expectCovers(coarse, fine);
    const columns = columnsOf(heapSeries(createHeap(config), events, 100), 7);
    expect(columns.x.length).toBe(7);
    expect(Math.min(...columns.ranges[0]!.min)).toBe(Math.min(...fine.free.min));
    expect(Math.max(...columns.ranges[2]!.max)).toBe(Math.max(...fine.live.max));
    expect(columnsOf(fine, 100)).toEqual({
      x: Array.from(coarse.start),
      ranges: [coarse.free, coarse.largestRun, coarse.live].map((r) => ({ min: Array.from(r.min), max: Array.from(r.max) })),
    });
  });

  it('as JSON and back: the same series', () => {
    const series = heapSeries(createHeap(config), events, 100);
    const back = heapSeriesOfJson(JSON.parse(JSON.stringify(heapSeriesJson(series))));
    expect(back).toEqual(series);
    expect(back.free.min).toBeInstanceOf(Float64Array);
  });
});
