/**
 * Read access to a state's live objects.
 */
import type { ObjectId } from './events.js';
import { idMapForEach, idMapGet } from './id-map.js';
import type { HeapObject, HeapState } from './state.js';

/** The live object with this id, if any. O(log n). */
export function getObject(state: HeapState, id: ObjectId): HeapObject | undefined {
  return idMapGet(state.objects, id);
}

/** Every live object, in id order. */
export function objectsById(state: HeapState): HeapObject[] {
  return collect(state).sort((a, b) => a.id - b.id);
}

/** Every live object, in address order (area, then block). */
export function objectsByAddress(state: HeapState): HeapObject[] {
  return collect(state).sort((a, b) => a.area - b.area || a.block - b.block);
}

function collect(state: HeapState): HeapObject[] {
  const objects: HeapObject[] = [];
  idMapForEach(state.objects, (object) => objects.push(object));
  return objects;
}
