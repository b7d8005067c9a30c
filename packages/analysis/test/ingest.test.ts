/**
 * Ingesting probe captures: framed snapshots found among a script's output and line noise,
 * the series and what changed between snapshots, and the MemoryError analysis. The dumps are
 * real `mem_info(1)` output (packages/core/test/fixtures/oracle) or the engine's exact text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, heapFromMemInfo, HeapInputError, memInfoText, type AllocEvent, type HeapState } from '@heaplab/core';
import { extractSnapshots, ingestCapture, memoryErrorCount } from '../src/index.js';
import { freeRunChanges } from '../src/ingest/free-run-changes.js';
import { readStartMarker } from '../src/ingest/snapshot-marker.js';

const oracle = join(import.meta.dirname, '..', '..', 'core', 'test', 'fixtures', 'oracle');
const fixture = (name: string): string => readFileSync(join(oracle, name), 'utf8');

/** The mem_info(1) block of a fixture: from its `stack:` (or `mem:`) line to the end of its dump. */
function dumpOf(name: string): string {
  const lines = fixture(name).split('\n');
  const start = lines.findIndex((l) => l.startsWith('mem:') || l.startsWith('stack:'));
  let end = start;
  while (end + 1 < lines.length && /^(stack|GC|mem| No\.|[0-9a-f]{8}:|\s+\(\d+ lines all free\))/.test(lines[end + 1]!)) end++;
  return lines.slice(start, end + 1).join('\n');
}

/** A real 64 KiB heap cut into 31-block runs after `bytearray(1000)` failed (shared oracle, mcu mode). */
const FRAGMENTED = dumpOf('b_fragmentation.mcu.out.txt');
/** A real 32-bit unix heap of 32 KiB, with the `mem:` line, after a 2464-byte request failed. */
const UNIX = dumpOf('unix_b_lcg_frag_32k.stdout.txt');

function framed(seq: number, ticks: number, label: string, dump: string, error?: string): string {
  return [
    `#heaplab-snapshot v1 seq=${seq} ticks=${ticks} label="${label}"${error === undefined ? '' : ` error="${error}"`}`,
    dump,
    `#heaplab-end v1 seq=${seq}`,
  ].join('\n');
}

/** A one-area heap of `blocks` blocks with objects at these (block, blocks) places. */
function heap(blocks: number, objects: readonly (readonly [number, number])[]): HeapState {
  const events: AllocEvent[] = objects.map(([block, n], id) => ({ op: 'alloc', id, bytes: n * 16, at: { area: 0, block } }));
  return applyAll(createHeap({ areas: [{ blocks }] }), events).state;
}

/** The engine's exact mem_info(1) text for a heap, without its last line end. */
const dumpText = (state: HeapState): string => memInfoText(state, { verbose: true, stack: { used: 512, limit: 32768 } }).trimEnd();

