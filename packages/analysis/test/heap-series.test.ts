import { describe, expect, it } from 'vitest';
import { createHeap, measureRun, resolveConfig, type HeapEvent } from '@heaplab/core';
import { columnsOf, heapSeries, heapSeriesJson, heapSeriesOfJson } from '../src/index.js';

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

  it('fewer buckets and columns keep every event’s extremes, never a sample', () => {
    const fine = heapSeries(createHeap(config), events, events.length + 1);
    const coarse = heapSeries(createHeap(config), events, 100);
    expect(coarse.start.length).toBe(100);
    for (let b = 0; b < 100; b++) {
      const from = coarse.start[b]!;
      const to = b + 1 < 100 ? coarse.start[b + 1]! : events.length + 1;
      const free = Array.from(fine.free.min.subarray(from, to));
      expect([coarse.free.min[b], coarse.free.max[b]]).toEqual([Math.min(...free), Math.max(...free)]);
    }
    const columns = columnsOf(coarse, 7);
    expect(columns.x.length).toBe(7);
    expect(Math.min(...columns.ranges[0]!.min)).toBe(Math.min(...fine.free.min));
    expect(Math.max(...columns.ranges[2]!.max)).toBe(Math.max(...fine.live.max));
  });

  it('as JSON and back: the same series', () => {
    const series = heapSeries(createHeap(config), events, 100);
    const back = heapSeriesOfJson(JSON.parse(JSON.stringify(heapSeriesJson(series))));
    expect(back).toEqual(series);
    expect(back.free.min).toBeInstanceOf(Float64Array);
  });
});
