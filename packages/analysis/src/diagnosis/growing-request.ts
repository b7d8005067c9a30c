/**
 * `growing-request`: the failing request belongs to a series of requests whose size grows.
 *
 * Finding the series. A failing realloc's series is its object's sizes (its allocation and every
 * realloc), when there are at least `MIN_OCCURRENCES` of them. Otherwise the series is walked
 * back from the failing request through earlier allocations: each step takes the latest earlier
 * allocation whose size is from 3/4 to 2 times the member found last. So a growth of up to a
 * third a step is followed back however far it goes, sizes far below never join (a series of
 * 1024-byte buffers does not run on into the 600-byte objects around it), and a series that
 * fell back (a buffer rebuilt from small) is seen falling. Two walks are made, each over one
 * kind of object, so that long-lived objects of random sizes do not break up a series of
 * temporaries and the other way round: objects the program let go of before the failure, and
 * objects still held. With marks, the walks first keep to allocations under the failing
 * request's mark label, and fall back to all allocations if that finds no growth. A walk goes
 * back as far as the series does. If the series ever fell to less than 3/4 of the size before it
 * (a reset, as a buffer that is rebuilt), only the part after the latest reset counts, and the
 * growth is bounded.
 *
 * A walk through random sizes also finds a chain that climbs (it ends at the failing request,
 * often the largest), but it skips most of the allocations in between. So the series must cover
 * its ground: of the allocations of its kind (and label) from its first member on whose sizes lie
 * within its range, at least `MIN_COVERAGE` (3/4) must be members.
 *
 * The evidence holds when the counted part has at least `MIN_OCCURRENCES` (5) requests, covers
 * its ground, its sizes rise with a rank trend of z ≥ 3 (Mann–Kendall, on at most
 * `TREND_SAMPLE` (1024) members evenly spread over the part, as its cost grows with the square of
 * the count) and γ ≥ 0.6 (rises
 * outnumber falls 4 to 1), and the failing request is larger than the first by at least a tenth
 * of it and at least one block. The growth levels off (bounded) when the last quarter of the
 * series rose by at most a tenth of the whole rise. When more than one walk holds, the one with
 * the strongest trend (largest z) is reported.
 */
import { wouldFit } from '@heaplab/core';
import { lineOf } from './describe-object.js';
import type { Detected, DiagnosedFailure, GrowingRequestEvidence } from './diagnosis.js';
import type { Recording } from './recording.js';
import { rankTrend } from './trend.js';
import { eventAt } from './wording.js';
import { plural } from '@heaplab/core';

/** A predecessor's size is from LOWER to UPPER times the member found last. */
const LOWER = 3 / 4;
const UPPER = 2;
const RESET = 3 / 4;
const TREND_SAMPLE = 1024;
const MIN_OCCURRENCES = 5;
const MIN_COVERAGE = 3 / 4;
const MIN_Z = 3;
const MIN_GAMMA = 0.6;
const MIN_GROWTH_SHARE = 1 / 10;
const LEVEL_SHARE = 1 / 10;

/** A candidate series in time order, the failing request last. */
interface Series {
  readonly kind: 'alloc' | 'realloc';
  readonly bytes: readonly number[];
  readonly events: readonly number[];
  /** For a walk: the request index of each member but the failing one, and what it walked over. */
  readonly walk: { readonly indices: readonly number[]; readonly held: boolean; readonly key: string | null } | null;
}

interface Growth {
  readonly series: Series;
  /** Where the counted part starts. */
  readonly start: number;
  readonly z: number;
  readonly bounded: boolean;
}

/** The cause, or null when the failing request is not the latest of a growing series. */
export function growingRequest(recording: Recording, failure: DiagnosedFailure): Detected | null {
  const growth = reallocGrowth(recording, failure) ?? allocGrowth(recording, failure);
  if (growth === null) return null;
  const { series, start, bounded } = growth;
  const allocations = series.kind === 'realloc' ? [recording.objects.born(recording.failure.serial!)] : series.events.slice(start);
  const occurrences = series.bytes.length - start;
  const firstBytes = series.bytes[start]!;
  const firstEvent = series.events[start]!;
  const mark = series.walk?.key ?? null;
  const evidence: GrowingRequestEvidence = {
    series: series.kind,
    firstBytes,
    lastBytes: failure.bytes,
    occurrences,
    growthPerOccurrence: Math.round(((failure.bytes - firstBytes) / (occurrences - 1)) * 100) / 100,
    bounded,
    firstEvent,
    firstLine: lineOf(recording, firstEvent),
    fitsAtFirstSize: wouldFit(recording.failure.state, firstBytes).fits,
    ...(mark === null ? {} : { mark }),
  };
  const what = series.kind === 'realloc' ? 'sizes of one object, reallocated' : mark === null ? 'allocations' : `allocations under "${mark}"`;
  const level = bounded ? 'before levelling off or falling back' : 'without levelling off';
  const fits = evidence.fitsAtFirstSize ? 'at its first size it would still fit' : 'even its first size would not fit now';
  return {
    kind: 'growing-request',
    summary:
      `The failing ${failure.bytes}-byte request is the last of ${occurrences} ${what}, grown from ${plural(firstBytes, 'byte')} at ${eventAt(firstEvent, evidence.firstLine)} ` +
      `by ${plural(evidence.growthPerOccurrence, 'byte')} a time on average ${level}; ${fits}.`,
    evidence,
    allocations,
    requests: { events: series.events.slice(start), bytes: series.bytes.slice(start) },
  };
}

