import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { HeapInputError, resolveConfig, type HeapConfigInput } from '@heaplab/core';
import { ddmin } from '@heaplab/analysis';
import { buildTimeline, minimizeTrace, replayTrace } from '../src/index.js';

describe('ddmin', () => {
  it('finds a 1-minimal failing subset (property: the failure needs a hidden set of items)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.uniqueArray(fc.nat(299), { minLength: 1, maxLength: 8 }), (length, needed) => {
        const items = Array.from({ length: Math.max(length, 300) }, (_, i) => i);
        const fails = (candidate: readonly number[]): boolean => needed.every((n) => candidate.includes(n));
        const result = ddmin(items, fails);
        expect(result.complete).toBe(true);
        expect([...result.items].sort((a, b) => a - b)).toEqual([...needed].sort((a, b) => a - b));
      }),
      { numRuns: fcRuns(50) },
    );
  });

  it('stops at its test budget and says so', () => {
    const result = ddmin(
      Array.from({ length: 1000 }, (_, i) => i),
      (c) => c.length > 400,
      20,
    );
    expect(result).toMatchObject({ tests: 20, complete: false });
    expect(result.items.length).toBeGreaterThan(400);
  });
});

describe('minimizeTrace', () => {
  it.each([
    ['b_lcg_frag_32k.ndjson', 2464],
    ['e_frames_48k_split2.ndjson.gz', 4480],
  ])('%s shrinks to a 1-minimal engine trace that replays to the same failure on the same heap', async (name, bytes) => {
    const trace = join(import.meta.dirname, 'fixtures', 'traces', name);
    const result = await minimizeTrace(trace);
    expect(result).toMatchObject({ complete: true, method: 'layout', bytes });
    expect(result.events.length).toBeLessThan(60);
    const file = join(mkdtempSync(join(tmpdir(), 'heaplab-min-')), 'repro.ndjson');
    writeFileSync(file, result.text);
    const replayed = await replayTrace(file);
    expect(replayed.memoryError).toMatchObject({ bytes, reproduced: null, event: result.events.length });
    expect(replayed.failedRequests).toBe(1);
    const header = JSON.parse(result.text.slice(0, result.text.indexOf('\n'))) as { config: HeapConfigInput };
    expect(resolveConfig(header.config)).toEqual((await buildTimeline(trace)).config);
  });

  it('refuses a trace without a MemoryError', async () => {
    await expect(minimizeTrace(join(import.meta.dirname, 'fixtures', 'traces', 'c_buffer_reuse_32k.ndjson'))).rejects.toThrow(HeapInputError);
  });
});
