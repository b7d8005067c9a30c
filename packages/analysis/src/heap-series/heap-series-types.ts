/** What a heap series is: the least and most of each measure per bucket of consecutive events (`heapSeries`, `HeapSeriesBuilder`). */

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
