/**
 * A heap series built while the events stream by: after each event, the free bytes, the longest
 * free run and the live bytes go into the bucket of the state they describe. Buckets hold
 * `width` consecutive states, `width` a power of two; when one more bucket would pass the cap,
 * neighbours merge in pairs (the least of their minima, the most of their maxima) and the width
 * doubles. So every event counts in its bucket, none is sampled, and the series of a run ends
 * with the narrowest power-of-two width that fits the cap, whatever its length.
 */
import { LiveTally, type HeapEvent, type HeapState, type Outcome } from '@heaplab/core';
import type { HeapSeries, SeriesRange } from './heap-series-types.js';

/** Where the builder reads the heap after each event: an engine draft, or a replay checker on one. */
export interface HeapGauge {
  /** Free blocks in all areas. */
  freeBlocks(): number;
  /** The longest run of free blocks in any one area. */
  largestFreeRun(): number;
}

/** Most buckets kept: more than any screen has pixel columns for a chart. */
export const MAX_BUCKETS = 4096;

/** Least and most per bucket of one measure, in arrays of room `cap`. */
class Extremes {
  readonly min: Float64Array;
  readonly max: Float64Array;

  constructor(cap: number) {
    this.min = new Float64Array(cap);
    this.max = new Float64Array(cap);
  }

  note(bucket: number, value: number, opened: boolean): void {
    if (opened) {
      this.min[bucket] = value;
      this.max[bucket] = value;
      return;
    }
    if (value < this.min[bucket]!) this.min[bucket] = value;
    if (value > this.max[bucket]!) this.max[bucket] = value;
  }

  /** Buckets 2i and 2i + 1 of the first `count` become bucket i. */
  halve(count: number): void {
    for (let i = 0; 2 * i < count; i++) {
      const a = 2 * i;
      const b = Math.min(a + 1, count - 1);
      this.min[i] = Math.min(this.min[a]!, this.min[b]!);
      this.max[i] = Math.max(this.max[a]!, this.max[b]!);
    }
  }

  range(count: number): SeriesRange {
    return { min: this.min.slice(0, count), max: this.max.slice(0, count) };
  }
}

export class HeapSeriesBuilder {
  private readonly tally: LiveTally;
  private readonly blockBytes: number;
  private readonly free: Extremes;
  private readonly largestRun: Extremes;
  private readonly live: Extremes;
  /** States noted so far (the state before any event is the first). */
  private states = 0;
  /** Buckets in use. */
  private count = 0;
  /** States a bucket. */
  private width = 1;

  /** A series that starts with `base`, the heap `gauge` reads now; at most `cap` buckets (at least 1). */
  constructor(
    base: HeapState,
    private readonly gauge: HeapGauge,
    private readonly cap = MAX_BUCKETS,
  ) {
    if (!Number.isSafeInteger(cap) || cap < 1) throw new RangeError(`HeapSeriesBuilder: expected room for at least 1 bucket, got ${cap}`);
    this.tally = new LiveTally(base);
    this.blockBytes = base.config.blockBytes;
    this.free = new Extremes(cap);
    this.largestRun = new Extremes(cap);
    this.live = new Extremes(cap);
    this.noteState();
  }

  /** To call after each event, with its outcome (null: the event was skipped, and changed nothing), once the gauge reads the heap after it. */
  after(event: HeapEvent, outcome: Outcome | null): void {
    if (outcome !== null) this.tally.observe(event, outcome);
    this.noteState();
  }

  /** The series of the states noted so far. */
  finish(): HeapSeries {
    const start = new Float64Array(this.count);
    for (let b = 0; b < this.count; b++) start[b] = b * this.width;
    return {
      start,
      events: this.states - 1,
      free: this.free.range(this.count),
      largestRun: this.largestRun.range(this.count),
      live: this.live.range(this.count),
    };
  }

  private noteState(): void {
    let bucket = Math.floor(this.states / this.width);
    while (bucket >= this.cap) {
      for (const measure of [this.free, this.largestRun, this.live]) measure.halve(this.count);
      this.count = Math.ceil(this.count / 2);
      this.width *= 2;
      bucket = Math.floor(this.states / this.width);
    }
    const opened = bucket === this.count;
    if (opened) this.count++;
    this.free.note(bucket, this.gauge.freeBlocks() * this.blockBytes, opened);
    this.largestRun.note(bucket, this.gauge.largestFreeRun() * this.blockBytes, opened);
    this.live.note(bucket, this.tally.liveBytes, opened);
    this.states++;
  }
}
