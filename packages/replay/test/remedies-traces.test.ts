/**
 * The remedies `proposeRemedies` proves on real device traces, by replaying the trace's what-if
 * stream (`traceEvents`, as the what-ifs read it) changed. The programs are in
 * fixtures/traces/*.py. Each device collected only when its heap was full, so a changed run
 * often has to collect before the device did: it may then take the drops of the device's next
 * collection early, and says how often (`assumedGarbage`).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '@heaplab/core';
import { diagnoseFailure, proposeRemedies, type Remedy, type RemedyOptions } from '@heaplab/analysis';
import { traceEvents } from '../src/index.js';

async function remedies(name: string, options: Omit<RemedyOptions, 'source' | 'lines'> = {}): Promise<Remedy[]> {
  const trace = await traceEvents(join(import.meta.dirname, 'fixtures', 'traces', name));
  const config = resolveConfig(trace.config);
  const diagnosis = diagnoseFailure(config, trace.events, { lines: trace.lines })!;
  return proposeRemedies(config, trace.events, diagnosis, { source: 'trace', lines: trace.lines, ...options });
}

const unchecked = { change: null, verified: null, reason: 'the recording only knows when the device swept an object, not what was reachable' };

describe('proposeRemedies on real traces', () => {
  it('b_lcg_frag_32k: a buffer at start-up, or a cap on its growth; no heap size is safe', async () => {
    // b_lcg.py: a temporary bytearray grows from 1024 bytes by 8 each time it comes round, without
    // bound; the 2464-byte one fails (line 19029).
    const found = await remedies('b_lcg_frag_32k.ndjson');
    expect(found.map((r) => [r.kind, r.verified?.survives ?? null])).toEqual([
      ['preallocate', true],
      ['cap-growth', true],
      ['larger-heap', true],
      ['strategy', false],
      ['collect-before', null],
      ['threshold', null],
    ]);
    const [preallocate, cap, heap, strategy] = found;
    expect(preallocate).toMatchObject({
      change: { series: 'growing', bufferBytes: 2464, objects: 180, requests: 180, firstEvent: 284, firstLine: 291, bounded: false },
      verified: { survives: true, headroomBytes: 112, assumedGarbage: 34 },
    });
    expect(preallocate!.summary).toContain('cap the growth at that size too');
    expect(cap).toMatchObject({ change: { capBytes: 2432, uncappedBytes: 2464, requestsCapped: 4, failingCapBytes: 2448 }, verified: { assumedGarbage: 1 } });
    expect(heap).toMatchObject({ change: { heapBytes: 47104, usableBytes: 46016, safe: false }, verified: { survives: true } });
    expect(heap!.verified).not.toHaveProperty('assumedGarbage');
    expect(heap!.summary).toMatch(
      /^No heap size is safe: the failing request grows without levelling off\. A heap of 46016 bytes \(1\.44 times the given 32000; regions of 47104 bytes in all\), found in steps of 512 bytes, survives this recording only/,
    );
    // No other strategy survives; the one that got furthest fails where micropython did.
    expect(strategy).toMatchObject({ verified: { failedAtRecorded: 18694, failedLine: 19029 } });
    expect(found.slice(4)).toMatchObject([unchecked, unchecked]);
  });

  it('e_frames_48k_split2: bound the log, allocate the pin early, route small requests to the small area', async () => {
    // e_frames.py: every 4th frame appends to a log that is never trimmed; a 4480-byte frame
    // fails when one old 16-byte object splits area 1's longest run.
    const found = await remedies('e_frames_48k_split2.ndjson.gz', { strategies: ['segregated', 'best-fit'] });
    expect(found.map((r) => [r.kind, r.verified?.survives ?? null])).toEqual([
      ['allocate-early', true],
      ['bound-accumulation', true],
      ['larger-heap', true],
      ['layout', true],
      ['strategy', true],
      ['collect-before', null],
      ['threshold', null],
    ]);
    const [early, bound, heap, layout, strategy] = found;
    expect(early).toMatchObject({
      change: { beforeEvent: 255, beforeLine: 267, moved: [{ event: 15278, line: 16246, bytes: 16 }] },
      verified: { assumedGarbage: 7 },
    });
    // Letting the oldest 144 entries go needs no garbage taken early.
    expect(bound).toMatchObject({ change: { keep: 1394, objects: 1538, released: 144, failingKeep: 1395 }, verified: { headroomBytes: 480 } });
    expect(bound!.verified).not.toHaveProperty('assumedGarbage');
    expect(heap).toMatchObject({ change: { heapBytes: 56832, safe: false } });
    expect(heap!.summary).toMatch(/^No heap size is safe: the bytes the program holds keep rising\./);
    // Each says where, keeping every object until the device swept it, the changed run fails.
    expect(early).toMatchObject({ verified: { firstAssumedLine: 33725 } });
    expect(layout).toMatchObject({ change: { strategy: 'micropython@by-size=256' }, verified: { assumedGarbage: 18, firstAssumedLine: 790 } });
    expect(strategy).toMatchObject({ change: { strategy: 'segregated' }, verified: { assumedGarbage: 76, firstAssumedLine: 438 } });
  });
});