/** A failing realloc: its object's sizes over time. */
function reallocGrowth(recording: Recording, failure: DiagnosedFailure): Growth | null {
  const serial = recording.failure.serial;
  if (serial === null) return null;
  const { requests } = recording;
  const bytes: number[] = [];
  const events: number[] = [];
  for (let i = 0; i < requests.count; i++) {
    if (requests.serial(i) !== serial) continue;
    bytes.push(requests.bytes(i));
    events.push(requests.event(i));
  }
  bytes.push(failure.bytes);
  events.push(failure.event);
  return growthOf(recording, { kind: 'realloc', bytes, events, walk: null });
}

/** A failing alloc (or a realloc with too short a history): the walks described above. */
function allocGrowth(recording: Recording, failure: DiagnosedFailure): Growth | null {
  const keys = failure.mark === null ? [null] : [failure.mark, null];
  for (const key of keys) {
    const found = [false, true]
      .map((held) => growthOf(recording, walk(recording, failure, key, held)))
      .filter((g): g is Growth => g !== null)
      .sort((a, b) => b.z - a.z);
    if (found.length > 0) return found[0]!;
  }
  return null;
}

/** Whether request `i` is an allocation of the walk's kind of object (held at the failure or not), under `key` if given. */
function ofKind(recording: Recording, i: number, held: boolean, key: string | null): boolean {
  const { requests, objects, marks } = recording;
  if (requests.realloc(i)) return false;
  if ((objects.end(requests.serial(i)) === 0) !== held) return false;
  return key === null || marks.label(requests.mark(i)) === key;
}

/** Walks back from the failing request through earlier allocations of one kind. */
function walk(recording: Recording, failure: DiagnosedFailure, key: string | null, held: boolean): Series {
  const { requests } = recording;
  const indices: number[] = [];
  let size = failure.bytes;
  for (let i = requests.count - 1; i >= 0; i--) {
    if (!ofKind(recording, i, held, key)) continue;
    const b = requests.bytes(i);
    if (b < size * LOWER || b > size * UPPER) continue;
    indices.push(i);
    size = b;
  }
  indices.reverse();
  return {
    kind: 'alloc',
    bytes: [...indices.map((i) => requests.bytes(i)), failure.bytes],
    events: [...indices.map((i) => requests.event(i)), failure.event],
    walk: { indices, held, key },
  };
}

/** Whether the series (failing request last) grows, by the rule above. */
function growthOf(recording: Recording, series: Series): Growth | null {
  const { bytes } = series;
  let start = 0;
  for (let j = 1; j < bytes.length; j++) if (bytes[j]! < RESET * bytes[j - 1]!) start = j;
  const part = bytes.slice(start);
  const n = part.length;
  if (n < MIN_OCCURRENCES) return null;
  const first = part[0]!;
  const last = part[n - 1]!;
  const rise = last - first;
  if (rise < Math.max(recording.config.blockBytes, first * MIN_GROWTH_SHARE)) return null;
  if (series.walk !== null && coverage(recording, series.walk, start, smallest(part), largest(part)) < MIN_COVERAGE) return null;
  const trend = rankTrend(evenlySpread(part, TREND_SAMPLE));
  if (trend.z < MIN_Z || trend.gamma < MIN_GAMMA) return null;
  const levelled = last - part[Math.floor(0.75 * (n - 1))]! <= LEVEL_SHARE * rise;
  return { series, start, z: trend.z, bounded: start > 0 || levelled };
}

/** At most `count` of `values`, evenly spread over them, the first and the last included. */
function evenlySpread(values: readonly number[], count: number): readonly number[] {
  if (values.length <= count) return values;
  const step = (values.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, k) => values[Math.round(k * step)]!);
}

function smallest(values: readonly number[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const value of values) if (value < min) min = value;
  return min;
}

function largest(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) if (value > max) max = value;
  return max;
}

/** Of the allocations of the walk's kind from member `start` on with sizes from `low` to `high`, the share that are members. */
function coverage(recording: Recording, walked: NonNullable<Series['walk']>, start: number, low: number, high: number): number {
  const { indices, held, key } = walked;
  if (start >= indices.length) return 1;
  const members = new Set(indices.slice(start));
  let others = 0;
  for (let i = indices[start]!; i < recording.requests.count; i++) {
    if (members.has(i) || !ofKind(recording, i, held, key)) continue;
    const b = recording.requests.bytes(i);
    if (b >= low && b <= high) others++;
  }
  return members.size / (members.size + others);
}
