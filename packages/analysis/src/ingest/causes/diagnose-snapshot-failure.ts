/**
 * Why a MemoryError a capture's snapshot was taken at happened, as far as snapshots can show:
 * the kinds of cause `diagnoseFailure` finds in a trace, each checked on what the snapshots of
 * the failure's session hold, and ranked by the same rule (`rankCauses`). A transient peak
 * (large objects alive together only between two snapshots) is never shown: no map holds what
 * lived and went between snapshots. The other detectors say when they could not check.
 */
import { rankCauses } from '../../diagnosis/rank-causes.js';
import type { SnapshotFailure } from '../memory-error-analysis.js';
import type { ReadSnapshot, SeriesMark } from '../snapshot-series.js';
import { failedRequestGrowth } from './failed-request-growth.js';
import type { NotShown, SnapshotCause, SnapshotDiagnosis, SnapshotFinding } from './snapshot-causes.js';
import { snapshotAccumulation } from './snapshot-accumulation.js';
import { snapshotHeapTooSmall } from './snapshot-heap-too-small.js';
import { historyOf, type SnapshotHistory } from './snapshot-history.js';
import { snapshotPinning } from './snapshot-pinning.js';

const TRANSIENT = 'large objects alive together only between two snapshots are in no map';

/** The detectors, in the order `notShown` lists the kinds. */
const DETECTORS: readonly { readonly kind: NotShown['kind']; readonly detect: (history: SnapshotHistory) => SnapshotFinding }[] = [
  { kind: 'growing-request', detect: failedRequestGrowth },
  { kind: 'accumulation', detect: snapshotAccumulation },
  { kind: 'pinning', detect: snapshotPinning },
  { kind: 'transient-peak', detect: () => ({ notShown: TRANSIENT }) },
  { kind: 'heap-too-small', detect: snapshotHeapTooSmall },
];

/**
 * The diagnosis of the MemoryError of the snapshot at `index` of the series `read` (it must
 * have one in `failures`, the analysed MemoryError of each snapshot by index), with the
 * capture's marks.
 */
export function diagnoseSnapshotFailure(
  read: readonly ReadSnapshot[],
  failures: readonly (SnapshotFailure | null)[],
  marks: readonly SeriesMark[],
  index: number,
): SnapshotDiagnosis {
  if (failures[index] == null) throw new RangeError(`diagnoseSnapshotFailure: snapshot ${index} was not taken at a MemoryError`);
  const history = historyOf(read, failures, marks, index);
  const causes: SnapshotCause[] = [];
  const notShown: NotShown[] = [];
  for (const { kind, detect } of DETECTORS) {
    const found = detect(history);
    if (found === null) continue;
    if ('cause' in found) causes.push(found.cause);
    else notShown.push({ kind, reason: found.notShown });
  }
  return { causes: rankCauses(causes, { heapBytes: read[index]!.point.totalBytes }), notShown };
}
