import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stateHash } from '@heaplab/core';
import { minimumHeap, replayTrace } from '../src/index.js';

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

  it('b_lcg_frag_32k: the smallest heap bisection finds passes, one a little smaller fails', async () => {
    const found = await minimumHeap(trace('b_lcg_frag_32k.ndjson'));
    expect(found).not.toBeNull();
    const { bytes, scale, deviceBytes } = found!;
    expect(deviceBytes).toBe(32768);
    expect(bytes).toBeGreaterThan(deviceBytes);
    const at = await replayTrace(trace('b_lcg_frag_32k.ndjson'), { sweeps: 'drops', heapScale: scale });
    expect(at.failedRequests).toBe(0);
    expect(at.config.areas[0]!.regionBytes).toBe(bytes);
    const below = await replayTrace(trace('b_lcg_frag_32k.ndjson'), { sweeps: 'drops', heapScale: scale - 64 / deviceBytes });
    expect(below.failedRequests).toBeGreaterThan(0);
  }, 30_000);

  it('a trace that never fails needs no more than its own heap', async () => {
    expect(await minimumHeap(trace('c_buffer_reuse_32k.ndjson'))).toEqual({ deviceBytes: 32768, bytes: 32768, scale: 1, replays: 1 });
  });

  it('a bigger heap is a what-if: no layout check, and the same answer every time', async () => {
    const a = await replayTrace(trace('b_lcg_frag_32k.ndjson'), { sweeps: 'drops', heapScale: 1.25 });
    const b = await replayTrace(trace('b_lcg_frag_32k.ndjson'), { sweeps: 'drops', heapScale: 1.25 });
    expect(stateHash(a.state)).toBe(stateHash(b.state));
    expect(a.skipped).toBeGreaterThan(0);
  });
});
