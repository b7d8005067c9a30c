/**
 * The heap over time, for the web page's chart and `heaplab report`'s: free bytes, the longest free run and live bytes (the bytes
 * the live objects asked for) after every event, kept as the minimum and maximum of each of at
 * most `buckets` runs of consecutive events, so a long trace is never sampled: every event counts
 * in its bucket, and a chart column shows the whole range its events went through.
 */
import { collectionOf, objectsById, openDraft, type EventSequence, type HeapState } from '@heaplab/core';

/** One measure's minimum and maximum per bucket. */
export interface SeriesRange {
  readonly min: Float64Array;
  readonly max: Float64Array;
}

/** The measures per bucket; bucket `i` holds the states after events `start[i]` to `start[i + 1] − 1`. */
export interface HeapSeries {
  /** The first event of each bucket (the state after that many events; bucket 0 starts at 0). */
  readonly start: Float64Array;
  /** Events in all: the last bucket ends with the state after `events` events. */
  readonly events: number;
  readonly free: SeriesRange;
  readonly largestRun: SeriesRange;
  readonly live: SeriesRange;
}

/** Most buckets kept: more than any screen has pixel columns for a chart. */
export const MAX_BUCKETS = 4096;

/** The series of the states after 0 … `events.length` events from `base`. */
export function heapSeries(base: HeapState, events: EventSequence, buckets = MAX_BUCKETS): HeapSeries {
  const states = events.length + 1;
  const count = Math.min(states, buckets);
  const range = (): SeriesRange => ({
    min: new Float64Array(count).fill(Number.POSITIVE_INFINITY),
    max: new Float64Array(count).fill(Number.NEGATIVE_INFINITY),
  });
  const series = { start: new Float64Array(count), events: events.length, free: range(), largestRun: range(), live: range() };
  for (let b = 0; b < count; b++) series.start[b] = Math.ceil((b * states) / count);
  const bpb = base.config.blockBytes;
  const live = new Map<number, number>();
  let liveBytes = 0;
  const forget = (id: number): void => {
    liveBytes -= live.get(id) ?? 0;
    live.delete(id);
  };
  for (const o of objectsById(base)) {
    live.set(o.id, o.bytes);
    liveBytes += o.bytes;
  }
  const draft = openDraft(base);
  let bucket = 0;
  for (let n = 0; n < states; n++) {
    if (n > 0) {
      const event = events.at(n - 1)!;
      const outcome = draft.apply(event);
      for (const o of collectionOf(outcome)?.freed ?? []) forget(o.id);
      if (outcome.kind === 'freed') forget(outcome.id);
      else if ((outcome.kind === 'placed' && event.op === 'alloc') || (outcome.kind === 'realloc' && event.op === 'realloc')) {
        forget(outcome.id);
        live.set(outcome.id, event.bytes);
        liveBytes += event.bytes;
      }
    }
    while (bucket + 1 < count && series.start[bucket + 1]! <= n) bucket++;
    note(series.free, bucket, draft.freeBlocks() * bpb);
    note(series.largestRun, bucket, draft.largestFreeRun() * bpb);
    note(series.live, bucket, liveBytes);
  }
  return series;
}

function note(range: SeriesRange, bucket: number, value: number): void {
  if (value < range.min[bucket]!) range.min[bucket] = value;
  if (value > range.max[bucket]!) range.max[bucket] = value;
}

/**
 * `series` in `columns` columns at most (one a pixel): each column the minimum and maximum of
 * the buckets it covers, at the first event of its first bucket.
 */
export function columnsOf(
  series: HeapSeries,
  columns: number,
): { readonly x: number[]; readonly ranges: readonly { readonly min: number[]; readonly max: number[] }[] } {
  const buckets = series.start.length;
  const count = Math.max(1, Math.min(buckets, Math.floor(columns)));
  const measures = [series.free, series.largestRun, series.live];
  const x: number[] = [];
  const ranges = measures.map(() => ({ min: [] as number[], max: [] as number[] }));
  for (let c = 0; c < count; c++) {
    const from = Math.floor((c * buckets) / count);
    const to = Math.floor(((c + 1) * buckets) / count);
    x.push(series.start[from]!);
    measures.forEach((measure, m) => {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let b = from; b < to; b++) {
        min = Math.min(min, measure.min[b]!);
        max = Math.max(max, measure.max[b]!);
      }
      ranges[m]!.min.push(min);
      ranges[m]!.max.push(max);
    });
  }
  return { x, ranges };
}
