/** Events about objects the engine never had: it failed a request the device satisfied. */
import type { HeapEvent, ObjectId } from '@heaplab/core';

/**
 * The event without the objects the engine never had (after it failed a request the device
 * satisfied), or null when nothing of it is left to apply.
 */
export function withoutMissing(event: HeapEvent, missing: ReadonlySet<ObjectId>): HeapEvent | null {
  switch (event.op) {
    case 'free':
    case 'realloc':
    case 'root':
    case 'unroot':
      return missing.has(event.id) ? null : event;
    case 'ref':
    case 'unref':
      return missing.has(event.from) || missing.has(event.to) ? null : event;
    case 'alloc':
      return event.sweep === undefined ? event : { ...event, sweep: event.sweep.filter((id) => !missing.has(id)) };
    case 'collect':
      return event.freed === undefined ? event : { ...event, freed: event.freed.filter((id) => !missing.has(id)) };
    default:
      return event;
  }
}
