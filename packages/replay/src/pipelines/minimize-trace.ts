/**
 * Shrinking a trace that ends in a MemoryError to a small engine trace that still does.
 *
 * A device trace is taken with its sweeps as drops (see `SweepMode`), so the reproducer is a
 * self-contained program: objects are dropped when they became garbage and the engine
 * collects when it must.
 */
import { configInput, HeapInputError, plural, type HeapEvent } from '@heaplab/core';
import { formatEngineTrace } from '../engine-trace/engine-trace-format.js';
import type { InputCut } from '../sources/line-batches.js';
import { minimizeFailure, type Minimized } from '@heaplab/analysis';
import { buildTimeline } from './timeline.js';

export interface MinimizedTrace {
  /** The engine trace's text (header and events). */
  readonly text: string;
  readonly events: readonly HeapEvent[];
  /** The trace line of the failed request: the reproducer stands for lines 1 to this. */
  readonly failureLine: number;
  readonly tests: number;
  readonly complete: boolean;
  /** How the reproducer was made (see `minimizeFailure`). */
  readonly method: Minimized['method'];
  /** With `layout`: the objects live at the failure and those the reproducer keeps. */
  readonly objects: Minimized['objects'];
  /** The failing request's size. */
  readonly bytes: number;
  /** Where the trace was cut short, if it was (the MemoryError came before the cut). */
  readonly truncated: InputCut | null;
}

export interface MinimizeOptions {
  readonly mpyVersion?: string;
  /** Most candidate replays to try. Default 10,000. */
  readonly maxTests?: number;
  /** Called after each candidate replay with the share of the test budget used (0 to 1). */
  readonly onProgress?: (used: number) => void;
  /** What the error at a `gap` line tells the user to do (see `TraceItemOptions.gapAdvice`). */
  readonly gapAdvice?: string;
}

export async function minimizeTrace(file: string, options: MinimizeOptions = {}): Promise<MinimizedTrace> {
  const sweeps = 'drops';
  const timeline = await buildTimeline(file, { mpyVersion: options.mpyVersion, sweeps, gapAdvice: options.gapAdvice });
  const failure = timeline.report.memoryError;
  const cut = timeline.report.truncated;
  if (failure === null || !failure.replayed || failure.reproduced === false) {
    const lost = cut === null ? '' : ` (it is cut short after line ${cut.afterLine}: a MemoryError after that was not read)`;
    throw new HeapInputError(`the trace has no MemoryError that the engine reproduces${lost}; there is nothing to minimise`, { file });
  }
  const events = timeline.events.slice(0, failure.event);
  const result = minimizeFailure(timeline.config, events, options.maxTests, options.onProgress);
  const rebuilt =
    result.objects === null ? '' : `; the heap at the failure rebuilt with ${result.objects.kept} of its ${plural(result.objects.live, 'live object')}`;
  const source = `minimised from ${file}: the request for ${plural(failure.bytes, 'byte')} at line ${failure.line}; ${plural(result.events.length, 'event')}${rebuilt}`;
  return {
    text: formatEngineTrace({ config: configInput(timeline.config), source }, result.events),
    events: result.events,
    failureLine: failure.line,
    tests: result.tests,
    complete: result.complete,
    method: result.method,
    objects: result.objects,
    bytes: failure.bytes,
    truncated: cut,
  };
}
