import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { heapSeries } from '@heaplab/analysis';
import { applyAll, createHeap, stateHash, type HeapEvent } from '@heaplab/core';
import { buildTimeline, formatEngineTrace, replayTrace } from '../src/index.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');
const trace = join(traces, 'c_buffer_reuse_32k.ndjson');

/** An engine trace whose program goes on past a failed request: the free of the object it never got is an event the replay skips. */
function skippingTrace(): string {
  const events: HeapEvent[] = [
    { op: 'alloc', id: 1, bytes: 400 },
    { op: 'alloc', id: 2, bytes: 400 },
    { op: 'alloc', id: 3, bytes: 100 },
    { op: 'unroot', id: 2 },
    { op: 'alloc', id: 4, bytes: 600 },
    { op: 'free', id: 4 },
    { op: 'free', id: 1 },
    { op: 'alloc', id: 5, bytes: 300 },
  ];
  const path = join(mkdtempSync(join(tmpdir(), 'heaplab-tl-')), 'trace.ndjson');
  writeFileSync(path, formatEngineTrace({ config: { areas: [{ bytes: 1024 }] }, source: 'test' }, events));
  return path;
}

describe('timeline', () => {
  it('gives the state after any number of events, the same as replaying up to there', async () => {
    const timeline = await buildTimeline(trace, { every: 256 });
    const report = await replayTrace(trace);
    expect(timeline.length).toBe(report.events);
    expect(stateHash(timeline.stateAt(timeline.length))).toBe(stateHash(report.state));
    const empty = createHeap(timeline.config);
    for (const n of [0, 1, 255, 256, 257, 4000, 9234]) {
      expect(stateHash(timeline.stateAt(n))).toBe(stateHash(applyAll(empty, timeline.events.slice(0, n)).state));
    }
    // Stepping back and forth gives the same states again.
    expect(stateHash(timeline.stateAt(4001))).toBe(stateHash(timeline.stateAt(4001)));
    expect(timeline.lines.at(0)).toBe(2);
    expect(() => timeline.stateAt(timeline.length + 1)).toThrow(RangeError);
  });

  it('keeps at most maxSnapshots states, thinning them as the run grows, and stays exact', async () => {
    const timeline = await buildTimeline(trace, { every: 16, maxSnapshots: 9 });
    expect(timeline.length).toBeGreaterThan(16 * 9 * 4);
    expect(timeline.snapshotCount).toBeLessThanOrEqual(9);
    expect(timeline.snapshotCount).toBeGreaterThanOrEqual(5);
    // One state every `spacing` events from 0, the spacing 16 doubled only as often as the cap needs.
    const spacing = timeline.snapshotSpacing;
    expect(Number.isInteger(Math.log2(spacing / 16))).toBe(true);
    expect(timeline.snapshotCount).toBe(Math.floor(timeline.length / spacing) + 1);
    expect(Math.floor(timeline.length / (spacing / 2)) + 1).toBeGreaterThan(9);
    const empty = createHeap(timeline.config);
    for (const n of [0, 15, 16, 17, 143, 144, 145, 288, 1000, 2047, 2048, 2049, timeline.length - 1, timeline.length]) {
      expect(stateHash(timeline.stateAt(n))).toBe(stateHash(applyAll(empty, timeline.events.slice(0, n)).state));
    }
  });

  it('builds the heap series in the same pass when asked: the series of replaying its events again', async () => {
    // Longer than 4096 events: the buckets merged as the run grew.
    for (const file of [join(traces, 'b_lcg_frag_32k.ndjson'), trace, skippingTrace()]) {
      const timeline = await buildTimeline(file, { series: true });
      expect(timeline.series).toEqual(heapSeries(timeline.stateAt(0), timeline.events));
    }
    const plain = await buildTimeline(trace);
    expect(() => plain.series).toThrow('built without its series');
    const skipping = await buildTimeline(skippingTrace(), { series: true });
    expect(skipping.report.skipped).toBe(1);
    // One state a bucket: the failed request's collection sweeps object 2, the skipped free changes nothing.
    expect(Array.from(skipping.series.live.max)).toEqual([0, 400, 800, 900, 900, 500, 500, 100, 400]);
  });
});
