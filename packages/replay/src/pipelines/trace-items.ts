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
import type { LineBatch } from '../sources/line-batches.js';
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
  /**
   * What the error at a `gap` line (without `onBadLine`) tells the user to do: a command knows
   * what works for it. Without it the error says only that events were lost.
   */
  readonly gapAdvice?: string;
  /**
   * What the error at a last line the file ends inside of (without `onBadLine`) tells the user
   * to do. Default the CLI's: replay with --skip-bad-lines; a reader without that switch (the
   * web page) says what works for it.
   */
  readonly cutAdvice?: string;
}

/** Whether a trace file is an engine trace (by its first line). */
export async function isEngineTrace(file: string): Promise<boolean> {
  return isEngineTraceHeader((await firstLine(readTextLines(file, { batchLines: 1 }))) ?? '');
}

/** The trace's replay items. An empty file is a `HeapInputError`, as is one that cannot be read. */
export async function traceItems(file: string, options: TraceItemOptions = {}): Promise<Observable<ReplayItem>> {
  const first = await firstLine(readTextLines(file, { batchLines: 1 }));
  return traceItemsOf(file, first, readTextLines(file, { keepCut: true }), options);
}

/**
 * The replay items of a trace read elsewhere (a browser's File): `name` names it, `first` is its
 * first line (null: it is empty) and `batches` all its lines, read with `keepCut`.
 */
export function traceItemsOf(name: string, first: string | null, batches: AsyncIterable<LineBatch>, options: TraceItemOptions = {}): Observable<ReplayItem> {
  if (first === null)
    throw new HeapInputError('the file is empty; expected a device trace (its heap lines first) or an engine trace (its header line first)', { file: name });
  const progress = options.onProgress;
  const lines = progress === undefined ? from(batches) : from(batches).pipe(tap((batch) => progress(batch.read)));
  if (isEngineTraceHeader(first)) return lines.pipe(decodeEngineTrace(name, options.onBadLine !== undefined, options.cutAdvice));
  return lines.pipe(
    decodeDeviceLines(name, options.onBadLine, options.cutAdvice),
    toReplaySteps(name, options.mpyVersion ?? DEFAULT_MPY_VERSION, options.sweeps ?? 'recorded', options.onBadLine, options.gapAdvice),
  );
}

/** The first line of a text read one line a batch; null for an empty one. */
export async function firstLine(batches: AsyncIterable<LineBatch>): Promise<string | null> {
  for await (const batch of batches) return batch.lines[0] ?? '';
  return null;
}
