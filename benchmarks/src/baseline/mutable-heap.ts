/**
 * The mutable-bitmap floor (issue 16): the fastest plain engine for the engine-churn stream that
 * this benchmark's author could write, to measure heaplab's engine against. Everything is
 * mutable and flat: one byte per block (FREE, HEAD or TAIL, as gc.c's ATB holds two bits), a bit
 * per block that is set when it is free, the id of the object at each head, and the objects'
 * fields in typed arrays indexed by id. First fit reads the free bits 32 at a time from the lowest
 * free block, skipping words with none; a collection marks from the roots through the
 * references with a stack of head blocks, then sweeps the table from block 0, as gc.c does.
 * There are no states to keep, no outcomes made and no checks of the events.
 *
 * It follows MicroPython's rules as far as the engine-churn stream needs them (one area; threshold
 * and on-failure collections; realloc shrinking, growing in place or moving; references that
 * outlive their target are ignored) and places every object where heaplab does: the benchmark's
 * test replays the whole stream through both.
 */
import type { HeapEvent } from '@heaplab/core';

const FREE = 0;
const HEAD = 1;
const TAIL = 2;

/** What the last event did, for the test to compare with heaplab's outcomes. */
export type FloorKind = 'placed' | 'moved' | 'grown' | 'same' | 'failed' | 'other';

/** A mutable heap of one area of `blocks` blocks of `blockBytes` bytes. */
export class MutableHeap {
  private readonly atb: Uint8Array;
  /** Bit b % 32 of word b >> 5 is set when block b is free. */
  private readonly free: Uint32Array;
  /** The id of the object whose head is at each block (meaningful at heads only). */
  private readonly headId: Int32Array;
  /** Marks of a collection, by head block; all clear between collections. */
  private readonly marked: Uint8Array;
  private readonly stack: Int32Array;
  /** No block below this one is free. */
  private lowestFree = 0;
  private block = new Int32Array(1024);
  private size = new Int32Array(1024);
  private flags = new Uint8Array(1024);
  private refs: (number[] | null)[] = [];
  private thresholdBlocks = -1;
  private allocAmount = 0;
  /** What the last `apply` did, and where the object it placed, moved or changed lies. */
  kind: FloorKind = 'other';
  at = -1;

  constructor(
    private readonly blocks: number,
    private readonly blockBytes: number,
  ) {
    this.atb = new Uint8Array(blocks);
    this.free = new Uint32Array((blocks + 31) >> 5);
    this.setFree(0, blocks, true);
    this.headId = new Int32Array(blocks);
    this.marked = new Uint8Array(blocks);
    this.stack = new Int32Array(blocks);
  }

  /** Applies one event in place. */
  apply(event: HeapEvent): void {
    this.kind = 'other';
    switch (event.op) {
      case 'alloc': {
        const n = Math.ceil(event.bytes / this.blockBytes);
        if (n === 0) return;
        const at = this.allocate(n, -1);
        if (at < 0) {
          this.kind = 'failed';
          return;
        }
        this.ensure(event.id);
        this.block[event.id] = at;
        this.size[event.id] = n;
        this.flags[event.id] = ALIVE | (event.root === false ? 0 : ROOTED);
        this.refs[event.id] = null;
        this.headId[at] = event.id;
        this.done('placed', at);
        return;
      }
      case 'free':
        if (this.alive(event.id)) this.release(event.id);
        return;
      case 'realloc':
        if (this.alive(event.id)) this.reallocate(event.id, Math.ceil(event.bytes / this.blockBytes), event.move === true);
        return;
      case 'root':
      case 'unroot':
        if (this.alive(event.id)) this.flags[event.id] = event.op === 'root' ? this.flags[event.id]! | ROOTED : this.flags[event.id]! & ~ROOTED;
        return;
      case 'ref': {
        if (!this.alive(event.from)) return;
        const held = this.refs[event.from];
        if (held === null || held === undefined) this.refs[event.from] = [event.to];
        else held.push(event.to);
        return;
      }
      case 'unref': {
        const held = this.alive(event.from) ? this.refs[event.from] : null;
        const at = held?.indexOf(event.to) ?? -1;
        if (at >= 0) held!.splice(at, 1);
        return;
      }
      case 'collect':
        this.collect(-1);
        return;
      case 'threshold':
        this.thresholdBlocks = event.bytes < 0 ? -1 : Math.floor(event.bytes / this.blockBytes);
        return;
      default:
        return;
    }
  }

  private done(kind: FloorKind, at: number): void {
    this.kind = kind;
    this.at = at;
  }

  private alive(id: number): boolean {
    return id < this.flags.length && (this.flags[id]! & ALIVE) !== 0;
  }

  /** Makes the object arrays long enough for `id`. */
  private ensure(id: number): void {
    if (id < this.flags.length) return;
    let length = this.flags.length;
    while (length <= id) length *= 2;
    const grow = <T extends Int32Array | Uint8Array>(old: T, made: T): T => {
      made.set(old);
      return made;
    };
    this.block = grow(this.block, new Int32Array(length));
    this.size = grow(this.size, new Int32Array(length));
    this.flags = grow(this.flags, new Uint8Array(length));
  }

