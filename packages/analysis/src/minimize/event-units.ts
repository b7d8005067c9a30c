/**
 * Cutting an event list into units that can be dropped together: an object's allocation with
 * every event about it (frees, reallocs, root changes, the references it holds), and each
 * global event (a collection, a threshold, enable/disable, lock/unlock) on its own.
 * Rebuilding from a set of units drops whatever refers to an object that is gone.
 */
import type { HeapEvent, ObjectId } from '@heaplab/core';

/** A unit: the indices of its events in the original list. */
export type Unit = readonly number[];

/** The units of `events`, ordered by their first event. */
export function eventUnits(events: readonly HeapEvent[]): Unit[] {
  const byObject = new Map<ObjectId, number[]>();
  const units: number[][] = [];
  events.forEach((event, index) => {
    const owner = ownerOf(event);
    if (owner === null) {
      units.push([index]);
      return;
    }
    let unit = byObject.get(owner);
    if (unit === undefined || event.op === 'alloc') {
      // An id reused after its object died starts a new unit.
      unit = [];
      byObject.set(owner, unit);
      units.push(unit);
    }
    unit.push(index);
  });
  return units;
}

/** The events of the kept units, in their original order, without references to dropped objects. */
export function eventsOf(events: readonly HeapEvent[], units: readonly Unit[]): HeapEvent[] {
  const kept = new Uint8Array(events.length);
  for (const unit of units) for (const index of unit) kept[index] = 1;
  const allocated = new Set<ObjectId>();
  const out: HeapEvent[] = [];
  events.forEach((event, index) => {
    if (kept[index] === 0) return;
    if (event.op === 'alloc') allocated.add(event.id);
    const rebuilt = withoutDropped(event, allocated);
    if (rebuilt !== null) out.push(rebuilt);
  });
  return out;
}

function ownerOf(event: HeapEvent): ObjectId | null {
  switch (event.op) {
    case 'alloc':
    case 'free':
    case 'realloc':
    case 'root':
    case 'unroot':
      return event.id;
    case 'ref':
    case 'unref':
      return event.from;
    default:
      return null;
  }
}

/** The event with dropped objects left out of it, or null when it is about one. */
function withoutDropped(event: HeapEvent, allocated: ReadonlySet<ObjectId>): HeapEvent | null {
  switch (event.op) {
    case 'ref':
    case 'unref':
      return allocated.has(event.to) ? event : null;
    case 'alloc':
    case 'realloc':
      return event.sweep === undefined ? event : { ...event, sweep: event.sweep.filter((id) => allocated.has(id)) };
    case 'collect':
      return event.freed === undefined ? event : { ...event, freed: event.freed.filter((id) => allocated.has(id)) };
    default:
      return event;
  }
}
