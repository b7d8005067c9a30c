/**
 * `decodeDeviceLines(file)`: batches of trace lines → batches of checked device events.
 * Blank lines are skipped; anything else that is not a valid event line is an error naming
 * the file and line.
 */
import { map, type OperatorFunction } from 'rxjs';
import type { LineBatch } from '../sources/read-text-lines.js';
import { decodeDeviceLine } from '../trace/decode-device-line.js';
import type { DeviceLine } from '../trace/device-event.js';

export function decodeDeviceLines(file?: string): OperatorFunction<LineBatch, DeviceLine[]> {
  return map(({ first, lines }) => {
    const events: DeviceLine[] = [];
    for (let i = 0; i < lines.length; i++) {
      const text = lines[i]!;
      if (text.trim() === '') continue;
      events.push({ line: first + i, event: decodeDeviceLine(text, first + i, file) });
    }
    return events;
  });
}
