/**
 * How long an object of the failed heap had been there, as far as snapshots tell: a map has no
 * identities, so an object counts as the same in an earlier snapshot when that snapshot's map
 * has a head of the same letter and length at the same block of the same area (the areas laid
 * out alike). Going back from the failure's snapshot, the count stops at the first snapshot that
 * does not show it (or has no map, or other areas): the object was there at least from the
 * earliest snapshot counted. (Another object of the same size placed at the same block would be
 * taken for it; between snapshots taken close together that is rare.)
 */
import { objectsByAddress, type HeapObject, type HeapState } from '@heaplab/core';
import type { SnapshotHistory } from './snapshot-history.js';

/**
 * For each of `objects` (objects of the failure's heap, the last snapshot of `history`), the
 * position in `history.snapshots` of the earliest snapshot of the unbroken run that shows it;
 * null when no earlier snapshot can tell (none, or the one before has no map or other areas).
 */
export function firstShownAt(history: SnapshotHistory, objects: readonly HeapObject[]): number[] | null {
  const last = history.snapshots.length - 1;
  const failed = history.snapshots[last]!.state!;
  const before = history.snapshots[last - 1]?.state ?? null;
  if (before === null || !sameLayout(before, failed)) return null;
  const first = objects.map(() => last);
  const open = new Set(objects.keys());
  for (let at = last - 1; at >= 0 && open.size > 0; at--) {
    const state = history.snapshots[at]!.state;
    if (state === null || !sameLayout(state, failed)) break;
    const heads = new Map(objectsByAddress(state).map((o) => [placeKey(o), o]));
    for (const i of [...open]) {
      const object = objects[i]!;
      const earlier = heads.get(placeKey(object));
      if (earlier !== undefined && earlier.blocks === object.blocks && earlier.kind === object.kind) first[i] = at;
      else open.delete(i);
    }
  }
  return first;
}

const placeKey = (object: HeapObject): string => `${object.area}:${object.block}`;

function sameLayout(a: HeapState, b: HeapState): boolean {
  const x = a.config.areas;
  const y = b.config.areas;
  return x.length === y.length && x.every((area, i) => area.poolStart === y[i]!.poolStart && area.blocks === y[i]!.blocks);
}
