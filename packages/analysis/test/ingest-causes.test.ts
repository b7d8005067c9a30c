/**
 * The causes of a MemoryError that a probe capture's snapshots show: each detector on small
 * captures written to show its cause, and silent (or saying it cannot tell) where the snapshots
 * do not hold the evidence. The dumps are the engine's exact `mem_info(1)` text of heaps laid out
 * by hand; the repository's real captures are in ingest-causes-real.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, memInfoText, type AllocEvent, type DumpKind, type HeapState } from '@heaplab/core';
import { ingestCapture, type IngestFailure } from '../src/index.js';

/** An object of a hand-made heap: its first block, its blocks, and its letter. */
type Place = readonly [block: number, blocks: number, kind?: DumpKind];

/** A one-area heap of `blocks` 16-byte blocks with objects at these places. */
function heap(blocks: number, objects: readonly Place[]): HeapState {
  const events: AllocEvent[] = objects.map(([block, n, kind], id) => ({ op: 'alloc', id, bytes: n * 16, at: { area: 0, block }, kind: kind ?? 'h' }));
  return applyAll(createHeap({ areas: [{ blocks }] }), events).state;
}

/** One framed snapshot of `state`, taken at a MemoryError for a request of `failed` bytes if given. */
function snapshot(seq: number, label: string, state: HeapState, failed?: number, split?: number): string {
  let dump = memInfoText(state, { verbose: true, stack: { used: 512, limit: 32768 } }).trimEnd();
  if (split !== undefined) dump = dump.replace(/^(GC: .*)$/m, `$1, max new split: ${split}`);
  const error = failed === undefined ? '' : ` error="memory allocation failed, allocating ${failed} bytes"`;
  return [`#heaplab-snapshot v1 seq=${seq} ticks=${seq * 100} label="${label}"${error}`, dump, `#heaplab-end v1 seq=${seq}`].join('\n');
}

const mark = (seq: number, label: string): string => `#heaplab-mark v1 seq=${seq} ticks=${seq * 100} label="${label}"`;

/** The diagnosis of the capture's last MemoryError. */
function lastFailure(...parts: string[]): IngestFailure {
  const failure = ingestCapture(parts.join('\n')).snapshots.findLast((s) => s.failure !== null)?.failure;
  if (failure == null) throw new Error('no MemoryError in the capture');
  return failure;
}

const kinds = (failure: IngestFailure): string[] => failure.causes.map((c) => c.kind);
const notShown = (failure: IngestFailure): string[] => failure.notShown.map((n) => n.kind);

/** Two small objects (an `L` at block 30, an `h` at block 60) and a large one at the end (100–127) cut 128 blocks into runs of 30, 29 and 39. */
const PINNED: readonly Place[] = [
  [30, 1, 'L'],
  [60, 1],
  [100, 28],
];

describe('heap-too-small', () => {
  it('fires when the bytes in use plus the request exceed the heap', () => {
    const failure = lastFailure(snapshot(1, 'frame', heap(64, [[0, 50]]), 400));
    expect(failure.verdict).toBe('too-small');
    expect(failure.causes).toEqual([
      {
        kind: 'heap-too-small',
        summary:
          "The snapshot at the MemoryError shows 800 bytes in use after the collection the request ran; with the 400 bytes asked for they exceed the heap's 1024 bytes by 176 bytes, so no placement could succeed.",
        evidence: { liveBytes: 800, requestBytes: 400, heapBytes: 1024, largestAreaBytes: 1024, shortByBytes: 176 },
      },
    ]);
  });

  it('fires when the request is longer than the heap, and says a new area could not hold it either', () => {
    const failure = lastFailure(snapshot(1, 'frame', heap(64, [[0, 2]]), 2000, 1500));
    expect(failure.causes[0]).toMatchObject({ kind: 'heap-too-small', evidence: { requestBytes: 2000, shortByBytes: 2000 - 1024 } });
    expect(failure.causes[0]!.summary).toBe(
      'The 2000-byte request needs 125 blocks, more than the heap has (64 blocks, 1024 bytes), and more than the 1500 bytes a new area could have: no placement could succeed.',
    );
  });

  it('stays silent when the request and the bytes in use fit, or a new area could have held the request', () => {
    expect(kinds(lastFailure(snapshot(1, 'frame', heap(128, PINNED), 800)))).not.toContain('heap-too-small');
    expect(kinds(lastFailure(snapshot(1, 'frame', heap(64, [[0, 2]]), 2000, 4096)))).toEqual([]);
  });

  it('cannot tell without a size', () => {
    const text = snapshot(1, 'frame', heap(64, [[0, 50]]), 400).replace('allocating 400 bytes', 'heap is locked');
    expect(lastFailure(text).notShown).toContainEqual({ kind: 'heap-too-small', reason: 'the message gives no size' });
  });
});