describe('finding snapshots in a serial capture', () => {
  it('reads framed snapshots among script output, CRLF, a partial first line and noise', () => {
    const capture = [
      'ks=81 label="cut" (the capture began here)',
      '#heaplab-end v1 seq=1',
      'frame 12 ok',
      framed(
        2,
        1000,
        'warm up',
        dumpText(
          heap(256, [
            [0, 3],
            [10, 2],
          ]),
        ),
      ),
      'sensor: 21.5 C',
      // A marker after the script's own partial line.
      `progress: 40%${framed(3, 1500, 'after \\"frames\\"\\ttab', UNIX)}`,
      '\u0007\u0000garbage',
      framed(4, 2100, 'frame', FRAGMENTED, 'memory allocation failed, allocating 1000 bytes'),
      'Traceback (most recent call last):',
    ]
      .join('\n')
      .replaceAll('\n', '\r\n');
    const report = ingestCapture(capture, 'serial.log');
    expect(report.capture).toBe('probe');
    expect(report.snapshots.map((s) => [s.seq, s.label, s.elapsedMs])).toEqual([
      [2, 'warm up', 0],
      [3, 'after "frames"\ttab', 500],
      [4, 'frame', 1100],
    ]);
    expect(report.damaged).toEqual([
      {
        seq: 1,
        line: 2,
        field: null,
        message: 'the end of snapshot 1 without its start (did the capture begin inside it?)',
        label: null,
        error: null,
        bytes: null,
      },
    ]);
    // Figures come from the maps, and agree with what the interpreters printed.
    const [, unix, fragmented] = report.snapshots;
    expect(unix).toMatchObject({ totalBytes: 32000, usedBytes: 11632, freeBytes: 20368, largestFreeRun: 147, blockBytes: 16, maxNewSplit: null });
    expect(fragmented).toMatchObject({ totalBytes: 64000, usedBytes: 32912, freeBytes: 31088, largestFreeRun: 31, maxNewSplit: 0 });
    expect(fragmented!.areas).toHaveLength(1);
    expect(fragmented!.areas[0]).toMatchObject({ area: 0, address: 0x30000, blocks: 4000, freeBlocks: 1943, largestFreeRun: 31 });
    expect(report.snapshots[0]!.line).toBe(4);
  });

  it("leaves out another task's log lines printed in the middle of a dump", () => {
    const dump = UNIX.split('\n');
    const noisy = [...dump.slice(0, 5), 'I (8812) wifi:station: connected', ...dump.slice(5, 9), 'W (8813) task_wdt: reset', ...dump.slice(9)].join('\n');
    const report = ingestCapture(framed(1, 0, 'busy', noisy));
    expect(report.damaged).toEqual([]);
    expect(report.snapshots[0]).toMatchObject({ usedBytes: 11632, freeBytes: 20368, largestFreeRun: 147 });
    // Line numbers stay the capture's: the map's header is line 2 + 4 (after the marker and 4 lines).
    const { snapshots } = extractSnapshots(framed(1, 0, 'busy', noisy));
    expect(snapshots[0]!.dump.areas[0]!.line).toBe(6);
    expect(snapshots[0]!.dump.lines.last).toBe(1 + dump.length + 2);
  });

  it('explains the MemoryError: the free total would hold the request, no run is long enough', () => {
    const report = ingestCapture(framed(1, 5, 'frame', FRAGMENTED, 'memory allocation failed, allocating 1000 bytes'));
    const failure = report.snapshots[0]!.failure!;
    expect(failure).toMatchObject({ bytes: 1000, blocks: 63, verdict: 'fragmented', areasWithEnoughFree: [0], maxNewSplit: 0 });
    const explanation = failure.explanation!;
    expect(explanation.freeBytes).toBe(31088);
    expect(explanation.fragmentation).toBeCloseTo(1 - 31 / 1943, 10);
    // The cheapest window of 63 blocks to clear, and what stands in it, as the map shows it.
    const [best] = explanation.blockers;
    expect(best!.objects.length).toBeGreaterThan(0);
    const map = heapFromMemInfo(FRAGMENTED).tables[0]!;
    expect(map.blocks).toBe(4000);
    for (const o of best!.objects) {
      expect(o.address).toBe(0x30000 + o.block * 16);
      expect(o.block + o.blocks).toBeGreaterThan(best!.block);
      expect(o.block).toBeLessThan(best!.block + 63);
    }
  });

  it('tells a heap that is too small, a locked heap and an unknown size from fragmentation', () => {
    const full = dumpText(heap(128, [[0, 100]]));
    const verdict = (error: string, dump = full): string => ingestCapture(framed(1, 0, 'x', dump, error)).snapshots[0]!.failure!.verdict;
    expect(verdict('memory allocation failed, allocating 1000 bytes')).toBe('too-small');
    expect(verdict('memory allocation failed, allocating 100 bytes')).toBe('fits-now');
    expect(verdict('memory allocation failed, heap is locked')).toBe('locked');
    expect(verdict('')).toBe('unknown');
    expect(ingestCapture(framed(1, 0, 'x', full)).snapshots[0]!.failure).toBeNull();
  });

  it('sets aside damaged snapshots with the line and the reason, and reads the rest', () => {
    const good = dumpText(heap(128, [[0, 4]]));
    const lines = [
      framed(1, 0, 'ok', good),
      // Cut off by a reset: no end marker before the next start.
      '#heaplab-snapshot v1 seq=2 ticks=10 label="cut"',
      'stack: 512 out of 32768',
      framed(1, 20, 'after reset', good),
      // Line noise in the map: a tail lost; the printed statistics no longer match it.
      framed(2, 30, 'noisy', good.replace('h===', 'h==.')),
      '#heaplab-snapshot v9 seq=3 ticks=40 label="future"',
      framed(4, 50, 'wrong end', good).replace('#heaplab-end v1 seq=4', '#heaplab-end v1 seq=5'),
      '#heaplab-snapshot v1 seq=6 ticks=60 label="last"',
    ];
    const report = ingestCapture(lines.join('\n'), 'cap.txt');
    expect(report.snapshots.map((s) => [s.label, s.session])).toEqual([
      ['ok', 0],
      ['after reset', 1],
    ]);
    expect(report.damaged).toEqual([
      {
        seq: 2,
        line: 9,
        field: null,
        message: 'cut off: snapshot 2 has no end marker before the next snapshot starts at line 11',
        label: 'cut',
        error: null,
        bytes: null,
      },
      {
        seq: 2,
        line: 21,
        field: 'used',
        message: "printed 64, but the dump's map gives 48 bytes: the statistics and the map disagree (a corrupt or mixed-up paste?)",
        label: 'noisy',
        error: null,
        bytes: null,
      },
      {
        seq: null,
        line: 27,
        field: 'marker',
        message: 'marker format v9: this heaplab reads v1 (a newer probe wrote it?)',
        label: null,
        error: null,
        bytes: null,
      },
      { seq: 4, line: 35, field: 'seq', message: 'snapshot 4 ends with the end marker of snapshot 5', label: 'wrong end', error: null, bytes: null },
      { seq: 6, line: 36, field: null, message: 'cut off: the capture ends inside snapshot 6', label: 'last', error: null, bytes: null },
    ]);
  });

  it("keeps a damaged snapshot's MemoryError from its start marker, and counts it once (the cut-off one too), with no figures of its heap", () => {
    const good = dumpText(heap(128, [[0, 4]]));
    const text = [
      framed(1, 0, 'ok', good),
      // Its map lost a tail to line noise: the statistics disagree, the snapshot is damaged.
      framed(2, 10, 'noisy', good.replace('h===', 'h==.'), 'memory allocation failed, allocating 100 bytes'),
      '#heaplab-snapshot v1 seq=3 ticks=20 label="cut" error="memory allocation failed, allocating 64 bytes"',
      'stack: 512 out of 32768',
    ].join('\n');
    const report = ingestCapture(text);
    expect(report.snapshots.map((s) => [s.seq, s.failure])).toEqual([[1, null]]);
    expect(report.damaged.map((d) => [d.seq, d.label, d.error, d.bytes])).toEqual([
      [2, 'noisy', 'memory allocation failed, allocating 100 bytes', 100],
      [3, 'cut', 'memory allocation failed, allocating 64 bytes', 64],
    ]);
    expect(report.cutOff).toMatchObject({ seq: 3, error: 'memory allocation failed, allocating 64 bytes', bytes: 64 });
    expect(memoryErrorCount(report)).toBe(2);
  });

  it('counts a snapshot whose start marker is damaged once: its end marker closes it, and gives its seq', () => {
    const good = dumpText(heap(128, [[0, 4]]));
    const mangled = framed(2, 10, 'mangled', good).replace('#heaplab-snapshot v1 seq=2 ticks=10', '#heaplab-snapshot v1 seq=2 tic~s=10');
    const text = [framed(1, 0, 'ok', good), mangled, '#heaplab-snapshot v1 seq=3 ticks=20 label=broken', 'stack: 512', framed(4, 30, 'last', good)].join('\n');
    const report = ingestCapture(text);
    expect(report.snapshots.map((s) => s.seq)).toEqual([1, 4]);
    const problem = 'expected `#heaplab-snapshot v1 seq=N ticks=N label="…"` and optionally ` error="…"`';
    expect(report.damaged).toEqual([
      { seq: 2, line: 9, field: 'marker', message: problem, label: null, error: null, bytes: null },
      // Never closed: the next start ends it, still one damaged snapshot.
      { seq: null, line: 17, field: 'marker', message: problem, label: null, error: null, bytes: null },
    ]);
  });

  it('reads plain mem_info() output without markers as a series of unlabelled snapshots', () => {
    const plain = memInfoText(heap(128, [[0, 2]]), { stack: { used: 100 } });
    // (A map right after the ` No. of` line would be that block's: a prompt stands between.)
    const bare = dumpText(heap(128, [[5, 1]]))
      .split('\n')
      .slice(3)
      .join('\n');
    const text = ['>>> micropython.mem_info(1)', FRAGMENTED, '>>> x = 1', UNIX, plain, '>>>', bare].join('\n');
    const report = ingestCapture(text);
    expect(report.capture).toBe('bare');
    expect(report.snapshots.map((s) => [s.seq, s.label, s.totalBytes, s.largestFreeRun, s.areas.length, s.objects])).toEqual([
      [null, null, 64000, 31, 1, expect.any(Number)],
      [null, null, 32000, 147, 1, expect.any(Number)],
      // mem_info() without the map: only the printed figures.
      [null, null, 2048, 126, 0, null],
      // A bare map (no GC: lines): the map's figures.
      [null, null, 2048, 122, 1, 1],
    ]);
    expect(report.snapshots[0]!.line).toBe(2);
    // Snapshots without a map, or sessions apart, are not compared.
    expect(report.changes.map((c) => [c.from, c.to])).toEqual([[0, 1]]);
    expect(report.changes[0]!.layoutChanged).toBe(true);
  });

  it('refuses a capture with nothing to read, or nothing readable', () => {
    expect(() => ingestCapture('hello\nworld\n', 'x.log')).toThrow(
      new HeapInputError('no snapshots: expected the heaplab probe\'s "#heaplab-snapshot" markers, or micropython.mem_info() output', {
        file: 'x.log',
        line: 1,
      }),
    );
    const error = (() => {
      try {
        ingestCapture('noise\n#heaplab-snapshot v1 seq=1 ticks=0 label="a"\nstack: 1\n', 'y.log');
      } catch (e) {
        return e as HeapInputError;
      }
      throw new Error('expected an error');
    })();
    expect(error.message).toBe('y.log:2: none of the 1 snapshot can be read; the first: cut off: the capture ends inside snapshot 1');
  });
});

