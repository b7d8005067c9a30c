/**
 * Reading a sync: the whole allocation map a recorder writes after it lost events (see
 * `recorder/firmware/README.md`). For each area in order a `sync` line, then `sync_map` lines of
 * up to 64 blocks at rising multiples of 64 (a 64-block line left out is all free), then one
 * `sync_end`. The map gives every live object's place and length; it cannot give what the
 * objects hold or which are garbage, and does not need to: the replay goes on from there.
 */
import { HeapInputError } from '@heaplab/core';
import type { HeapLine, SyncLine, SyncMapLine } from './device-event.js';

/** One live object of a sync: area, head block, length in blocks, finaliser bit. */
export interface SyncObject {
  readonly area: number;
  readonly block: number;
  readonly blocks: number;
  readonly fin: boolean;
}

/** Blocks a `sync_map` line covers (the last line of an area may be shorter). */
const BLOCKS_PER_LINE = 64;
const MAP_CHARS = /^[.=hfm]+$/;

/** Collects one sync's lines into its objects, checking them against the trace's heap lines. */
export class SyncReader {
  private readonly objects: SyncObject[] = [];
  /** The area being read (-1 before the first `sync` line) and the block after the last line read. */
  private area = -1;
  private next = 0;
  /** The object being read: its head, or null after a free block. */
  private open: { block: number; fin: boolean } | null = null;
  /** The line the sync started on. */
  readonly line: number;
  /** Set when a line of it was bad: the rest of it is skipped, up to its `sync_end`. */
  broken = false;

  constructor(
    private readonly heaps: readonly HeapLine[],
    private readonly file: string | undefined,
    line: number,
  ) {
    this.line = line;
  }

  /** A `sync` line: the next area's map begins. */
  start(event: SyncLine, line: number): void {
    const expected = this.area + 1;
    this.close(this.next);
    if (event.area !== expected) throw this.error(line, `expected area ${expected} (a sync gives every area's map, in order)`, 'area');
    const heap = this.heaps[event.area];
    if (heap === undefined)
      throw this.error(line, `the trace has ${this.heaps.length} area${this.heaps.length === 1 ? '' : 's'}; there is no area ${event.area}`, 'area');
    if (event.blocks !== heap.total_blocks)
      throw this.error(line, `area ${event.area} has ${heap.total_blocks} blocks (its heap line), not ${event.blocks}`, 'blocks');
    this.area = event.area;
    this.next = 0;
    this.open = null;
  }

  /** A `sync_map` line of the current area. */
  map(event: SyncMapLine, line: number): void {
    if (this.area < 0) throw this.error(line, 'a sync_map line before the sync line of its area', 'op');
    if (event.area !== this.area) throw this.error(line, `expected area ${this.area}, the area of the sync line before`, 'area');
    const blocks = this.heaps[this.area]!.total_blocks;
    const { block, map } = event;
    if (block % BLOCKS_PER_LINE !== 0 || block < this.next || block >= blocks) {
      throw this.error(line, `expected a multiple of 64 from ${this.next} up to ${blocks - 1}, in rising order`, 'block');
    }
    const length = Math.min(BLOCKS_PER_LINE, blocks - block);
    if (map.length !== length || !MAP_CHARS.test(map))
      throw this.error(line, `expected ${length} characters of . = h f m for blocks ${block}–${block + length - 1}`, 'map');
    // A line left out is all free: whatever was open ended before it.
    if (block > this.next) this.close(this.next);
    for (let i = 0; i < map.length; i++) {
      const ch = map[i]!;
      const at = block + i;
      if (ch === '=') {
        if (this.open === null) throw this.error(line, `block ${at} is a tail ('=') after a free block or the area's start`, 'map');
      } else {
        this.close(at);
        if (ch !== '.') this.open = { block: at, fin: ch === 'f' };
      }
    }
    this.next = block + length;
  }

  /** The `sync_end` line: every area's map has been read. Returns the objects in address order. */
  end(line: number): SyncObject[] {
    if (this.area !== this.heaps.length - 1) {
      const read = this.area < 0 ? 'no area' : `area ${this.area === 0 ? '0' : `0 to ${this.area}`}`;
      throw this.error(line, `the sync ended after ${read}; the trace has ${this.heaps.length} area${this.heaps.length === 1 ? '' : 's'}`, 'op');
    }
    this.close(this.next);
    return this.objects;
  }

  /** Ends the open object (if any) before block `end`: the blocks after the last line read are free. */
  private close(end: number): void {
    if (this.open !== null) this.objects.push({ area: this.area, block: this.open.block, blocks: end - this.open.block, fin: this.open.fin });
    this.open = null;
  }

  private error(line: number, message: string, field: string): HeapInputError {
    return new HeapInputError(`sync: ${message}`, { file: this.file, line, field });
  }
}
