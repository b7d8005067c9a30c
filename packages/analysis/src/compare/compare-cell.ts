/**
 * One cell of a comparison (`heaplab compare`, the web page): one event stream under one
 * strategy on one heap layout, measured. Pure: its result depends on its input alone, so it runs
 * the same in a worker thread, a Web Worker or the main thread.
 */
import { measureRun, parseStrategySpec, smallestSafeHeap, strategyNames, type HeapConfigInput, type HeapEvent } from '@heaplab/core';

/** A heap to compare on: a layout (`--areas`) or a board's heap (`--board`), with its name. */
export interface CompareHeap {
  readonly label: string;
  readonly heap: Pick<HeapConfigInput, 'areas' | 'wordBytes'>;
}

/** One column of the comparison: a strategy spec on a heap (null: the source's own). */
export interface CompareCell {
  readonly strategy: string;
  readonly layout: CompareHeap | null;
}

/** How the free memory stood against the first failed request. */
export interface FailureFit {
  readonly requestBytes: number;
  readonly freeBytes: number;
  readonly largestFreeRunBytes: number;
  /** Share of the free bytes in runs too short for the request. */
  readonly unusableFreeIndex: number;
  /** Linux's fragmentation index for the request, 0 to 1: 0, too little memory; near 1, too cut up (see core's `requestFit`). */
  readonly fragmentationIndex: number;
}

/** What one cell did with one stream. Plain numbers, so it crosses threads and prints as JSON. */
export interface CellResult {
  readonly events: number;
  /** Requests that failed with MemoryError. */
  readonly failures: number;
  /** Events that named an object whose request had failed, skipped. */
  readonly skipped: number;
  /**
   * Where the first failed request came, or null: its event number (from 1) in a workload's
   * stream, its line in a trace (when `runCell` is given the lines).
   */
  readonly firstFailure: number | null;
  readonly collections: number;
  /** Highest external fragmentation (1 − longest free run / free) after any event. */
  readonly peakFragmentation: number;
  readonly meanFragmentation: number;
  /** Shortest longest-free-run seen, in bytes. */
  readonly minLargestFreeRunBytes: number;
  /** Internal waste when the heap held most, as a share of the bytes its objects occupied. */
  readonly internalWaste: number;
  /** Johnstone & Wilson's measures #2, #3 and #4 (see `RunMetrics`); null if nothing lived. */
  readonly jw2: number | null;
  readonly jw3: number | null;
  readonly jw4: number | null;
  /** Peak live bytes over the heap's bytes. */
  readonly peakUtilization: number;
  /** The heap at the first failure, for the size that failed; null when nothing failed. */
  readonly atFailure: FailureFit | null;
  /**
   * Usable bytes (blocks × block size) of the smallest heap found that never fails (see `smallestSafeHeap`); null when
   * none up to 64× does; absent when not asked for.
   */
  readonly safeHeapBytes?: number | null;
}

/** Every strategy, the faithful one first: what a comparison runs when none are named. */
export function defaultStrategies(): string[] {
  return ['micropython', ...strategyNames().filter((name) => name !== 'micropython')];
}

/** The configuration of a cell on a stream's heap. */
export function cellConfig(base: HeapConfigInput, cell: CompareCell): HeapConfigInput {
  if (cell.layout === null) return { ...base, ...parseStrategySpec(cell.strategy) };
  const { heap } = cell.layout;
  return { ...base, ...heap, splitHeap: (heap.areas?.length ?? 1) > 1, ...parseStrategySpec(cell.strategy) };
}

/**
 * Runs `events` on the heap `config` describes (see `cellConfig`) and measures the run. `lines`
 * (a trace's: the line of each event) makes the first failure a line; without it, an event number.
 * `safeHeap` also bisects for the smallest heap on which the stream never fails.
 */
export function runCell(config: HeapConfigInput, events: readonly HeapEvent[], lines: Int32Array | undefined, safeHeap: boolean): CellResult {
  const { metrics } = measureRun(config, events);
  const failure = metrics.firstFailure;
  return {
    events: metrics.events,
    failures: metrics.failures,
    skipped: metrics.skipped,
    firstFailure: failure === null ? null : lines === undefined ? failure.event : lines[failure.event - 1]!,
    collections: metrics.collections,
    peakFragmentation: metrics.peakFragmentation.value,
    meanFragmentation: metrics.meanFragmentation,
    minLargestFreeRunBytes: metrics.minLargestFreeRun.bytes,
    internalWaste: metrics.internalWasteAtPeak.share,
    jw2: metrics.jw2,
    jw3: metrics.jw3,
    jw4: metrics.jw4,
    peakUtilization: metrics.peakUtilization,
    atFailure:
      failure === null
        ? null
        : {
            requestBytes: failure.bytes,
            freeBytes: failure.freeBytes,
            largestFreeRunBytes: failure.largestFreeRunBytes,
            unusableFreeIndex: failure.unusableFreeIndex,
            fragmentationIndex: failure.fragmentationIndex,
          },
    ...(safeHeap ? { safeHeapBytes: smallestSafeHeap(config, events, { below: true })?.usableBytes ?? null } : {}),
  };
}
