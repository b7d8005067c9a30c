/**
 * One unit of comparison work: one cell (strategy × heap layout) on one seed's event stream, or
 * on a trace's. Pure apart from reading a trace file, so it runs the same in a worker thread or
 * in the main thread, and its result depends on its input alone.
 */
import { measureRun, parseStrategySpec, smallestSafeHeap, type HeapConfigInput, type HeapEvent } from '@heaplab/core';
import { traceEvents, type InputCut } from '@heaplab/replay';
import { resolveWorkload } from '../../resolve-workload.js';

/** Where the events come from. */
export type CompareSource =
  | { readonly kind: 'workload' /** A built-in name or a spec file's path. */; readonly name: string; readonly length: number }
  | { readonly kind: 'trace'; readonly file: string; readonly mpyVersion: string };

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

export interface CompareTask {
  readonly source: CompareSource;
  /** The workload seed; null for a trace. */
  readonly seed: string | null;
  readonly cell: CompareCell;
  /** Whether to bisect for the smallest heap on which the stream never fails. */
  readonly safeHeap: boolean;
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
   * stream, its line in a trace (see `positionOf`).
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

/** An event stream and the heap it was made for. */
export interface EventStream {
  readonly config: HeapConfigInput;
  readonly events: readonly HeapEvent[];
  /** A trace's: the line of each event, and the trace's length in lines. */
  readonly lines?: Int32Array;
  readonly lineCount?: number;
  /** A trace cut short: where (its events are those before the cut). */
  readonly truncated?: InputCut | null;
}

/**
 * How a source counts time: a workload by its events, a trace by its lines. A trace's
 * what-if stream has events of its own (each swept object is dropped by one), which are
 * neither `heaplab replay`'s events nor anything the user can find in the file; its lines are.
 */
export type Position = 'event' | 'line';

/** How `source` counts time. */
export function positionOf(source: CompareSource): Position {
  return source.kind === 'trace' ? 'line' : 'event';
}

/**
 * The stream a task runs on. Tasks come seed by seed, so the thread keeps the last stream it
 * made (or read) for the next cell of the same seed.
 */
let last: { key: string; stream: Promise<EventStream> } | null = null;

/** The events of a source for a seed (a trace ignores the seed). */
export function streamOf(source: CompareSource, seed: string | null): Promise<EventStream> {
  const key = JSON.stringify([source, seed]);
  if (last?.key !== key) last = { key, stream: makeStream(source, seed) };
  return last.stream;
}

async function makeStream(source: CompareSource, seed: string | null): Promise<EventStream> {
  if (source.kind === 'trace') return traceEvents(source.file, { mpyVersion: source.mpyVersion });
  const workload = await resolveWorkload(source.name);
  return { config: workload.heap, events: workload.generate(seed ?? '', source.length).events };
}

/** The configuration of a cell on a stream's heap. */
export function cellConfig(base: HeapConfigInput, cell: CompareCell): HeapConfigInput {
  if (cell.layout === null) return { ...base, ...parseStrategySpec(cell.strategy) };
  const { heap } = cell.layout;
  return { ...base, ...heap, splitHeap: (heap.areas?.length ?? 1) > 1, ...parseStrategySpec(cell.strategy) };
}

/** Runs a task's cell on its stream. */
export async function runCompareTask(task: CompareTask): Promise<CellResult> {
  const { config: base, events, lines } = await streamOf(task.source, task.seed);
  const config = cellConfig(base, task.cell);
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
    ...(task.safeHeap ? { safeHeapBytes: smallestSafeHeap(config, events)?.usableBytes ?? null } : {}),
  };
}
