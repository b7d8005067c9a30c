/**
 * `accumulation`: the bytes in use after each collection creep upward (a leak, or a log that
 * only grows). A least-squares line through (event, bytes in use after the collection), over
 * every collection up to and including any the failing request ran. The evidence holds when
 * - there are at least `MIN_COLLECTIONS` (5) collections;
 * - the line rises, explains at least half the spread (R² ≥ 0.5), and rises over the
 *   collections by at least a tenth of the heap.
 *
 * The growth's holders are the objects allocated after the first collection that survived a
 * collection before the failing request and are still held, grouped by size class (requested
 * bytes, powers of two); the groups with a tenth of those bytes or more are named, at most 3,
 * most bytes first, each with the mark label under which at least half its objects were
 * allocated, if there is one. The slope per mark is the slope times the median number of events
 * between marks.
 */
import type { AccumulationHolder, Detected, DiagnosedFailure } from './diagnosis.js';
import type { Recording } from './recording.js';
import { risingLine } from './rising-line.js';
import { quantile } from './trend.js';
import { listed } from './wording.js';
import { plural } from '@heaplab/core';

const MIN_COLLECTIONS = 5;
const HOLDER_SHARE = 1 / 10;
const MAX_HOLDERS = 3;

/** The cause, or null when live bytes after collections do not creep upward. */
export function accumulation(recording: Recording, failure: DiagnosedFailure): Detected | null {
  const { events, usedBytes } = recording.collections;
  const n = events.length;
  if (n < MIN_COLLECTIONS) return null;
  const line = risingLine(events, usedBytes, failure.heapBytes);
  if (line === null) return null;
  const { riseBytes, fullAt: fullAtEvent } = line;
  const fromEvent = events[0]!;
  const toEvent = events[n - 1]!;
  const slopePerKiloEvent = Math.round(line.slope * 1000);
  const perMark = markSpacing(recording);
  const { holders, allocations } = growthHolders(recording, fromEvent);
  const heldBy =
    holders.length === 0
      ? ''
      : `; the growth is held mostly by ${listed(holders.map((h) => `${plural(h.objects, 'object')} of ${sizeRange(h)}${h.mark === undefined ? '' : ` from "${h.mark}"`} (${plural(h.bytes, 'byte')})`))}`;
  return {
    kind: 'accumulation',
    summary:
      `Live bytes after each collection rose from ${usedBytes[0]} to ${usedBytes[n - 1]} over ${n} collections (events ${fromEvent} to ${toEvent}), ` +
      `${plural(slopePerKiloEvent, 'byte')} per 1000 events${heldBy}; at that rate the heap is full at event ${fullAtEvent}.`,
    evidence: {
      collections: n,
      fromEvent,
      toEvent,
      firstLiveBytes: usedBytes[0]!,
      lastLiveBytes: usedBytes[n - 1]!,
      slopePerKiloEvent,
      ...(perMark === null ? {} : { slopePerMark: Math.round(line.slope * perMark) }),
      fit: Math.round(line.r2 * 100) / 100,
      riseBytes,
      fullAtEvent,
      holders,
    },
    allocations,
  };
}

/** The median number of events between consecutive marks before the failure, or null with fewer than 2 marks. */
function markSpacing(recording: Recording): number | null {
  const marks = recording.marks.marks.filter((m) => m.event < recording.failure.event);
  if (marks.length < 2) return null;
  return quantile(
    marks.slice(1).map((m, i) => m.event - marks[i]!.event),
    0.5,
  );
}

/**
 * The held objects allocated after `fromEvent` that survived a collection before the failing
 * request, by size class, and the events that allocated the named groups' objects.
 */
function growthHolders(recording: Recording, fromEvent: number): { holders: AccumulationHolder[]; allocations: number[] } {
  const { objects, marks } = recording;
  const bpb = recording.config.blockBytes;
  const earlier = recording.collections.events.filter((e) => e < recording.failure.event);
  const survived = earlier.length === 0 ? fromEvent : earlier[earlier.length - 1]!;
  const groups = new Map<number, { objects: number; bytes: number; marks: Map<number, number>; born: number[] }>();
  let total = 0;
  for (let s = 0; s < objects.count; s++) {
    const born = objects.born(s);
    if (!objects.alive(s) || objects.end(s) !== 0 || born <= fromEvent || born >= survived) continue;
    let maxBytes = 1;
    while (maxBytes < objects.bytes(s)) maxBytes *= 2;
    const group = groups.get(maxBytes) ?? { objects: 0, bytes: 0, marks: new Map<number, number>(), born: [] };
    group.objects++;
    group.born.push(born);
    group.bytes += objects.blocks(s) * bpb;
    group.marks.set(objects.mark(s), (group.marks.get(objects.mark(s)) ?? 0) + 1);
    total += objects.blocks(s) * bpb;
    groups.set(maxBytes, group);
  }
  const named = [...groups.entries()]
    .filter(([, g]) => g.bytes >= HOLDER_SHARE * total)
    .sort(([aMax, a], [bMax, b]) => b.bytes - a.bytes || aMax - bMax)
    .slice(0, MAX_HOLDERS);
  const holders = named.map(([maxBytes, g]) => {
    const holder = { minBytes: maxBytes === 1 ? 1 : maxBytes / 2 + 1, maxBytes, objects: g.objects, bytes: g.bytes };
    const [mark, count] = [...g.marks.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    const label = marks.label(mark);
    return label !== null && count * 2 >= g.objects ? { ...holder, mark: label } : holder;
  });
  return { holders, allocations: named.flatMap(([, g]) => g.born).sort((a, b) => a - b) };
}

function sizeRange(holder: AccumulationHolder): string {
  return holder.minBytes === holder.maxBytes ? plural(holder.minBytes, 'byte') : `${holder.minBytes}–${holder.maxBytes} bytes`;
}
