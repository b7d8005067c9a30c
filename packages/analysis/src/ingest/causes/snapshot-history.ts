/**
 * What the diagnosis of one MemoryError reads of a capture: the snapshots of the failure's
 * session up to and including the failure's (a restart empties the heap, so nothing before it
 * counts), each one's analysed MemoryError, and the probe's marks among them.
 */
import type { SnapshotFailure } from '../memory-error-analysis.js';
import { partitionPoint } from '../../partition-point.js';
import type { ReadSnapshot, SeriesMark } from '../snapshot-series.js';

/** The failure's session up to it. */
export interface SnapshotHistory {
  /** In order, the failure's snapshot last. */
  readonly snapshots: readonly ReadSnapshot[];
  /** Each one's MemoryError, analysed, or null (the same positions as `snapshots`). */
  readonly failures: readonly (SnapshotFailure | null)[];
  /** The session's marks that came before the failure's snapshot, in order. */
  readonly marks: readonly SeriesMark[];
}

/**
 * The history of the snapshot at `index` of the series `read` (its MemoryErrors in `failures`,
 * by index), with the capture's `marks`.
 */
export function historyOf(
  read: readonly ReadSnapshot[],
  failures: readonly (SnapshotFailure | null)[],
  marks: readonly SeriesMark[],
  index: number,
): SnapshotHistory {
  const session = read[index]!.point.session;
  let first = index;
  while (first > 0 && read[first - 1]!.point.session === session) first--;
  return {
    snapshots: read.slice(first, index + 1),
    failures: failures.slice(first, index + 1),
    marks: marks.filter((m) => m.session === session && (m.after ?? -1) < index),
  };
}

/** How many of the history's marks were written before the snapshot with series index `index` (marks come in capture order). */
export function marksBefore(history: SnapshotHistory, index: number): number {
  const { marks } = history;
  return partitionPoint(marks.length, (i) => (marks[i]!.after ?? -1) < index);
}

/** The label of the mark in force at the snapshot with series index `index` (the latest written before it), or null. */
export function markAt(history: SnapshotHistory, index: number): string | null {
  return history.marks[marksBefore(history, index) - 1]?.label ?? null;
}
