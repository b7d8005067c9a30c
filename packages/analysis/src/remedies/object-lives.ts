/**
 * An object's life in a recorded stream, read from the events alone: every event that names it,
 * from the one that allocated it to the one that freed it (a `free`, a realloc to 0, or a
 * collection's list of what it swept), or to the next allocation of its id (the engine freed it
 * in a collection of its own, and the id was used again). A failed allocation's id is named by
 * later events too, which the engine rejects: they belong to that life as well.
 */
import type { HeapEvent, ObjectId } from '@heaplab/core';

/** For each allocation (recorded index, from 0) in `allocations`, the indices of the events of its object's life, in order. */
export function objectLives(events: readonly HeapEvent[], allocations: Iterable<number>): Map<number, number[]> {
  const wanted = new Set(allocations);
  const lives = new Map<number, number[]>();
  const current = new Map<ObjectId, number>();
  const mention = (id: ObjectId, index: number): void => {
    const owner = current.get(id);
    if (owner === undefined) return;
    const life = lives.get(owner)!;
    if (life[life.length - 1] !== index) life.push(index);
  };
  const end = (id: ObjectId, index: number): void => {
    mention(id, index);
    current.delete(id);
  };
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    switch (event.op) {
      case 'alloc':
        current.delete(event.id);
        for (const id of event.sweep ?? []) end(id, i);
        if (wanted.has(i)) {
          current.set(event.id, i);
          lives.set(i, [i]);
        }
        break;
      case 'free':
        end(event.id, i);
        break;
      case 'realloc':
        for (const id of event.sweep ?? []) end(id, i);
        if (event.bytes === 0) end(event.id, i);
        else mention(event.id, i);
        break;
      case 'root':
      case 'unroot':
        mention(event.id, i);
        break;
      case 'ref':
      case 'unref':
        mention(event.from, i);
        mention(event.to, i);
        break;
      case 'collect':
        for (const id of event.freed ?? []) end(id, i);
        break;
      default:
    }
  }
  return lives;
}

/** `event` without any mention of the objects in `ids`: null when it is about one of them, a copy without them in its sweep list when it lists them. */
export function withoutObjects(event: HeapEvent, ids: ReadonlySet<ObjectId>): HeapEvent | null {
  switch (event.op) {
    case 'alloc':
      if (ids.has(event.id)) return null;
      return event.sweep?.some((id) => ids.has(id)) === true ? { ...event, sweep: event.sweep.filter((id) => !ids.has(id)) } : event;
    case 'realloc':
      if (ids.has(event.id)) return null;
      return event.sweep?.some((id) => ids.has(id)) === true ? { ...event, sweep: event.sweep.filter((id) => !ids.has(id)) } : event;
    case 'free':
    case 'root':
    case 'unroot':
      return ids.has(event.id) ? null : event;
    case 'ref':
    case 'unref':
      return ids.has(event.from) || ids.has(event.to) ? null : event;
    case 'collect':
      return event.freed?.some((id) => ids.has(id)) === true ? { ...event, freed: event.freed.filter((id) => !ids.has(id)) } : event;
    default:
      return event;
  }
}

/** The recorded allocations (indices) whose object the program lets go of within the stream: freed, reallocated to 0, unrooted or unreferenced. */
export function releasedAllocations(events: readonly HeapEvent[]): Set<number> {
  const current = new Map<ObjectId, number>();
  const released = new Set<number>();
  const release = (id: ObjectId): void => {
    const owner = current.get(id);
    if (owner !== undefined) released.add(owner);
  };
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    if (event.op === 'alloc') current.set(event.id, i);
    else if (event.op === 'free' || event.op === 'unroot' || (event.op === 'realloc' && event.bytes === 0)) release(event.id);
    else if (event.op === 'unref') release(event.to);
  }
  return released;
}
