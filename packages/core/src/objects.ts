/**
 * Read access to a state's live objects.
 */
import type { ObjectId } from './events.js';
import { idMapGet, idMapValues } from './id-map.js';
import type { HeapObject, HeapState } from './state.js';

/** The live object with this id, if any. O(log n). */
export function getObject(state: HeapState, id: ObjectId): HeapObject | undefined {
  return idMapGet(state.objects, id);
}

/** Every live object, in id order. */
export function objectsById(state: HeapState): HeapObject[] {
  return idMapValues(state.objects, state.objectCount).sort((a, b) => a.id - b.id);
}

/** Every live object, in address order (area, then block). */
export function objectsByAddress(state: HeapState): HeapObject[] {
  return idMapValues(state.objects, state.objectCount).sort((a, b) => a.area - b.area || a.block - b.block);
}
