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
});
