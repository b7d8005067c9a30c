/**
 * A trace's what-if events read from a Blob (as the web page's compare workers read a dropped
 * File) are those read from the same file on disk: heap, events, lines, cut and marks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blobTraceEvents, traceEvents } from '../src/index.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');

describe('blobTraceEvents', () => {
  it.each(['b_lcg_frag_32k.ndjson', 'e_frames_48k_split2_cut.ndjson.gz'])('%s: the same events as from the file', async (name) => {
    const file = join(traces, name);
    const [fromFile, fromBlob] = await Promise.all([traceEvents(file), blobTraceEvents(new Blob([readFileSync(file)]), file)]);
    expect(fromBlob.events.length).toBeGreaterThan(0);
    expect(fromBlob).toEqual(fromFile);
  });
});
