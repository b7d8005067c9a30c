/**
 * `decodeDeviceLines(file)`: batches of trace lines → batches of checked device events.
 * Blank lines are skipped; anything else that is not a valid event line is an error naming
 * the file and line.
 *
 * Lines in the firmware's exact shape are decoded from their bytes (`decodeKnownLine`); only
 * the others are made into strings for the full parser (`decodeDeviceLine`).
 */
import { map, type OperatorFunction } from 'rxjs';
import { HeapInputError } from '@heaplab/core';
import type { LineBatch } from '../sources/read-text-lines.js';
import { decodeDeviceLine } from '../trace/decode-device-line.js';
import type { DeviceLine } from '../trace/device-event.js';
import { decodeKnownLine } from '../trace/decode-known-line.js';

/**
 * Decodes each batch of lines (`file` names the file in errors). With `onBadLine`, a line that
 * cannot be decoded is handed to it and skipped instead of ending the replay.
 */
export function decodeDeviceLines(file?: string, onBadLine?: (error: HeapInputError) => void): OperatorFunction<LineBatch, DeviceLine[]> {
  return map((batch) => {
    const { first, bytes, starts, ends } = batch;
    const events: DeviceLine[] = [];
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
        if (onBadLine === undefined || !(error instanceof HeapInputError)) throw error;
        onBadLine(error);
      }
    }
    return events;
  });
}
