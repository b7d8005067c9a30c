/**
 * `transient-peak`: several large short-lived objects are alive at the same moment, and the
 * request fails because of that peak: without them it would fit. (The heap may be too small for
 * the peak as well; that is `heap-too-small`'s to say, ranked after.)
 *
 * Large: at least a quarter of the request's blocks (and 2 blocks). Short-lived is learnt from
 * the run: the large objects the program let go of before the failure must be at least
 * `MIN_HISTORY` (5), with a median lifetime of at most a tenth of the run; a large object held
 * at the failure counts as one of them when it is no older than the lifetime 90% of those stay
 * within. The evidence holds when
 * - at least 2 such young large objects are held at the failure;
 * - their bytes are at least `PEAK_FACTOR` (2) times the typical figure: the median, over every
 *   allocation of a large object, of the bytes of large objects then alive and that young;
 * - freeing them would let the request fit (checked with the heap's own strategy).
 */
import { applyAll, objectsByAddress, wouldFit, type HeapEvent, type HeapObject } from '@heaplab/core';
import { describeObject } from './describe-object.js';
import type { Detected, DiagnosedFailure } from './diagnosis.js';
import type { Recording } from './recording.js';
import { quantile } from './trend.js';
import { plural } from '@heaplab/core';

const MIN_HISTORY = 5;
const SHORT_LIVED_SHARE = 1 / 10;
const YOUNG_QUANTILE = 0.9;
const MIN_OBJECTS = 2;
const PEAK_FACTOR = 2;

/** The cause, or null when no peak of large temporaries explains the failure. */
export function transientPeak(recording: Recording, failure: DiagnosedFailure): Detected | null {
  const { objects } = recording;
  const bpb = recording.config.blockBytes;
  const largeBlocks = Math.max(2, Math.ceil(failure.blocks / 4));
  const large: number[] = [];
  const lifetimes: number[] = [];
  for (let s = 0; s < objects.count; s++) {
    if (objects.blocks(s) < largeBlocks) continue;
    large.push(s);
    if (objects.end(s) !== 0) lifetimes.push(objects.end(s) - objects.born(s));
  }
  if (lifetimes.length < MIN_HISTORY || quantile(lifetimes, 0.5) > failure.event * SHORT_LIVED_SHARE) return null;
  const young = quantile(lifetimes, YOUNG_QUANTILE);
  const peak = large.filter((s) => objects.alive(s) && objects.end(s) === 0 && failure.event - objects.born(s) <= young);
  if (peak.length < MIN_OBJECTS) return null;
  const bytes = peak.reduce((sum, s) => sum + objects.blocks(s), 0) * bpb;
  const typicalBytes = typicalYoungBytes(recording, large, young);
  if (bytes < PEAK_FACTOR * typicalBytes) return null;
  const inPeak = new Set(peak);
  const peakObjects: HeapObject[] = objectsByAddress(recording.failure.state).filter((o) => inPeak.has(o.serial));
  const freed = applyAll(
    recording.failure.state,
    peakObjects.map((o): HeapEvent => ({ op: 'free', id: o.id })),
  ).state;
  if (!wouldFit(freed, failure.bytes).fits) return null;
  const requests = recording.requests;
  const held: number[] = [];
  for (let i = 0; i < requests.count; i++) held.push(requests.heldBytes(i));
  const typicalLiveBytes = requests.count === 0 ? 0 : quantile(held, 0.5);
  const described = peakObjects.map((o) => describeObject(recording, o)).sort((a, b) => a.event - b.event);
  const oldest = Math.max(...described.map((o) => o.lived));
  return {
    kind: 'transient-peak',
    summary:
      `${peak.length} large short-lived objects (${plural(bytes, 'byte')}, allocated in the last ${plural(oldest, 'event')}) were alive together when the request failed, ` +
      `against a typical ${plural(typicalBytes, 'byte')} of such objects; the program held ${plural(failure.liveBytes, 'byte')} against a typical ${plural(typicalLiveBytes, 'byte')}, and without them the request would fit.`,
    evidence: { objects: described, bytes, typicalBytes, liveBytes: failure.liveBytes, typicalLiveBytes },
    allocations: described.map((o) => o.event),
  };
}

/**
 * The median, over the allocations of the `large` objects (serials in allocation order), of the
 * bytes of large objects alive then and at most `young` events old.
 */
function typicalYoungBytes(recording: Recording, large: readonly number[], young: number): number {
  const { objects } = recording;
  // An object counts from its allocation until it is let go or grows older than `young`.
  const stops = large
    .map((s) => {
      const end = objects.end(s) === 0 ? Number.POSITIVE_INFINITY : objects.end(s);
      return { at: Math.min(end, objects.born(s) + young + 1), blocks: objects.blocks(s) };
    })
    .sort((a, b) => a.at - b.at);
  const sums: number[] = [];
  let alive = 0;
  let stopped = 0;
  for (const s of large) {
    const t = objects.born(s);
    alive += objects.blocks(s);
    while (stopped < stops.length && stops[stopped]!.at <= t) alive -= stops[stopped++]!.blocks;
    sums.push(alive);
  }
  return quantile(sums, 0.5) * recording.config.blockBytes;
}