describe('the series over time', () => {
  it('undoes ticks_ms wrap-around and starts a session where seq starts again', () => {
    const dump = dumpText(heap(128, []));
    const text = [
      framed(1, 2 ** 30 - 100, 'a', dump),
      framed(2, 50, 'b', dump),
      framed(3, 150, 'c', dump),
      framed(1, 7, 'reset', dump),
      framed(2, 17, 'e', dump),
    ].join('\n');
    const report = ingestCapture(text);
    expect(report.snapshots.map((s) => [s.session, s.elapsedMs])).toEqual([
      [0, 0],
      [0, 150],
      [0, 250],
      [1, 0],
      [1, 10],
    ]);
    expect(report.changes.map((c) => [c.from, c.to, c.elapsedMs])).toEqual([
      [0, 1, 150],
      [1, 2, 100],
      [3, 4, 10],
    ]);
  });

  it('says which free runs appeared, vanished, grew, shrank and moved', () => {
    // Free before: [4,6) [10,12) [20,30) [40,44) [48,56). After: the object at 6 freed (its
    // neighbours join it), one allocated at 20, one filling [40,44), the one at 44 freed and
    // one placed at 52, and the last object made shorter.
    const before = heap(64, [
      [0, 4],
      [6, 4],
      [12, 8],
      [30, 10],
      [44, 4],
      [56, 8],
    ]);
    const after = heap(64, [
      [0, 4],
      [12, 8],
      [20, 4],
      [30, 10],
      [40, 4],
      [52, 4],
      [56, 4],
    ]);
    expect(freeRunChanges(before, after)).toEqual([
      {
        kind: 'grew',
        area: 0,
        now: { block: 4, blocks: 8 },
        before: [
          { block: 4, blocks: 2 },
          { block: 10, blocks: 2 },
        ],
      },
      { kind: 'shrank', area: 0, now: { block: 24, blocks: 6 }, before: [{ block: 20, blocks: 10 }] },
      { kind: 'vanished', area: 0, now: null, before: [{ block: 40, blocks: 4 }] },
      { kind: 'moved', area: 0, now: { block: 44, blocks: 8 }, before: [{ block: 48, blocks: 8 }] },
      { kind: 'appeared', area: 0, now: { block: 60, blocks: 4 }, before: [] },
    ]);
    expect(freeRunChanges(before, before)).toEqual([]);
  });

  it('marks runs that moved, and a heap that grew an area', () => {
    const before = heap(64, [
      [0, 10],
      [20, 44],
    ]);
    const after = heap(64, [
      [0, 12],
      [22, 42],
    ]);
    expect(freeRunChanges(before, after)).toEqual([{ kind: 'moved', area: 0, now: { block: 12, blocks: 10 }, before: [{ block: 10, blocks: 10 }] }]);
    const grown = applyAll(createHeap({ areas: [{ blocks: 64 }, { blocks: 64 }], splitHeap: true }), [
      { op: 'alloc', id: 0, bytes: 160, at: { area: 0, block: 0 } },
      { op: 'alloc', id: 1, bytes: 704, at: { area: 0, block: 20 } },
    ]).state;
    expect(freeRunChanges(before, grown)).toEqual([{ kind: 'appeared', area: 1, now: { block: 0, blocks: 64 }, before: [] }]);
  });
});

