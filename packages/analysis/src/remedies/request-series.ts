/**
 * The request series a remedy serves or caps: the failing request's growing series as the
 * diagnosis found it (`growing-request`), or else a buffer that comes round: the failing request
 * is an allocation, at least `MIN_CONSTANT` (4) earlier allocations of exactly its size were let
 * go of within the recording, and from the first of them to the failing request they are at
 * least `MIN_SHARE` (3/4) of the allocations let go of whose sizes are from 3/4 to 4/3 of it
 * (random sizes that happen to meet are not a buffer).
 *
 * The recording may go on past the failing request (a workload runs to its length), and so does
 * the series: a realloc series is one object, followed by its id; an allocation series by the
 * walk's rule mirrored, the next allocation whose size is from half to 4/3 of the member before,
 * of the same kind of object as most members (let go within the recording or not) and under the
 * series' mark label if it has one (without the marks, such a series is not followed on); a
 * constant series by its size, let go.
 */
import type { HeapEvent } from '@heaplab/core';
import type { GrowingRequestEvidence } from '../diagnosis/diagnosis.js';
import { MarkCursor } from '../diagnosis/marks.js';
import { objectLives, releasedAllocations } from './object-lives.js';
import type { RemedyContext } from './remedy-context.js';

const MIN_CONSTANT = 4;
const MIN_SHARE = 3 / 4;
const NEAR_LOWER = 3 / 4;
const NEAR_UPPER = 4 / 3;
const NEXT_LOWER = 1 / 2;
const NEXT_UPPER = 4 / 3;

export interface RequestSeries {
  readonly kind: 'growing' | 'constant';
  /** Recorded indices (from 0) of the allocations of the series' objects, in order, the failing request's included. */
  readonly allocations: readonly number[];
  /** Each object's life (`objectLives`), by allocation. */
  readonly lives: ReadonlyMap<number, readonly number[]>;
  readonly firstBytes: number;
  /** The largest request any of its objects makes in the recording (allocation or realloc). */
  readonly maxBytes: number;
  readonly bounded: boolean;
}

/** The series, or null when the failing request belongs to none. */
export function requestSeries(context: RemedyContext): RequestSeries | null {
  const growing = context.diagnosis.causes.find((c) => c.kind === 'growing-request');
  const requests = context.diagnosis.allocations['growing-request'];
  if (growing !== undefined && requests !== undefined) {
    const members = requests.map((event) => event - 1);
    const extended = growing.evidence.series === 'alloc' ? [...members, ...followOn(context, members, growing.evidence)] : members;
    return withLives(context, 'growing', extended, growing.evidence.firstBytes, growing.evidence.bounded);
  }
  const constant = constantSeries(context);
  return constant === null ? null : withLives(context, 'constant', constant, context.diagnosis.failure.bytes, true);
}

function withLives(context: RemedyContext, kind: RequestSeries['kind'], allocations: readonly number[], firstBytes: number, bounded: boolean): RequestSeries {
  const lives = objectLives(context.events, allocations);
  let maxBytes = 0;
  for (const life of lives.values()) {
    for (const index of life) {
      const event = context.events[index]!;
      if ((event.op === 'alloc' || event.op === 'realloc') && event.bytes > maxBytes) maxBytes = event.bytes;
    }
  }
  return { kind, allocations, lives, firstBytes, maxBytes, bounded };
}

/** Allocations after the failing request that carry an allocation series on. */
function followOn(context: RemedyContext, members: readonly number[], evidence: GrowingRequestEvidence): number[] {
  if (evidence.mark !== undefined && context.marks === null) return [];
  const { events } = context;
  const released = releasedAllocations(events);
  const earlier = members.slice(0, -1);
  const letGo = earlier.filter((i) => released.has(i)).length * 2 >= earlier.length;
  const marks = new MarkCursor(context.marks ?? []);
  const failing = members[members.length - 1]!;
  let last = context.diagnosis.failure.bytes;
  const found: number[] = [];
  for (let i = failing + 1; i < events.length; i++) {
    const event = events[i]!;
    if (event.op !== 'alloc' || released.has(i) !== letGo) continue;
    if (event.bytes < last * NEXT_LOWER || event.bytes > last * NEXT_UPPER) continue;
    if (evidence.mark !== undefined && marks.label(marks.at(i + 1)) !== evidence.mark) continue;
    found.push(i);
    last = event.bytes;
  }
  return found;
}

/** The allocations of exactly the failing request's size that were let go of, when enough came before it. */
function constantSeries(context: RemedyContext): number[] | null {
  const { events, diagnosis } = context;
  const failing = diagnosis.failure.event - 1;
  const request = events[failing]!;
  if (request.op !== 'alloc') return null;
  const released = releasedAllocations(events);
  const same = (event: HeapEvent, i: number): boolean => event.op === 'alloc' && event.bytes === request.bytes && released.has(i);
  const members: number[] = [];
  for (let i = 0; i < events.length; i++) if (i === failing || same(events[i]!, i)) members.push(i);
  const earlier = members.indexOf(failing);
  if (earlier < MIN_CONSTANT) return null;
  let near = 0;
  for (let i = members[0]!; i < failing; i++) {
    const event = events[i]!;
    if (event.op === 'alloc' && released.has(i) && event.bytes >= request.bytes * NEAR_LOWER && event.bytes <= request.bytes * NEAR_UPPER) near++;
  }
  return earlier >= MIN_SHARE * near ? members : null;
}
