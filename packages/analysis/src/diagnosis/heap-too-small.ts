/**
 * `heap-too-small`: the bytes the program holds plus the request exceed the heap (all areas'
 * blocks), or the request is longer than every area, so no placement policy could succeed.
 * Counted in blocks: the held objects' blocks plus the blocks the request needs, against the
 * heap's blocks. The evidence holds exactly when that sum is larger.
 */
import type { Detected, DiagnosedFailure } from './diagnosis.js';
import type { Recording } from './recording.js';
import { plural } from '@heaplab/core';

/** The cause, or null when the held bytes and the request fit in the heap. */
export function heapTooSmall(recording: Recording, failure: DiagnosedFailure): Detected | null {
  const bpb = recording.config.blockBytes;
  const tables = recording.failure.state.tables;
  const largestArea = Math.max(...tables.map((t) => t.blocks));
  const heldBlocks = recording.heldBytes / bpb;
  const totalBlocks = failure.heapBytes / bpb;
  const evidence = { liveBytes: failure.liveBytes, requestBytes: failure.bytes, heapBytes: failure.heapBytes, largestAreaBytes: largestArea * bpb };
  if (failure.blocks > largestArea) {
    const shortByBytes = (failure.blocks - largestArea) * bpb;
    const area = tables.length === 1 ? 'the heap' : "the heap's largest area";
    return {
      kind: 'heap-too-small',
      summary: `The ${failure.bytes}-byte request needs ${plural(failure.blocks, 'block')}, more than ${area} has (${plural(largestArea, 'block')}, ${plural(largestArea * bpb, 'byte')}): no placement could succeed.`,
      evidence: { ...evidence, shortByBytes },
      allocations: [],
    };
  }
  if (heldBlocks + failure.blocks <= totalBlocks) return null;
  const shortByBytes = (heldBlocks + failure.blocks - totalBlocks) * bpb;
  return {
    kind: 'heap-too-small',
    summary: `The program held ${plural(failure.liveBytes, 'byte')} when it asked for ${failure.bytes} more; together they exceed the heap's ${plural(failure.heapBytes, 'byte')} by ${plural(shortByBytes, 'byte')}, so no placement could succeed.`,
    evidence: { ...evidence, shortByBytes },
    allocations: [],
  };
}
