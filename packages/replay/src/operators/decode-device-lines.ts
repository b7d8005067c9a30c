/**
 * `decodeDeviceLines(file)`: batches of trace lines → batches of checked device events.
 * Blank lines are skipped; anything else that is not a valid event line is an error naming
 * the file and line. A file cut short (see `readTextLines`) says so in its last batch.
 *
 * Lines in the firmware's exact shape are decoded from their bytes (`decodeKnownLine`); only
 * the others are made into strings for the full parser (`decodeDeviceLine`).
 */
import { map, type OperatorFunction } from 'rxjs';
import { HeapInputError } from '@heaplab/core';
import type { InputCut, LineBatch } from '../sources/line-batches.js';
import { decodeDeviceLine } from '../trace/decode-device-line.js';
import type { DeviceLine } from '../trace/device-event.js';
import { decodeKnownLine } from '../trace/decode-known-line.js';
import { isUnendedLast, unendedCut, unendedLineError } from './unended-line.js';

/** Decoded lines; on the last batch of a file cut short, where it was cut (else null). */
export interface DeviceBatch {
  readonly lines: readonly DeviceLine[];
  readonly cut: InputCut | null;
  /** The lines of the batch handed to `onBadLine` and skipped, in order (see `DeviceMapper.distrust`); none when absent. */
  readonly skipped?: readonly number[];
}

/**
 * Decodes each batch of lines (`file` names the file in errors). With `onBadLine`, a line that
 * cannot be decoded is handed to it and skipped instead of ending the replay, and a last line
 * the file ends inside of is read as where the file was cut; without, such a last line's error
 * says what to do (`cutAdvice`, default the CLI's; see `unendedLineError`).
 */
export function decodeDeviceLines(file?: string, onBadLine?: (error: HeapInputError) => void, cutAdvice?: string): OperatorFunction<LineBatch, DeviceBatch> {
  return map((batch) => {
    const { first, bytes, starts, ends } = batch;
    const events: DeviceLine[] = [];
    const skipped: number[] = [];
    let cut = batch.cut ?? null;
    for (let i = 0; i < starts.length; i++) {
      const line = first + i;
      const event = decodeKnownLine(bytes, starts[i]!, ends[i]!);
      if (event !== null) {
        events.push({ line, event });
        continue;
      }
      const text = batch.lines[i]!;
      if (text.trim() === '') continue;
      try {
        events.push({ line, event: decodeDeviceLine(text, line, file) });
      } catch (error) {
        if (!(error instanceof HeapInputError)) throw error;
        if (isUnendedLast(batch, i)) {
          if (onBadLine === undefined) throw unendedLineError(error, cutAdvice);
          cut = unendedCut(line);
        } else if (onBadLine === undefined) throw error;
        else {
          onBadLine(error);
          skipped.push(line);
        }
      }
    }
    return { lines: events, cut, skipped };
  });
}
