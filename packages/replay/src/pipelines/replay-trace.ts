/**
 * Replaying a device trace file: read → decode → map → engine and checks → report.
 */
import { from, lastValueFrom } from 'rxjs';
import { decodeDeviceLines } from '../operators/decode-device-lines.js';
import { replayOnEngine } from '../operators/replay-on-engine.js';
import { toReplaySteps } from '../operators/to-replay-steps.js';
import { readTextLines } from '../sources/read-text-lines.js';
import type { SweepMode } from '../trace/device-mapper.js';
import type { ReplayReport } from '../trace/replay-checker.js';

export interface ReplayOptions {
  /** MicroPython version of the firmware that wrote the trace. Default `1.27`. */
  readonly mpyVersion?: string;
  /** How recorded collections reach the engine. Default `recorded` (see `SweepMode`). */
  readonly sweeps?: SweepMode;
  /** Replay on a heap this many times larger (a what-if). Default 1. */
  readonly heapScale?: number;
}

/** Replays a device trace (plain or gzip) and reports divergences, checkpoints and any MemoryError. */
export function replayTrace(file: string, options: ReplayOptions = {}): Promise<ReplayReport> {
  return lastValueFrom(
    from(readTextLines(file)).pipe(
      decodeDeviceLines(file),
      toReplaySteps(file, options.mpyVersion ?? '1.27', options.sweeps ?? 'recorded'),
      replayOnEngine(file, options.heapScale ?? 1),
    ),
  );
}
