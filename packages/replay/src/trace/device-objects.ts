/**
 * The device's live objects as the trace's lines have told them so far: each one's engine id,
 * its length in blocks with the line that gave it, and the blocks it holds. It is the device's
 * heap, not the engine's: a line that names an object by another length than its own, or places
 * one on blocks another holds, is caught against it, whatever the engine made of the lines before.
 *
 * Block states, per area, as gc.c's allocation table has them: FREE, HEAD, TAIL; and at each head
 * the object's id, length and line, in typed arrays beside them (no record or map entry per
 * object: a replay places millions). An area's arrays grow to the highest block a line has placed
 * (never past the area: `checkPossible` comes first).
 */
import type { ObjectId } from '@heaplab/core';

/** A live object: its engine id, its length in blocks, and the trace line that gave that length. */
export interface DeviceObject {
  readonly id: ObjectId;
  readonly blocks: number;
  readonly line: number;
}

const FREE = 0;
const HEAD = 1;
const TAIL = 2;

/** Blocks a table starts with; it doubles (at least) when a line places past its end. */
const FIRST_TABLE_BLOCKS = 1024;

export class DeviceObjects {
  private areas: AreaObjects[] = [];

  /** The live object whose head is at `block` of `area`, if any. */
  at(area: number, block: number): DeviceObject | undefined {
    const objects = this.areas[area];
    if (objects === undefined || block >= objects.kinds.length || objects.kinds[block] !== HEAD) return undefined;
    return { id: objects.ids[block]!, blocks: objects.lengths[block]!, line: objects.lines[block]! };
  }

  /**
   * The first live object (in address order) that holds one of the `blocks` blocks from `block`
   * of `area`, with its head block; null when they are all free.
   */
  overlap(area: number, block: number, blocks: number): (DeviceObject & { readonly block: number }) | null {
    const kinds = this.areas[area]?.kinds;
    if (kinds === undefined) return null;
    const end = Math.min(block + blocks, kinds.length);
    for (let i = block; i < end; i++) {
      if (kinds[i] === FREE) continue;
      let head = i;
      while (kinds[head] === TAIL) head--;
      return { ...this.at(area, head)!, block: head };
    }
    return null;
  }

  /** Object `id` now has its head here and is `blocks` long (line `line` says so). */
  add(area: number, block: number, blocks: number, id: ObjectId, line: number): void {
    const objects = this.room(area, block + blocks);
    objects.kinds[block] = HEAD;
    objects.kinds.fill(TAIL, block + 1, block + blocks);
    objects.ids[block] = id;
    objects.lengths[block] = blocks;
    objects.lines[block] = line;
  }

  /** The object whose head is here is `blocks` long from line `line` on (a realloc in place). */
  resize(area: number, block: number, blocks: number, line: number): void {
    const object = this.at(area, block);
    if (object === undefined) return;
    const objects = this.room(area, block + Math.max(blocks, object.blocks));
    if (blocks > object.blocks) objects.kinds.fill(TAIL, block + object.blocks, block + blocks);
    else objects.kinds.fill(FREE, block + blocks, block + object.blocks);
    objects.lengths[block] = blocks;
    objects.lines[block] = line;
  }

  /** The object whose head is here is gone. */
  remove(area: number, block: number): void {
    const object = this.at(area, block);
    if (object === undefined) return;
    this.areas[area]!.kinds.fill(FREE, block, block + object.blocks);
  }

  /** Every object is gone (a sync replaces the heap). */
  clear(): void {
    this.areas = [];
  }

  /** Area `area`'s arrays, at least `blocks` long. */
  private room(area: number, blocks: number): AreaObjects {
    const objects = this.areas[area];
    if (objects !== undefined && objects.kinds.length >= blocks) return objects;
    const grown = new AreaObjects(Math.max(blocks, 2 * (objects?.kinds.length ?? 0), FIRST_TABLE_BLOCKS));
    if (objects !== undefined) grown.copy(objects);
    this.areas[area] = grown;
    return grown;
  }
}

/** One area's block states, and at each head its object's id, length and line. */
class AreaObjects {
  readonly kinds: Uint8Array;
  readonly ids: Float64Array;
  readonly lengths: Int32Array;
  readonly lines: Float64Array;

  constructor(blocks: number) {
    this.kinds = new Uint8Array(blocks);
    this.ids = new Float64Array(blocks);
    this.lengths = new Int32Array(blocks);
    this.lines = new Float64Array(blocks);
  }

  copy(from: AreaObjects): void {
    this.kinds.set(from.kinds);
    this.ids.set(from.ids);
    this.lengths.set(from.lengths);
    this.lines.set(from.lines);
  }
}
