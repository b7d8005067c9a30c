/**
 * `accumulation` from snapshots: the bytes in use after a collection creep upward. The probe
 * does not collect before a snapshot, so a snapshot's bytes in use include garbage, except at a
 * MemoryError: the failed request ran a collection just before. So the points are the session's
 * snapshots taken at a MemoryError, up to and including this one (a script that catches its
 * MemoryErrors and goes on). A least-squares line through (snapshot index, bytes in use); the
 * evidence holds, by the same `risingLine` test as `diagnosis/accumulation.ts`, when the line rises, explains at least half
 * the spread (R² ≥ 0.5) and rises over those snapshots by at least a tenth of the heap; with at
 * least `MIN_COLLECTIONS` (3) points, fewer than a trace's detector asks (snapshots are few).
 *
 * The slope per mark is that of the same bytes against the number of probe marks written before
 * each snapshot, when that number changes between them.
 */
import { plural } from '@heaplab/core';
import { risingLine } from '../../diagnosis/rising-line.js';
import { leastSquares } from '../../diagnosis/trend.js';
import type { SnapshotFinding } from './snapshot-causes.js';
import { marksBefore, type SnapshotHistory } from './snapshot-history.js';

const MIN_COLLECTIONS = 3;

/** The cause, not shown with too few snapshots after a collection, or null when their bytes in use do not creep upward. */
export function snapshotAccumulation(history: SnapshotHistory): SnapshotFinding {
  const points = history.snapshots.filter((s) => s.point.error !== null).map((s) => s.point);
  const n = points.length;
  if (n < MIN_COLLECTIONS)
    return {
      notShown: `${plural(n, 'snapshot')} of this session ${n === 1 ? 'is' : 'are'} known to follow a collection (those taken at a MemoryError); a trend needs ${MIN_COLLECTIONS}`,
    };
  const xs = points.map((p) => p.index);
  const used = points.map((p) => p.usedBytes);
  const line = risingLine(xs, used, points[n - 1]!.totalBytes);
  if (line === null) return null;
  const { riseBytes, fullAt: fullAtSnapshot } = line;
  const fromSnapshot = xs[0]!;
  const toSnapshot = xs[n - 1]!;
  const slopePerSnapshot = Math.round(line.slope);
  const marks = xs.map((x) => marksBefore(history, x));
  const perMark = marks[0] === marks[n - 1] ? null : Math.round(leastSquares(marks, used).slope);
  const markText = perMark === null ? '' : ` (${plural(perMark, 'byte')} per mark)`;
  const ahead = fullAtSnapshot - toSnapshot;
  const full = ahead === 0 ? "the line has reached the heap's size" : `the heap is full ${plural(ahead, 'snapshot')} after this one`;
  return {
    cause: {
      kind: 'accumulation',
      summary:
        `Bytes in use at the ${n} MemoryErrors of this session (each after a collection) rose from ${used[0]} to ${used[n - 1]}, ` +
        `${plural(slopePerSnapshot, 'byte')} per snapshot${markText}; at that rate ${full}.`,
      evidence: {
        collections: n,
        fromSnapshot,
        toSnapshot,
        firstLiveBytes: used[0]!,
        lastLiveBytes: used[n - 1]!,
        slopePerSnapshot,
        ...(perMark === null ? {} : { slopePerMark: perMark }),
        fit: Math.round(line.r2 * 100) / 100,
        riseBytes,
        fullAtSnapshot,
      },
    },
  };
}
