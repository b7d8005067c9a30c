/**
 * A live object of the failed heap as the diagnosis names it: its size, where it lies, when it
 * was allocated (event and line) and how long it had lived.
 */
import type { HeapObject } from '@heaplab/core';
import type { DiagnosedObject } from './diagnosis.js';
import type { Recording } from './recording.js';

/** The object, from its record in the failed heap and the run's own log. */
export function describeObject(recording: Recording, object: HeapObject): DiagnosedObject {
  const event = recording.objects.born(object.serial);
  return {
    bytes: object.bytes,
    blocks: object.blocks,
    area: object.area,
    block: object.block,
    event,
    line: lineOf(recording, event),
    lived: recording.failure.event - event,
    mark: recording.marks.label(recording.objects.mark(object.serial)),
  };
}

/** The trace line of event `event` (from 1), or null. */
export function lineOf(recording: Recording, event: number): number | null {
  return recording.lines?.at(event - 1) ?? null;
}
