/**
 * One unit of comparison work: one cell (strategy × heap layout) on one seed's event stream, or
 * on a trace's. Pure apart from reading a trace file, so it runs the same in a worker thread or
 * in the main thread, and its result depends on its input alone.
 */
import { cellConfig, formatAreaList, runCell, type CellResult, type CompareCell } from '@heaplab/analysis';
import type { HeapConfigInput, HeapEvent } from '@heaplab/core';
import type { InputCut } from '@heaplab/replay';
import { resolveWorkload } from '../../resolve-workload.js';

/** Where the events come from. */
export type CompareSource =
  | { readonly kind: 'workload' /** A built-in name or a spec file's path. */; readonly name: string; readonly length: number }
  | {
      readonly kind: 'trace';
      readonly file: string;
      readonly mpyVersion: string;
      /** What the error at a `gap` line tells the user to do (see `gapAdvice`). */
      readonly gapAdvice: string;
    };

export interface CompareTask {
  readonly source: CompareSource;
  /** The workload seed; null for a trace. */
  readonly seed: string | null;
  readonly cell: CompareCell;
  /** Whether to bisect for the smallest heap on which the stream never fails. */
  readonly safeHeap: boolean;
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
  if (source.kind === 'trace') {
    // The trace readers (and RxJS) load only for a trace: a workload's threads never need them.
    const { traceEvents } = await import('./trace-stream.js');
    return traceEvents(source.file, { mpyVersion: source.mpyVersion, gapAdvice: source.gapAdvice });
  }
  const workload = await resolveWorkload(source.name);
  return { config: workload.heap, events: workload.generate(seed ?? '', source.length).events };
}

/** The heap a stream runs on, named as a comparison's layout column names it when no layout is chosen. */
export function recordedLayout(stream: EventStream): string {
  return formatAreaList(stream.config.areas ?? [{ bytes: 65536 }]);
}

/** Runs a task's cell on its stream. */
export async function runCompareTask(task: CompareTask): Promise<CellResult> {
  const { config, events, lines } = await streamOf(task.source, task.seed);
  return runCell(cellConfig(config, task.cell), events, lines, task.safeHeap);
}