describe('pinning', () => {
  const before = heap(128, [...PINNED, [80, 10]]);

  it('fires when a few small objects seen in earlier snapshots split enough free blocks, and names them', () => {
    const failure = lastFailure(
      mark(1, 'setup'),
      snapshot(2, 'boot', before),
      mark(3, 'loop'),
      snapshot(4, 'warm', before),
      snapshot(5, 'frame', heap(128, PINNED), 800),
    );
    expect(failure.verdict).toBe('fragmented');
    expect(kinds(failure)).toEqual(['pinning']);
    const cause = failure.causes[0]!;
    expect(cause.evidence).toEqual({
      area: 0,
      freeBlocks: 98,
      largestFreeRun: 39,
      requestBlocks: 50,
      block: 0,
      pins: [
        {
          bytes: 16,
          blocks: 1,
          area: 0,
          block: 30,
          address: expect.any(Number),
          kind: 'L',
          seenIn: 3,
          firstSeen: 0,
          firstLine: 2,
          livedMs: 300,
          mark: 'setup',
          label: 'boot',
        },
      ],
    });
    expect(cause.summary).toBe(
      `1 small object already there in earlier snapshots splits area 0's 98 free blocks so that its longest run is 39 blocks, short of the 50 the request needs: L 16 bytes at block 30 (seen in 3 snapshots from line 2 ("boot"), under mark "setup", at least 300 ms).`,
    );
  });

  it('stays silent when the small objects in the way are new since the last snapshot', () => {
    const failure = lastFailure(snapshot(1, 'boot', heap(128, [[100, 28]])), snapshot(2, 'frame', heap(128, PINNED), 800));
    expect(failure.verdict).toBe('fragmented');
    expect(kinds(failure)).toEqual([]);
    expect(notShown(failure)).not.toContain('pinning');
    // A string where the list is now, as long and at the same block: another object.
    const other = heap(128, [[30, 1, 'S'], ...PINNED.slice(1)]);
    expect(kinds(lastFailure(snapshot(1, 'boot', other), snapshot(2, 'frame', heap(128, PINNED), 800)))).toEqual([]);
  });

  it('stays silent when what is in the way is large', () => {
    // Free runs of 30 and 50 blocks around a 20-block object, more than 1/8 of the 55 the request needs.
    const large: Place[] = [
      [30, 20],
      [100, 28],
    ];
    const failure = lastFailure(snapshot(1, 'boot', heap(128, large)), snapshot(2, 'frame', heap(128, large), 880));
    expect(failure.verdict).toBe('fragmented');
    expect(kinds(failure)).toEqual([]);
  });

  it('stays silent when the heap lacks free blocks, not runs', () => {
    const failure = lastFailure(snapshot(1, 'boot', before), snapshot(2, 'frame', heap(128, [...PINNED, [70, 20]]), 1300));
    expect(failure.verdict).toBe('too-small');
    expect(kinds(failure)).not.toContain('pinning');
  });

  it('cannot tell how long they lived without an earlier snapshot of the same heap', () => {
    const alone = lastFailure(snapshot(1, 'frame', heap(128, PINNED), 800));
    expect(alone.notShown).toContainEqual({
      kind: 'pinning',
      reason: 'no earlier snapshot of this heap shows how long the 1 small object in the way had been there',
    });
    // The snapshot before shows another heap (a device restart starts a session: nothing before it counts).
    const restarted = lastFailure(snapshot(4, 'boot', before), snapshot(1, 'frame', heap(128, PINNED), 800));
    expect(notShown(restarted)).toContain('pinning');
    expect(kinds(restarted)).toEqual([]);
  });
});

