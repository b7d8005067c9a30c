/**
 * Shrinking a trace that ends in a MemoryError to a small engine trace that still does.
 *
 * A device trace is taken with its sweeps as drops (see `SweepMode`), so the reproducer is a
 * self-contained program: objects are dropped when they became garbage and the engine
 * collects when it must.
 */
import { configInput, HeapInputError, type HeapEvent } from '@heaplab/core';
import { formatEngineTrace } from '../engine-trace/engine-trace-format.js';
import { minimizeFailure } from '@heaplab/analysis';
import { buildTimeline } from './timeline.js';

export interface MinimizedTrace {
  /** The engine trace's text (header and events). */
  readonly text: string;
  readonly events: readonly HeapEvent[];
  /** Engine events up to and including the failing request, before shrinking. */
  readonly originalEvents: number;
  readonly tests: number;
  readonly complete: boolean;
  /** The failing request's size. */
  readonly bytes: number;
}

export interface MinimizeOptions {
  readonly mpyVersion?: string;
  /** Most candidate replays to try. Default 10,000. */
  readonly maxTests?: number;
  /** Called after each candidate replay with the share of the test budget used (0 to 1). */
  readonly onProgress?: (used: number) => void;
}

export async function minimizeTrace(file: string, options: MinimizeOptions = {}): Promise<MinimizedTrace> {
  const sweeps = 'drops';
  const timeline = await buildTimeline(file, { mpyVersion: options.mpyVersion, sweeps });
  const failure = timeline.report.memoryError;
  if (failure === null || !failure.reproduced)
    throw new HeapInputError('the trace has no MemoryError that the engine reproduces; there is nothing to minimise', { file });
  const events = timeline.events.slice(0, failure.event + 1);
  const result = minimizeFailure(timeline.config, events, options.maxTests, options.onProgress);
  const source = `minimised from ${file}: the request for ${failure.bytes} ${failure.bytes === 1 ? 'byte' : 'bytes'} at line ${failure.line}; ${result.events.length} of ${events.length} ${events.length === 1 ? 'event' : 'events'}`;
  return {
    text: formatEngineTrace({ config: configInput(timeline.config), source }, result.events),
    events: result.events,
    originalEvents: events.length,
    tests: result.tests,
    complete: result.complete,
    bytes: failure.bytes,
  };
}
