import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, stateHash } from '@heaplab/core';
import { buildTimeline, replayTrace } from '../src/index.js';

const trace = join(import.meta.dirname, 'fixtures', 'traces', 'c_buffer_reuse_32k.ndjson');

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
    expect(timeline.lines[0]).toBe(2);
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
});
