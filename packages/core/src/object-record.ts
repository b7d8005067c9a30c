/**
 * Building and changing object records. Every record is made by `objectRecord`, with its fields
 * always in the same order, so all records share one hidden class (object spreads of records are
 * several times slower than a literal, and records are made on almost every event).
 *
 * A change either makes a new record or, when the caller says the record is its own (`inPlace`:
 * the draft made it after handing out its last state, see `HeapDraft.owns`), writes the old one.
 */
import type { DumpKind, ObjectId } from './events.js';
import type { HeapObject, ObjectRef } from './state.js';

type Writable = { -readonly [K in keyof HeapObject]: HeapObject[K] };

/** A new record. */
export function objectRecord(
  id: ObjectId,
  area: number,
  block: number,
  blocks: number,
  bytes: number,
  fin: boolean,
  rooted: boolean,
  longLived: boolean,
  kind: DumpKind,
  refs: readonly ObjectRef[],
  born: number,
  serial: number,
): HeapObject {
  return { id, area, block, blocks, bytes, fin, rooted, longLived, kind, refs, born, serial };
}

/** The record at a new place or size. */
export function movedTo(o: HeapObject, area: number, block: number, blocks: number, bytes: number, inPlace: boolean): HeapObject {
  if (!inPlace) return objectRecord(o.id, area, block, blocks, bytes, o.fin, o.rooted, o.longLived, o.kind, o.refs, o.born, o.serial);
  const w = o as Writable;
  w.area = area;
  w.block = block;
  w.blocks = blocks;
  w.bytes = bytes;
  return o;
}

/** The record, rooted or not. */
export function withRooted(o: HeapObject, rooted: boolean, inPlace: boolean): HeapObject {
  if (!inPlace) return objectRecord(o.id, o.area, o.block, o.blocks, o.bytes, o.fin, rooted, o.longLived, o.kind, o.refs, o.born, o.serial);
  (o as Writable).rooted = rooted;
  return o;
}

/** The record with its finaliser flag (the head's FTB bit) set or cleared. */
export function withFin(o: HeapObject, fin: boolean, inPlace: boolean): HeapObject {
  if (!inPlace) return objectRecord(o.id, o.area, o.block, o.blocks, o.bytes, fin, o.rooted, o.longLived, o.kind, o.refs, o.born, o.serial);
  (o as Writable).fin = fin;
  return o;
}

/** A record's references when it holds none. Shared by all such records: never written. */
export const NO_REFS: readonly ObjectRef[] = [];

/**
 * The record with one more outgoing reference. In place, a record's own array grows: an array
 * with entries was made for the record since its draft handed out a state (records copied from
 * a state's record share its array, but keep its serial, so they are never changed in place).
 */
export function withRefAdded(o: HeapObject, ref: ObjectRef, inPlace: boolean): HeapObject {
  if (inPlace && o.refs.length > 0) {
    (o.refs as ObjectRef[]).push(ref);
    return o;
  }
  const refs = o.refs.slice();
  refs.push(ref);
  if (!inPlace) return objectRecord(o.id, o.area, o.block, o.blocks, o.bytes, o.fin, o.rooted, o.longLived, o.kind, refs, o.born, o.serial);
  (o as Writable).refs = refs;
  return o;
}

/** The record without its outgoing reference at `index` (changed in place as `withRefAdded`). */
export function withRefRemoved(o: HeapObject, index: number, inPlace: boolean): HeapObject {
  if (inPlace) {
    (o.refs as ObjectRef[]).splice(index, 1);
    return o;
  }
  const refs = o.refs.filter((_, i) => i !== index);
  return objectRecord(o.id, o.area, o.block, o.blocks, o.bytes, o.fin, o.rooted, o.longLived, o.kind, refs, o.born, o.serial);
}