  private reallocate(id: number, want: number, move: boolean): void {
    if (want === 0) {
      this.release(id);
      return;
    }
    const block = this.block[id]!;
    const have = this.size[id]!;
    if (want <= have) {
      this.setRun(block + want, have - want, FREE);
      this.size[id] = want;
      this.done('same', block);
      return;
    }
    const end = block + have;
    let room = 0;
    while (room < want - have && end + room < this.blocks && this.atb[end + room] === FREE) room++;
    if (room === want - have) {
      this.setRun(end, room, TAIL);
      this.size[id] = want;
      this.done('grown', block);
      return;
    }
    if (!move) {
      this.kind = 'failed';
      return;
    }
    const to = this.allocate(want, id);
    if (to < 0) {
      this.kind = 'failed';
      return;
    }
    this.setRun(this.block[id]!, this.size[id]!, FREE);
    this.block[id] = to;
    this.size[id] = want;
    this.headId[to] = id;
    this.done('moved', to);
  }

  private release(id: number): void {
    this.setRun(this.block[id]!, this.size[id]!, FREE);
    this.flags[id] = 0;
  }

  /** `gc_alloc`: a collection first when the threshold is reached, and one more before failing. */
  private allocate(n: number, pinned: number): number {
    let collected = false;
    if (this.thresholdBlocks >= 0 && this.allocAmount >= this.thresholdBlocks) {
      this.collect(pinned);
      collected = true;
    }
    let at = this.firstFit(n);
    if (at < 0 && !collected) {
      this.collect(pinned);
      at = this.firstFit(n);
    }
    if (at < 0) return -1;
    this.atb[at] = HEAD;
    this.atb.fill(TAIL, at + 1, at + n);
    this.setFree(at, n, false);
    if (at === this.lowestFree) {
      let b = at + n;
      while (b < this.blocks && this.atb[b] !== FREE) b++;
      this.lowestFree = b;
    }
    this.allocAmount += n;
    return at;
  }

  private firstFit(n: number): number {
    const free = this.free;
    let run = 0;
    for (let w = this.lowestFree >> 5; w < free.length; w++) {
      const word = free[w]!;
      if (word === 0) {
        run = 0;
        continue;
      }
      if (word === 0xffffffff) {
        run += 32;
        if (run >= n) return (w << 5) + 32 - run;
        continue;
      }
      for (let bit = 0; bit < 32; bit++) {
        if ((word & (1 << bit)) === 0) run = 0;
        else if (++run === n) return (w << 5) + bit - n + 1;
      }
    }
    return -1;
  }

  /** Sets or clears the free bits of blocks from..from+n-1. */
  private setFree(from: number, n: number, free: boolean): void {
    const words = this.free;
    for (let b = from; b < from + n; ) {
      const bit = b & 31;
      const take = Math.min(32 - bit, from + n - b);
      const mask = take === 32 ? 0xffffffff : ((1 << take) - 1) << bit;
      const w = b >> 5;
      words[w] = free ? words[w]! | mask : words[w]! & ~mask;
      b += take;
    }
  }

  private setRun(from: number, n: number, kind: number): void {
    this.atb.fill(kind, from, from + n);
    this.setFree(from, n, kind === FREE);
    if (kind === FREE && n > 0 && from < this.lowestFree) this.lowestFree = from;
  }

  private freeBlock(b: number): void {
    this.atb[b] = FREE;
    this.free[b >> 5] = this.free[b >> 5]! | (1 << (b & 31));
  }

  /** Mark from the roots (and the object being moved), then sweep every unmarked head. */
  private collect(pinned: number): void {
    const { atb, headId, marked, stack, flags, block, refs } = this;
    let top = 0;
    for (let b = 0; b < this.blocks; b++) {
      if (atb[b] !== HEAD) continue;
      const id = headId[b]!;
      if ((flags[id]! & ROOTED) !== 0 || id === pinned) {
        marked[b] = 1;
        stack[top++] = b;
      }
    }
    while (top > 0) {
      const held = refs[headId[stack[--top]!]!];
      if (held === null || held === undefined) continue;
      for (const to of held) {
        if ((flags[to]! & ALIVE) === 0) continue;
        const head = block[to]!;
        if (marked[head] === 0) {
          marked[head] = 1;
          stack[top++] = head;
        }
      }
    }
    let freeing = false;
    for (let b = 0; b < this.blocks; b++) {
      const kind = atb[b]!;
      if (kind === HEAD) {
        freeing = marked[b] === 0;
        if (freeing) {
          flags[headId[b]!] = 0;
          this.freeBlock(b);
        } else marked[b] = 0;
      } else if (kind === TAIL && freeing) this.freeBlock(b);
      else if (kind === FREE) freeing = false;
    }
    let low = 0;
    while (low < this.blocks && atb[low] !== FREE) low++;
    this.lowestFree = low;
    this.allocAmount = 0;
  }
}

/** Object flags. */
const ALIVE = 1;
const ROOTED = 2;
