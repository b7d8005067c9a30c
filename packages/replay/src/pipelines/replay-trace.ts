/**
 * Replaying a trace file: read → decode → map → engine and checks → report.
 */
import { lastValueFrom } from 'rxjs';
import type { HeapState } from '@heaplab/core';
import { replayOnEngine } from '../operators/replay-on-engine.js';
import type { ReplayReport } from '../trace/replay-checker.js';
import { traceItems, type TraceItemOptions } from './trace-items.js';

export interface ReplayOptions extends TraceItemOptions {
  /**
   * Start an engine trace from this heap (e.g. one rebuilt from a device's mem_info(1) dump)
   * instead of an empty heap of the header's configuration.
   */
  readonly initial?: HeapState;
  /**
   * `--verify`: a threshold collection the trace recorded but the engine's threshold did not call
   * for counts as a divergence. Without it the engine runs it as recorded, and says nothing.
   */
  readonly verify?: boolean;
}

/**
 * Replays a trace (plain or gzip): a device trace, checked against what the device recorded,
 * or an engine trace. Reports divergences, checkpoints and the first MemoryError.
 */
export async function replayTrace(file: string, options: ReplayOptions = {}): Promise<ReplayReport> {
  const items = await traceItems(file, options);
  return lastValueFrom(items.pipe(replayOnEngine(file, options.initial, options.verify === true)));
}
