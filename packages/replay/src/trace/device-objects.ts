/**
 * The device's live objects as the trace's lines have told them so far: each one's engine id,
 * and its length in blocks with the line that gave it. It is the device's heap, not the
 * engine's: a line that names an object by another length than its own is caught against it,
 * whatever the engine made of the lines before.
 */
import type { ObjectId } from '@heaplab/core';

/** A live object: its engine id, its length in blocks, and the trace line that gave that length. */
export interface DeviceObject {
  readonly id: ObjectId;
  readonly blocks: number;
  readonly line: number;
}

export class DeviceObjects {
  /** By head: area × 2^32 + block. */
  private readonly heads = new Map<number, DeviceObject>();

  /** The live object whose head is at `block` of `area`, if any. */
  at(area: number, block: number): DeviceObject | undefined {
    return this.heads.get(key(area, block));
  }

  /** Object `id` now has its head here and is `blocks` long (line `line` says so). */
  add(area: number, block: number, blocks: number, id: ObjectId, line: number): void {
    this.heads.set(key(area, block), { id, blocks, line });
  }

  /** The object whose head is here is `blocks` long from line `line` on (a realloc in place). */
  resize(area: number, block: number, blocks: number, line: number): void {
    const object = this.at(area, block);
    if (object !== undefined) this.heads.set(key(area, block), { ...object, blocks, line });
  }

  /** The object whose head is here is gone. */
  remove(area: number, block: number): void {
    this.heads.delete(key(area, block));
  }

  /** Every object is gone (a sync replaces the heap). */
  clear(): void {
    this.heads.clear();
  }
}

function key(area: number, block: number): number {
  return area * 2 ** 32 + block;
}
