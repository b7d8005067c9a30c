/**
 * The replay items of a trace file, whichever kind it is: an engine trace (told by its header
 * line) or a device trace.
 */
import { from, tap, type Observable } from 'rxjs';
import { DEFAULT_MPY_VERSION, HeapInputError } from '@heaplab/core';
import { isEngineTraceHeader } from '../engine-trace/decode-engine-line.js';
import { decodeDeviceLines } from '../operators/decode-device-lines.js';
import { decodeEngineTrace } from '../operators/decode-engine-trace.js';
import { toReplaySteps, type ReplayItem } from '../operators/to-replay-steps.js';
import { readTextLines } from '../sources/read-text-lines.js';
import type { SweepMode } from '../trace/device-mapper.js';

export interface TraceItemOptions {
  /** MicroPython version of a device trace's firmware. Default `1.27`. */
  readonly mpyVersion?: string;
  /** How a device trace's collections reach the engine. Default `recorded`. */
  readonly sweeps?: SweepMode;
  /** Called as the file is read, with the share read so far (0 to 1). */
  readonly onProgress?: (read: number) => void;
  /**
   * Called for each device trace line that cannot be decoded or does not fit the heap so far;
   * the line is skipped. Without it such a line ends the replay with its error. With it, a `gap`
   * line (lost events) is not an error: the replay resynchronises at the next sync; and a last
   * line the file ends inside of is where the file was cut (a `cut` step), not an error.
   * A gzip stream that breaks off is a cut with or without it.
   */
  readonly onBadLine?: (error: HeapInputError) => void;
}

/** Whether a trace file is an engine trace (by its first line). */
export async function isEngineTrace(file: string): Promise<boolean> {
  return isEngineTraceHeader((await firstLine(file)) ?? '');
}

/** The trace's replay items. An empty file is a `HeapInputError`, as is one that cannot be read. */
export async function traceItems(file: string, options: TraceItemOptions = {}): Promise<Observable<ReplayItem>> {
  const first = await firstLine(file);
  if (first === null)
    throw new HeapInputError('the file is empty; expected a device trace (its heap lines first) or an engine trace (its header line first)', { file });
  const progress = options.onProgress;
  const read = readTextLines(file, { keepCut: true });
  const lines = progress === undefined ? from(read) : from(read).pipe(tap((batch) => progress(batch.read)));
  if (isEngineTraceHeader(first)) return lines.pipe(decodeEngineTrace(file, options.onBadLine !== undefined));
  return lines.pipe(
    decodeDeviceLines(file, options.onBadLine),
    toReplaySteps(file, options.mpyVersion ?? DEFAULT_MPY_VERSION, options.sweeps ?? 'recorded', options.onBadLine),
  );
}

/** The file's first line; null for an empty file. */
async function firstLine(file: string): Promise<string | null> {
  for await (const batch of readTextLines(file, { batchLines: 1 })) return batch.lines[0] ?? '';
  return null;
}
