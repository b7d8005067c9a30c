/**
 * The heap over time, for the web page's chart and `heaplab report`'s: free bytes, the longest free run and live bytes (the bytes
 * the live objects asked for) after every event, kept as the minimum and maximum of each of at
 * most `buckets` runs of consecutive events (built by `HeapSeriesBuilder`), so a long trace is never sampled: every event counts
 * in its bucket, and a chart column shows the whole range its events went through.
 */
import { openDraft, type EventSequence, type HeapState } from '@heaplab/core';
import { HeapSeriesBuilder, MAX_BUCKETS } from './heap-series-builder.js';
import type { HeapSeries, SeriesRange } from './heap-series-types.js';

/** The series of the states after 0 … `events.length` events from `base`, in at most `buckets` buckets (see `HeapSeriesBuilder`). */
export function heapSeries(base: HeapState, events: EventSequence, buckets = MAX_BUCKETS): HeapSeries {
  const draft = openDraft(base);
  const builder = new HeapSeriesBuilder(base, draft, buckets);
  for (let n = 0; n < events.length; n++) {
    const event = events.at(n)!;
    builder.after(event, draft.apply(event));
  }
  return builder.finish();
}

/**
 * `series` in `buckets` buckets at most: each the least of the minima and the most of the maxima
 * of the buckets it covers (as evenly as they divide), starting at the first event of its first.
 */
export function coarsened(series: HeapSeries, buckets: number): HeapSeries {
  const fine = series.start.length;
  const count = Math.max(1, Math.min(fine, Math.floor(buckets)));
  const start = new Float64Array(count);
  const range = (): SeriesRange => ({ min: new Float64Array(count), max: new Float64Array(count) });
  const result = { start, events: series.events, free: range(), largestRun: range(), live: range() };
  const pairs = [
    [series.free, result.free],
    [series.largestRun, result.largestRun],
    [series.live, result.live],
  ] as const;
  for (let c = 0; c < count; c++) {
    const from = Math.floor((c * fine) / count);
    const to = Math.floor(((c + 1) * fine) / count);
    start[c] = series.start[from]!;
    for (const [measure, into] of pairs) {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let b = from; b < to; b++) {
        if (measure.min[b]! < min) min = measure.min[b]!;
        if (measure.max[b]! > max) max = measure.max[b]!;
      }
      into.min[c] = min;
      into.max[c] = max;
    }
  }
  return result;
}

/**
 * `series` in `columns` columns at most (one a pixel): each column the minimum and maximum of
 * the buckets it covers, at the first event of its first bucket.
 */
export function columnsOf(
  series: HeapSeries,
  columns: number,
): { readonly x: number[]; readonly ranges: readonly { readonly min: number[]; readonly max: number[] }[] } {
  const shown = coarsened(series, columns);
  const x = Array.from(shown.start);
  const ranges = [shown.free, shown.largestRun, shown.live].map((r) => ({ min: Array.from(r.min), max: Array.from(r.max) }));
  return { x, ranges };
}
