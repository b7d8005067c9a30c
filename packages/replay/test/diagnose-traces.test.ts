/**
 * The causes `diagnoseFailure` finds on real device traces, read as one event stream
 * (`traceEvents`, as the what-ifs read them) with each event's line. The programs are in
 * fixtures/traces/*.py.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '@heaplab/core';
import { diagnoseFailure, type Diagnosis } from '@heaplab/analysis';
import { buildTimeline, firstFailureDiagnosis, timelineDiagnosis, traceEvents } from '../src/index.js';

async function diagnoseTrace(name: string): Promise<Diagnosis> {
  const trace = await traceEvents(join(import.meta.dirname, 'fixtures', 'traces', name));
  return diagnoseFailure(resolveConfig(trace.config), trace.events, { lines: trace.lines })!;
}

describe('diagnoseFailure on real traces', () => {
  it('b_lcg_frag_32k: the transient buffer that grows 8 bytes each time it comes round', async () => {
    // b_lcg_frag.py: 3% of iterations allocate a temporary bytearray of `big_size` bytes, from
    // 1024 on, 8 more each time; the 181st (2464 bytes) fails among 16–615-byte survivors.
    const diagnosis = await diagnoseTrace('b_lcg_frag_32k.ndjson');
    expect(diagnosis.failure).toMatchObject({ line: 19029, bytes: 2464, blocks: 154, largestFreeBytes: 147 * 16, heapBytes: 32000 });
    expect(diagnosis.causes.map((c) => c.kind)).toEqual(['growing-request']);
    // One of the 180 earlier buffers was still held when the request failed (the device never
    // swept it), so the series of buffers let go has 179 of them and the failing one.
    expect(diagnosis.causes[0]!.evidence).toEqual({
      series: 'alloc',
      firstBytes: 1024,
      lastBytes: 2464,
      occurrences: 180,
      growthPerOccurrence: 8.04,
      bounded: false,
      firstEvent: 284,
      firstLine: 291,
      fitsAtFirstSize: true,
    });
  });

  it('e_frames_48k_split2: a log that only grows, and one old small object in the run the frame needs', async () => {
    // e_frames.py: frame buffers of random size (1536–4544 bytes) come and go; every 4th frame
    // appends a tuple and a short string to a long-lived log. A 4480-byte buffer (280 blocks)
    // fails when area 1's longest run is 279 blocks.
    const diagnosis = await diagnoseTrace('e_frames_48k_split2.ndjson.gz');
    expect(diagnosis.failure).toMatchObject({ line: 67281, bytes: 4480, blocks: 280, largestFreeBytes: 279 * 16 });
    expect(diagnosis.causes.map((c) => c.kind)).toEqual(['accumulation', 'pinning']);
    const [accumulation, pinning] = diagnosis.causes;
    expect(accumulation!.kind === 'accumulation' && accumulation!.evidence).toMatchObject({
      collections: 472,
      firstLiveBytes: 3600,
      lastLiveBytes: 32512,
      slopePerKiloEvent: 441,
      holders: [
        { minBytes: 9, maxBytes: 16, objects: 1043 },
        { minBytes: 5, maxBytes: 8, objects: 495 },
      ],
    });
    expect(pinning!.summary).toBe(
      "1 small long-lived object splits area 1's 952 free blocks so that its longest run is 279 blocks, short of the 280 the request needs: " +
        '16 bytes at block 1409 (allocated at line 16246, alive for 46757 events).',
    );
  });
});

describe("a timeline's diagnosis, recorded in the replay's own pass", () => {
  // The traces with a reproduced MemoryError (b_lcg, e_frames) and the camera program's marks.
  for (const name of ['b_lcg_frag_32k.ndjson', 'e_frames_48k_split2.ndjson.gz']) {
    it(`${name}: the same as a second pass over the timeline's events gives`, async () => {
      const file = join(import.meta.dirname, 'fixtures', 'traces', name);
      const recorded = await buildTimeline(file, { diagnose: true });
      const plain = await buildTimeline(file);
      expect(recorded.failureRecorder?.recording).not.toBeNull();
      expect(plain.failureRecorder).toBeNull();
      const once = timelineDiagnosis(recorded);
      expect(once).not.toBeNull();
      expect(once).toEqual(timelineDiagnosis(plain));
      expect(firstFailureDiagnosis(recorded)).toEqual(diagnoseFailure(plain.config, plain.events, { lines: plain.lines, marks: plain.marks }));
    });
  }

  it('a trace that never fails: the recorder has let its records go, and there is nothing to diagnose', async () => {
    const timeline = await buildTimeline(join(import.meta.dirname, 'fixtures', 'traces', 'a_big_list_64k.ndjson'), { diagnose: true });
    expect(timeline.failureRecorder).toMatchObject({ open: false, abandoned: false, recording: null });
    expect(firstFailureDiagnosis(timeline)).toBeNull();
  });
});
