/**
 * `growing-request` from a capture: a capture holds no successful requests, only the failed
 * ones its snapshots were taken at. So the series is the session's MemoryErrors with a size, up
 * to and including this one (a script that catches its MemoryErrors and goes on), and when the
 * failing one's snapshot has a label (the probe's `catching(label)`: one place in the script)
 * only those with that label. If the series ever fell to less than 3/4 of the size before it (a
 * buffer rebuilt from small), only the part after the latest fall counts, and the growth is
 * bounded. The evidence holds when that part has at least `MIN_OCCURRENCES` (3) requests, no
 * request is smaller than the one before, and the failing one is larger than the first by at
 * least a tenth of it and at least one block. The growth levels off (bounded), as in
 * `diagnosis/growing-request.ts`, when the last quarter of the series rose by at most a tenth of
 * the whole rise.
 */
import { plural, wouldFit } from '@heaplab/core';
import type { SnapshotFinding } from './snapshot-causes.js';
import type { SnapshotHistory } from './snapshot-history.js';

const MIN_OCCURRENCES = 3;
const RESET = 3 / 4;
const MIN_GROWTH_SHARE = 1 / 10;
const LEVEL_SHARE = 1 / 10;

/** The cause, not shown with too few failed requests, or null when they do not grow. */
export function failedRequestGrowth(history: SnapshotHistory): SnapshotFinding {
  const last = history.snapshots.at(-1)!;
  const failure = history.failures.at(-1)!;
  if (failure.bytes === null || failure.bytes === 0) return { notShown: 'the message gives no size' };
  const label = last.point.label === null || last.point.label === '' ? null : last.point.label;
  const members = history.snapshots
    .map((s, i) => ({ point: s.point, bytes: history.failures[i]?.bytes ?? null }))
    .filter((m): m is { point: typeof m.point; bytes: number } => m.bytes !== null && m.bytes > 0 && (label === null || m.point.label === label));
  let start = 0;
  for (let j = 1; j < members.length; j++) if (members[j]!.bytes < RESET * members[j - 1]!.bytes) start = j;
  const part = members.slice(start);
  const n = part.length;
  if (members.length < MIN_OCCURRENCES) {
    const of = label === null ? 'in this session' : `labelled "${label}"`;
    return { notShown: `${plural(members.length, 'failed request')} of a known size ${of}; a series needs ${MIN_OCCURRENCES}` };
  }
  if (n < MIN_OCCURRENCES) return null;
  const first = part[0]!;
  const sizes = part.map((m) => m.bytes);
  const rise = failure.bytes - first.bytes;
  if (sizes.some((b, j) => j > 0 && b < sizes[j - 1]!)) return null;
  if (rise < Math.max(last.point.blockBytes, first.bytes * MIN_GROWTH_SHARE)) return null;
  const bounded = start > 0 || failure.bytes - sizes[Math.floor(0.75 * (n - 1))]! <= LEVEL_SHARE * rise;
  const fitsAtFirstSize = last.state === null ? null : wouldFit(last.state, first.bytes).fits;
  const growthPerOccurrence = Math.round((rise / (n - 1)) * 100) / 100;
  const what = label === null ? 'failed requests of this session' : `failed requests labelled "${label}"`;
  const level = bounded ? 'before levelling off or falling back' : 'without levelling off';
  const fits = fitsAtFirstSize === null ? '' : fitsAtFirstSize ? '; at its first size it would still fit' : '; even its first size would not fit now';
  return {
    cause: {
      kind: 'growing-request',
      summary:
        `The failing ${failure.bytes}-byte request is the last of ${n} ${what}, grown from ${plural(first.bytes, 'byte')} at line ${first.point.line} ` +
        `by ${plural(growthPerOccurrence, 'byte')} a time on average ${level}${fits}.`,
      evidence: {
        firstBytes: first.bytes,
        lastBytes: failure.bytes,
        occurrences: n,
        growthPerOccurrence,
        bounded,
        firstSnapshot: first.point.index,
        firstLine: first.point.line,
        fitsAtFirstSize,
        ...(label === null ? {} : { label }),
      },
    },
  };
}
