/**
 * The device's live objects as the trace's lines have told them so far: each one's engine id,
 * its length in blocks with the line that gave it, and the blocks it holds. It is the device's
 * heap, not the engine's: a line that names an object by another length than its own, or places
 * one on blocks another holds, is caught against it, whatever the engine made of the lines before.
 *
 * Block states, per area, as gc.c's allocation table has them: FREE, HEAD, TAIL. A table grows
 * to the highest block a line has placed (never past the area: `checkPossible` comes first).
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
  /** By head: area × 2^32 + block. */
  private readonly heads = new Map<number, DeviceObject>();
  /** Each area's block states (FREE past the end). */
  private tables: Uint8Array[] = [];

  /** The live object whose head is at `block` of `area`, if any. */
  at(area: number, block: number): DeviceObject | undefined {
    return this.heads.get(key(area, block));
  }

  /**
   * The first live object (in address order) that holds one of the `blocks` blocks from `block`
   * of `area`, with its head block; null when they are all free.
   */
  overlap(area: number, block: number, blocks: number): (DeviceObject & { readonly block: number }) | null {
    const table = this.tables[area];
    if (table === undefined) return null;
    const end = Math.min(block + blocks, table.length);
    for (let i = block; i < end; i++) {
      if (table[i] === FREE) continue;
      let head = i;
      while (table[head] === TAIL) head--;
      return { ...this.at(area, head)!, block: head };
    }
    return null;
  }

  /** Object `id` now has its head here and is `blocks` long (line `line` says so). */
  add(area: number, block: number, blocks: number, id: ObjectId, line: number): void {
    this.heads.set(key(area, block), { id, blocks, line });
    const table = this.table(area, block + blocks);
    table[block] = HEAD;
    table.fill(TAIL, block + 1, block + blocks);
  }

  /** The object whose head is here is `blocks` long from line `line` on (a realloc in place). */
  resize(area: number, block: number, blocks: number, line: number): void {
    const object = this.at(area, block);
    if (object === undefined) return;
    this.heads.set(key(area, block), { ...object, blocks, line });
    const table = this.table(area, block + Math.max(blocks, object.blocks));
    if (blocks > object.blocks) table.fill(TAIL, block + object.blocks, block + blocks);
    else table.fill(FREE, block + blocks, block + object.blocks);
  }

  /** The object whose head is here is gone. */
  remove(area: number, block: number): void {
    const object = this.at(area, block);
    if (object === undefined) return;
    this.heads.delete(key(area, block));
    this.table(area, block + object.blocks).fill(FREE, block, block + object.blocks);
  }

  /** Every object is gone (a sync replaces the heap). */
  clear(): void {
    this.heads.clear();
    this.tables = [];
  }

  /** Area `area`'s table, at least `blocks` long. */
  private table(area: number, blocks: number): Uint8Array {
    const table = this.tables[area];
    if (table !== undefined && table.length >= blocks) return table;
    const grown = new Uint8Array(Math.max(blocks, 2 * (table?.length ?? 0), FIRST_TABLE_BLOCKS));
    if (table !== undefined) grown.set(table);
    this.tables[area] = grown;
    return grown;
  }
}

function key(area: number, block: number): number {
  return area * 2 ** 32 + block;
}
