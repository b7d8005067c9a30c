/**
 * `heap-too-small` from the snapshot taken at a MemoryError: the bytes in use there (after the
 * collection the request ran, so what the program held) plus the request exceed the heap, or the
 * request is longer than every area, so no placement policy could succeed. Counted in blocks, as
 * `diagnosis/heap-too-small.ts` counts. On a build that can add areas (`max new split` > 0) the
 * evidence holds only when the request is larger than a new area could be, too: otherwise the
 * heap could have grown to hold it, and the snapshot cannot tell why it did not.
 */
import { plural } from '@heaplab/core';
import type { SnapshotFinding } from './snapshot-causes.js';
import type { SnapshotHistory } from './snapshot-history.js';

/** The cause, not shown without a size, or null when the bytes in use and the request fit in the heap. */
export function snapshotHeapTooSmall(history: SnapshotHistory): SnapshotFinding {
  const { point } = history.snapshots.at(-1)!;
  const failure = history.failures.at(-1)!;
  if (failure.bytes === null || failure.bytes === 0) return { notShown: 'the message gives no size' };
  const bytes = failure.bytes;
  if (point.maxNewSplit !== null && point.maxNewSplit >= bytes) return null;
  const bpb = point.blockBytes;
  const blocks = Math.ceil(bytes / bpb);
  const heapBlocks = point.totalBytes / bpb;
  const largestArea = point.areas.length === 0 ? heapBlocks : Math.max(...point.areas.map((a) => a.blocks));
  const heldBlocks = point.usedBytes / bpb;
  const grows = point.maxNewSplit !== null && point.maxNewSplit > 0 ? `, and more than the ${plural(point.maxNewSplit, 'byte')} a new area could have` : '';
  const evidence = { liveBytes: point.usedBytes, requestBytes: bytes, heapBytes: point.totalBytes, largestAreaBytes: largestArea * bpb };
  if (blocks > largestArea) {
    const shortByBytes = (blocks - largestArea) * bpb;
    const area = point.areas.length > 1 ? "the heap's largest area" : 'the heap';
    return {
      cause: {
        kind: 'heap-too-small',
        summary: `The ${bytes}-byte request needs ${plural(blocks, 'block')}, more than ${area} has (${plural(largestArea, 'block')}, ${plural(largestArea * bpb, 'byte')})${grows}: no placement could succeed.`,
        evidence: { ...evidence, shortByBytes },
      },
    };
  }
  if (heldBlocks + blocks <= heapBlocks) return null;
  const shortByBytes = (heldBlocks + blocks - heapBlocks) * bpb;
  return {
    cause: {
      kind: 'heap-too-small',
      summary: `The snapshot at the MemoryError shows ${plural(point.usedBytes, 'byte')} in use after the collection the request ran; with the ${bytes} bytes asked for they exceed the heap's ${plural(point.totalBytes, 'byte')} by ${plural(shortByBytes, 'byte')}${grows}, so no placement could succeed.`,
      evidence: { ...evidence, shortByBytes },
    },
  };
}