describe('markers', () => {
  it('unescapes labels and messages, and reports a marker it cannot read', () => {
    expect(readStartMarker('#heaplab-snapshot v1 seq=9 ticks=12 label="a\\"b\\\\c\\nd\\te" error="x"')).toEqual({
      seq: 9,
      ticksMs: 12,
      label: 'a"b\\c\nd\te',
      error: 'x',
    });
    expect(readStartMarker('#heaplab-snapshot v1 seq=9 ticks=12 label=unquoted')).toEqual({
      problem: 'expected `#heaplab-snapshot v1 seq=N ticks=N label="…"` and optionally ` error="…"`',
    });
    expect(readStartMarker('#heaplab-snapshot v2 seq=9')).toEqual({ problem: 'marker format v2: this heaplab reads v1 (a newer probe wrote it?)' });
  });

  it('keeps capture line numbers in every dump it reads', () => {
    const { snapshots } = extractSnapshots(['a', 'b', framed(1, 0, 'x', UNIX)].join('\n'));
    const { dump } = snapshots[0]!;
    expect(dump.lines).toMatchObject({ first: 4, gc: 6 });
    expect(dump.areas[0]!.line).toBe(8);
  });
});

describe('marks in a capture', () => {
  const good = dumpText(heap(128, [[0, 4]]));
  const mark = (seq: number, ticks: number, label: string): string => `#heaplab-mark v1 seq=${seq} ticks=${ticks} label="${label}"`;

  it('are placed among the snapshots and share their clock: seq for sessions, ticks for time', () => {
    const text = [
      mark(1, 100, 'setup'),
      framed(2, 150, 'first', good),
      'log: 12 blobs',
      `frame 3: ${mark(3, 400, 'find_blobs \\"x\\"')}`,
      mark(4, 450, 'draw'),
      framed(5, 500, 'second', good),
      // The device restarted: seq starts again, at a mark.
      mark(1, 20, 'boot'),
      framed(2, 70, 'third', good),
      mark(3, 90, 'last'),
    ].join('\n');
    const report = ingestCapture(text, 'cap.txt');
    const line = (label: string): number => text.split('\n').findIndex((l) => l.includes(`label="${label}`)) + 1;
    expect(report.marks).toEqual([
      { seq: 1, ticksMs: 100, label: 'setup', line: 1, elapsedMs: 0, session: 0, after: null },
      { seq: 3, ticksMs: 400, label: 'find_blobs "x"', line: line('find_blobs'), elapsedMs: 300, session: 0, after: 0 },
      { seq: 4, ticksMs: 450, label: 'draw', line: line('draw'), elapsedMs: 350, session: 0, after: 0 },
      { seq: 1, ticksMs: 20, label: 'boot', line: line('boot'), elapsedMs: 0, session: 1, after: 1 },
      { seq: 3, ticksMs: 90, label: 'last', line: line('last'), elapsedMs: 70, session: 1, after: 2 },
    ]);
    expect(line('last')).toBe(text.split('\n').length);
    expect(report.snapshots.map((s) => [s.label, s.session, s.elapsedMs])).toEqual([
      ['first', 0, 50],
      ['second', 0, 400],
      ['third', 1, 50],
    ]);
    expect(report.damagedMarks).toEqual([]);
  });

  it('are read beside plain mem_info() output too; a mark line that cannot be read is set aside with its line', () => {
    const text = ['>>> probe.mark("a")', mark(1, 0, 'a'), UNIX, '#heaplab-mark v1 seq=2 label="no ticks"', '#heaplab-mark v2 seq=3 ticks=5 label="new"'].join(
      '\n',
    );
    const report = ingestCapture(text);
    expect(report.capture).toBe('bare');
    expect(report.marks).toEqual([{ seq: 1, ticksMs: 0, label: 'a', line: 2, elapsedMs: 0, session: 0, after: null }]);
    const lines = text.split('\n').length;
    expect(report.damagedMarks).toEqual([
      { line: lines - 1, message: 'expected `#heaplab-mark v1 seq=N ticks=N label="…"`' },
      { line: lines, message: 'marker format v2: this heaplab reads v1 (a newer probe wrote it?)' },
    ]);
    expect(report.damaged).toEqual([]);
  });

  it('a mark with an empty label is damaged, set aside with its line (the probe never writes one)', () => {
    const text = [mark(1, 0, 'a'), UNIX, '#heaplab-mark v1 seq=12 ticks=9 label=""'].join('\n');
    const report = ingestCapture(text);
    expect(report.marks.map((m) => m.label)).toEqual(['a']);
    expect(report.damagedMarks).toEqual([{ line: text.split('\n').length, message: "a mark's label is empty (the probe never writes one)" }]);
  });

  it('alone are not a series: a capture needs a snapshot', () => {
    expect(() => ingestCapture(mark(1, 0, 'only'), 'cap.txt')).toThrow(/cap\.txt:1: no snapshots/);
  });
});
