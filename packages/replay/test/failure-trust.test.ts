/**
 * A replay's MemoryError is explained only as the device's: not once the replay stopped matching
 * the device before it (a skipped line, a divergence, a failed checkpoint), and never by the
 * diagnosis of another failed request than the one the report names.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HeapInputError } from '@heaplab/core';
import { buildTimeline, timelineDiagnosis } from '../src/index.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');

function write(lines: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-trust-')), 't.ndjson');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const HEAP =
  '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
/** A request for 320 bytes (20 blocks) that fails even after the collection it runs. */
const FAILED = [
  '{"op":"alloc_fail","bytes":320,"blocks":20,"stage":"pre_collect","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0}',
  '{"op":"collect_start","reason":"alloc_fail"}',
  '{"op":"collect_end","freed_objs":0,"freed_blocks":0}',
  '{"op":"alloc_fail","bytes":320,"blocks":20,"stage":"final","fin":0,"in_realloc":0,"in_collect":0,"after_collect":1}',
];

describe('the MemoryError explained only as the device had it', () => {
  it('a skipped sweep_free: the replay diverges before the failure, so neither the heap in the way nor a diagnosis is given', async () => {
    const lines = readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'), 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[4999]!)).toMatchObject({ op: 'sweep_free' });
    lines[4999] = 'this is not json';
    const skipped: HeapInputError[] = [];
    const timeline = await buildTimeline(write(lines), { onBadLine: (e) => void skipped.push(e) });
    const error = timeline.report.memoryError;
    // The device's failure (2464 bytes), reproduced on a heap that no longer is the device's.
    expect(error).toMatchObject({ line: 19029, bytes: 2464, replayed: true, reproduced: true, divergedLine: 5045, facts: null, explanation: null });
    expect(timeline.report.firstDivergence?.line).toBe(5045);
    expect(timelineDiagnosis(timeline)).toBeNull();
  });

  it('a failed request before the MemoryError (no MemoryError raised for it): the diagnosis, which would be of that one, is not given', async () => {
    const timeline = await buildTimeline(
      write([
        HEAP,
        '{"op":"alloc","bytes":800,"blocks":50,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}',
        ...FAILED,
        '{"op":"alloc","bytes":16,"blocks":1,"area":0,"block":50,"fin":0,"in_realloc":0,"after_collect":0}',
        ...FAILED,
        '{"op":"memory_error","bytes":320,"heap_locked":0}',
      ]),
    );
    const error = timeline.report.memoryError;
    expect(error).toMatchObject({ event: 4, line: 11, replayed: true, reproduced: true, divergedLine: null });
    expect(error?.explanation).not.toBeNull();
    expect(timelineDiagnosis(timeline)).toBeNull();
  });
});