describe('accumulation', () => {
  /** A session whose MemoryErrors (each a request of 3000 bytes) show these blocks in use, a mark before each. */
  const session = (used: readonly number[]): string[] =>
    used.flatMap((blocks, i) => [mark(2 * i + 1, 'frame'), snapshot(2 * i + 2, 'frame', heap(256, [[0, blocks]]), 3000)]);

  it('fires when the bytes in use at MemoryErrors creep upward, and ranks first when the rise is a quarter of the heap', () => {
    const failure = lastFailure(...session([50, 75, 100, 125]));
    expect(kinds(failure)).toEqual(['accumulation', 'heap-too-small']);
    expect(failure.causes[0]!.evidence).toEqual({
      collections: 4,
      fromSnapshot: 0,
      toSnapshot: 3,
      firstLiveBytes: 800,
      lastLiveBytes: 2000,
      slopePerSnapshot: 400,
      slopePerMark: 400,
      fit: 1,
      riseBytes: 1200,
      fullAtSnapshot: 9,
    });
    expect(failure.causes[0]!.summary).toBe(
      'Bytes in use at the 4 MemoryErrors of this session (each after a collection) rose from 800 to 2000, 400 bytes per snapshot (400 bytes per mark); at that rate the heap is full 6 snapshots after this one.',
    );
  });

  it('stays silent when they do not rise', () => {
    const failure = lastFailure(...session([100, 90, 100, 95]));
    expect(kinds(failure)).not.toContain('accumulation');
    expect(notShown(failure)).not.toContain('accumulation');
  });

  it('reads only the snapshots at a MemoryError: the others may hold garbage', () => {
    const rising = [60, 100, 140, 180].map((blocks, i) => snapshot(i + 1, 'busy', heap(256, [[0, blocks]])));
    const failure = lastFailure(...rising, snapshot(5, 'frame', heap(256, [[0, 190]]), 3000));
    expect(kinds(failure)).toEqual(['heap-too-small']);
    expect(notShown(failure)).toContain('accumulation');
  });

  it('cannot tell from fewer than 3 snapshots at a MemoryError', () => {
    const failure = lastFailure(...session([50, 125]));
    expect(failure.notShown).toContainEqual({
      kind: 'accumulation',
      reason: '2 snapshots of this session are known to follow a collection (those taken at a MemoryError); a trend needs 3',
    });
  });
});

describe('growing-request', () => {
  const failures = (sizes: readonly number[], label = (_: number) => 'frame'): string[] =>
    sizes.map((bytes, i) => snapshot(i + 1, label(i), heap(128, PINNED), bytes));

  it('fires when the failed requests of one place grow, and says when they do not level off', () => {
    const failure = lastFailure(...failures([1000, 1200, 1400, 1600]));
    const cause = failure.causes.find((c) => c.kind === 'growing-request')!;
    expect(cause.evidence).toEqual({
      firstBytes: 1000,
      lastBytes: 1600,
      occurrences: 4,
      growthPerOccurrence: 200,
      bounded: false,
      firstSnapshot: 0,
      firstLine: 1,
      fitsAtFirstSize: false,
      label: 'frame',
    });
    expect(cause.summary).toBe(
      'The failing 1600-byte request is the last of 4 failed requests labelled "frame", grown from 1000 bytes at line 1 by 200 bytes a time on average without levelling off; even its first size would not fit now.',
    );
  });

  it('says bounded when the growth levels off, and counts only the part after a fall', () => {
    const levelled = lastFailure(...failures([1000, 1500, 1550, 1560, 1561])).causes.find((c) => c.kind === 'growing-request');
    expect(levelled?.evidence).toMatchObject({ bounded: true, occurrences: 5 });
    const rebuilt = lastFailure(...failures([1600, 800, 900, 1000])).causes.find((c) => c.kind === 'growing-request');
    expect(rebuilt?.evidence).toMatchObject({ bounded: true, occurrences: 3, firstBytes: 800, firstSnapshot: 1 });
  });

  it('stays silent when the failed requests do not grow', () => {
    for (const sizes of [
      [1000, 1000, 1000],
      [1000, 1400, 1300, 1500],
    ])
      expect(kinds(lastFailure(...failures(sizes)))).not.toContain('growing-request');
  });

  it('cannot tell from fewer than 3 failed requests of the same place', () => {
    const failure = lastFailure(...failures([1000, 1200, 1400], (i) => `site ${i % 2}`));
    expect(failure.notShown).toContainEqual({ kind: 'growing-request', reason: '2 failed requests of a known size labelled "site 0"; a series needs 3' });
  });
});

describe('what snapshots cannot show', () => {
  it('a transient peak, always; the causes found are ranked as a trace diagnosis ranks them', () => {
    const failure = lastFailure(snapshot(1, 'boot', heap(128, PINNED)), snapshot(2, '', heap(128, PINNED), 800));
    expect(failure.notShown).toEqual([
      { kind: 'growing-request', reason: '1 failed request of a known size in this session; a series needs 3' },
      { kind: 'accumulation', reason: '1 snapshot of this session is known to follow a collection (those taken at a MemoryError); a trend needs 3' },
      { kind: 'transient-peak', reason: 'large objects alive together only between two snapshots are in no map' },
    ]);
    expect(kinds(failure)).toEqual(['pinning']);
  });
});
