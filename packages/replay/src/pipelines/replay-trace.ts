/**
 * Replaying a trace file: read → decode → map → engine and checks → report.
 */
import { lastValueFrom } from 'rxjs';
import { replayOnEngine } from '../operators/replay-on-engine.js';
import type { ReplayReport } from '../trace/replay-checker.js';
import { traceItems, type TraceItemOptions } from './trace-items.js';

export interface ReplayOptions extends TraceItemOptions {
  /** Replay on a heap this many times larger (a what-if). Default 1. */
  readonly heapScale?: number;
}

/**
 * Replays a trace (plain or gzip): a device trace, checked against what the device recorded,
 * or an engine trace. Reports divergences, checkpoints and the first MemoryError.
 */
export async function replayTrace(file: string, options: ReplayOptions = {}): Promise<ReplayReport> {
  return lastValueFrom((await traceItems(file, options)).pipe(replayOnEngine(file, options.heapScale ?? 1)));
}
