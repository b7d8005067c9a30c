/**
 * A heap series as JSON and back, so that `heaplab report` can embed the series its chart (the
 * web page's) draws: the same numbers, as plain arrays.
 */
import type { HeapSeries, SeriesRange } from './heap-series-types.js';

/** One measure's minimum and maximum per bucket, as plain arrays. */
export interface SeriesRangeJson {
  readonly min: readonly number[];
  readonly max: readonly number[];
}

/** A {@link HeapSeries} as `JSON.stringify` writes it and `JSON.parse` reads it back. */
export interface HeapSeriesJson {
  readonly start: readonly number[];
  readonly events: number;
  readonly free: SeriesRangeJson;
  readonly largestRun: SeriesRangeJson;
  readonly live: SeriesRangeJson;
}

/** `series` as plain data. */
export function heapSeriesJson(series: HeapSeries): HeapSeriesJson {
  const range = (r: SeriesRange): SeriesRangeJson => ({ min: [...r.min], max: [...r.max] });
  return { start: [...series.start], events: series.events, free: range(series.free), largestRun: range(series.largestRun), live: range(series.live) };
}

/** The series that {@link heapSeriesJson} gave `json` for. */
export function heapSeriesOfJson(json: HeapSeriesJson): HeapSeries {
  const range = (r: SeriesRangeJson): SeriesRange => ({ min: Float64Array.from(r.min), max: Float64Array.from(r.max) });
  return { start: Float64Array.from(json.start), events: json.events, free: range(json.free), largestRun: range(json.largestRun), live: range(json.live) };
}
