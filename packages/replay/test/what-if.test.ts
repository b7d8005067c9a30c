import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureRun, smallestSafeHeap } from '@heaplab/core';
import { replayTrace, traceEvents } from '../src/index.js';

const trace = (name: string): string => join(import.meta.dirname, 'fixtures', 'traces', name);

describe('what-if replays', () => {
  it.each(['a_big_list_64k.ndjson', 'b_lcg_frag_32k.ndjson', 'c_buffer_reuse_32k.ndjson', 'e_frames_48k_split2.ndjson.gz'])(
    '%s: sweeps as drops on the device heap give the recorded replay, placement for placement',
    async (name) => {
      const recorded = await replayTrace(trace(name));
      const drops = await replayTrace(trace(name), { sweeps: 'drops' });
      expect(drops.divergences).toBe(0);
      expect(drops.checkpoints).toEqual(recorded.checkpoints);
      expect(drops.memoryError?.reproduced ?? null).toBe(recorded.memoryError?.reproduced ?? null);
      expect(drops.failedRequests).toBe(recorded.failedRequests);
    },
  );

  it("b_lcg_frag_32k: core finds the smallest heap for the trace's events; it passes, one a little smaller fails", async () => {
    const { config, events } = await traceEvents(trace('b_lcg_frag_32k.ndjson'));
    const found = smallestSafeHeap(config, events);
    expect(found).not.toBeNull();
    expect(found!.bytes).toBeGreaterThan(32768);
    const failures = (bytes: number): number => measureRun({ ...config, areas: [{ bytes }] }, events).metrics.failures;
    expect(failures(found!.bytes)).toBe(0);
    expect(failures(found!.bytes - 64)).toBeGreaterThan(0);
  }, 30_000);

  it('a trace that never fails needs no more than its own heap', async () => {
    const { config, events } = await traceEvents(trace('c_buffer_reuse_32k.ndjson'));
    expect(smallestSafeHeap(config, events)).toEqual({ bytes: 32768, usableBytes: 32000, scale: 1, replays: 1, failingBytes: null });
  });
});
