/**
 * The causes of a MemoryError on real `mem_info(1)` dumps (packages/core/test/fixtures/oracle),
 * framed as the probe frames a snapshot at a MemoryError. The real capture of the probe's CI run
 * is checked in packages/cli/test/ingest.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestCapture, type IngestFailure } from '../src/index.js';

const oracle = join(import.meta.dirname, '..', '..', 'core', 'test', 'fixtures', 'oracle');

/** The mem_info(1) block of a fixture: from its `stack:` line to the end of its dump. */
function dumpOf(name: string): string {
  const lines = readFileSync(join(oracle, name), 'utf8').split('\n');
  const start = lines.findIndex((l) => l.startsWith('stack:'));
  let end = start;
  while (end + 1 < lines.length && /^(stack|GC| No\.|[0-9a-f]{8}:|\s+\(\d+ lines all free\))/.test(lines[end + 1]!)) end++;
  return lines.slice(start, end + 1).join('\n');
}

/** The dump framed as a snapshot at a MemoryError for `bytes`, after a plain snapshot of the same heap if `before`. */
function failureOn(dump: string, bytes: number, before = false): IngestFailure {
  const at = `#heaplab-snapshot v1 seq=2 ticks=200 label="frame" error="memory allocation failed, allocating ${bytes} bytes"\n${dump}\n#heaplab-end v1 seq=2`;
  const earlier = `#heaplab-snapshot v1 seq=1 ticks=100 label="boot"\n${dump}\n#heaplab-end v1 seq=1\n`;
  return ingestCapture(before ? earlier + at : at).snapshots.at(-1)!.failure!;
}

describe('causes on real dumps', () => {
  it('a full 20 KiB heap: heap-too-small when the bytes in use and the request exceed it, silent when they fit', () => {
    const full = dumpOf('full-heap.mcu20k.out.txt');
    // 1208 blocks in use of 1248: 40 blocks more fit (the one free run is 40 blocks), 41 do not.
    const fits = failureOn(full, 640);
    expect(fits.verdict).toBe('fits-now');
    expect(fits.causes).toEqual([]);
    const over = failureOn(full, 656);
    expect(over.causes.map((c) => c.kind)).toEqual(['heap-too-small']);
    expect(over.causes[0]!.evidence).toEqual({ liveBytes: 19328, requestBytes: 656, heapBytes: 19968, largestAreaBytes: 19968, shortByBytes: 16 });
  });

  it('a fragmented 64 KiB heap: no pinning, for what is in the way is large; and no cause the snapshots can show', () => {
    const fragmented = dumpOf('b_fragmentation.mcu.out.txt');
    for (const before of [false, true]) {
      const failure = failureOn(fragmented, 1000, before);
      expect(failure.verdict).toBe('fragmented');
      expect(failure.explanation!.blockers[0]!.objects).toMatchObject([{ blocks: 30 }]);
      expect(failure.causes).toEqual([]);
      expect(failure.notShown.map((n) => n.kind)).toEqual(['growing-request', 'accumulation', 'transient-peak']);
    }
  });
});
