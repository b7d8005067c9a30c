/**
 * `engine-churn`: the benchmarks' seeded, realistic event stream — what a MicroPython program
 * does to a 64 KiB heap (32-bit v1.27, one area of 4000 blocks) over a long run. The `churn`
 * workload is another program.
 *
 * The program keeps long-lived module objects, a dozen or two short-lived temporaries (tuples,
 * strings, frames) at a time, medium buffers, dicts whose entries come and go, and lists whose
 * item arrays grow by realloc (with and without moving). It frees some temporaries with gc_free
 * and drops the rest, collects now and then and changes the threshold. What it holds follows a
 * slow wave between 40% and 80% of the heap, so automatic collections run and a few requests
 * fail with a MemoryError.
 *
 * The generator runs the engine as it writes and reads the outcomes, so it knows which requests
 * failed and checks that no collection frees an object it still holds: the stream never names a
 * dead object and never gets a `rejected` outcome.
 */
import {
  collectionOf,
  createHeap,
  openDraft,
  type DumpKind,
  type EngineDraft,
  type HeapConfigInput,
  type HeapEvent,
  type ObjectId,
  type Outcome,
} from '@heaplab/core';
import seedrandom from 'seedrandom';
import type { Workload } from './workload.js';
import { bytesFor, pickBlocks, pickInt, pickOf, pickWeighted, waveWeights } from './seeded-choices.js';

/** The heap the engine-churn stream is written for: 32-bit v1.27, one 64 KiB area (4000 blocks). */
export const ENGINE_CHURN_HEAP: HeapConfigInput = { wordBytes: 4, mpyVersion: '1.27', areas: [{ bytes: 65536 }] };

/** `count` events of engine-churn for `ENGINE_CHURN_HEAP`. The same seed always gives an identical array. */
export function engineChurnEvents(seed: string, count: number): HeapEvent[] {
  const writer = new EngineChurnWriter(seed);
  writer.startUp();
  while (writer.events.length < count) writer.act();
  return writer.events.slice(0, count);
}

/**
 * The stream as a built-in workload. The seed is used as given, so `heaplab run engine-churn
 * --seed-name heaplab --length 200000` replays the engine benchmark's own stream.
 */
export const engineChurn: Workload = {
  name: 'engine-churn',
  summary:
    "the engine benchmarks' stream: long-lived modules, temporaries, buffers, dicts, and lists grown by realloc, held between 40% and 80% of a 64 KiB heap, with collections and threshold changes",
  heap: ENGINE_CHURN_HEAP,
  defaultLength: 20000,
  generate: (seed, length) => ({ events: engineChurnEvents(seed, length), marks: [] }),
};

/** What the program does with an object it holds. */
type Role = 'temp' | 'buffer' | 'long' | 'dict' | 'entry' | 'list' | 'items';

interface Held {
  readonly id: ObjectId;
  readonly role: Role;
  blocks: number;
  bytes: number;
  /** The dict or list that references it (entries and item arrays are not roots). */
  readonly parent: Held | null;
  /** Objects reachable only through this one. */
  readonly children: Held[];
}

/** Long-lived objects made at start-up: about 12% of the heap. */
const START_UP_BLOCKS = 480;
/** Temporaries alive at once, on average. */
const TEMPS = 16;
/** A list's item array stops growing here (64 blocks). */
const MAX_ITEMS_BYTES = 1024;

/** Writes the stream event by event, applying each to an engine draft to learn what it did. */
class EngineChurnWriter {
  readonly events: HeapEvent[] = [];
  private readonly random: () => number;
  private readonly draft: EngineDraft;
  private readonly totalBlocks: number;
  private readonly phase: number;
  private readonly held = new Set<ObjectId>();
  private heldBlocks = 0;
  private nextId = 0;
  /** Temporaries, oldest first. */
  private readonly temps: Held[] = [];
  private readonly buffers: Held[] = [];
  private readonly longs: Held[] = [];
  private readonly dicts: Held[] = [];
  private readonly entries: Held[] = [];
  private readonly lists: Held[] = [];
  /** The list each role's objects are kept in; item arrays are reached through their list alone. */
  private readonly pools: Readonly<Record<Role, Held[] | null>> = {
    temp: this.temps,
    buffer: this.buffers,
    long: this.longs,
    dict: this.dicts,
    entry: this.entries,
    list: this.lists,
    items: null,
  };

  constructor(seed: string) {
    this.random = seedrandom(seed);
    const heap = createHeap(ENGINE_CHURN_HEAP);
    this.draft = openDraft(heap);
    this.totalBlocks = heap.tables.reduce((sum, table) => sum + table.blocks, 0);
    this.phase = this.random() * 2 * Math.PI;
  }

  /** Imports: module objects, functions and their dicts, held for the whole run. */
  startUp(): void {
    while (this.heldBlocks < START_UP_BLOCKS) this.newLong();
  }

  /** One step of the program (one to three events). */
  act(): void {
    const fill = this.heldBlocks / this.totalBlocks;
    const { grow, shrink } = waveWeights(fill, this.phase, this.events.length);
    const actions: [number, () => void][] = [
      [30, () => this.newTemp()],
      [(30 * this.temps.length) / TEMPS, () => this.dropTemp()],
      [this.temps.length > 0 ? 2 : 0, () => this.growTemp()],
      [2.5 * grow, () => this.newBuffer()],
      [this.buffers.length > 0 ? 2.5 * shrink : 0, () => this.dropBuffer()],
      [0.6 * grow, () => this.newDict()],
      [this.dicts.length > 0 ? 8 * grow : 0, () => this.addEntry()],
      [this.entries.length > 0 ? 6 * shrink : 0, () => this.removeEntry()],
      [this.dicts.length > 0 ? 0.5 * shrink : 0, () => this.dropDict()],
      [0.6 * grow, () => this.newList()],
      [this.lists.length > 0 ? 3 * grow : 0, () => this.growList()],
      [this.lists.length > 0 ? 0.4 : 0, () => this.clearList()],
      [this.lists.length > 0 ? 0.5 * shrink : 0, () => this.dropList()],
      [0.02 * grow, () => this.newLong()],
      [this.longs.length > 0 ? 0.01 : 0, () => this.dropLong()],
      [0.025, () => this.emit({ op: 'collect' })],
      [0.005, () => this.setThreshold()],
    ];
    pickWeighted(actions, this.random)();
  }

  // Temporaries: tuples, strings, floats, frames; a few are files or sockets (finalisers).

  private newTemp(): void {
    const blocks = pickBlocks(this.random);
    const kind = pickOf<DumpKind>(['T', 'S', 'F', 'h'], this.random);
    const fin = kind === 'h' && this.random() < 0.05;
    this.alloc('temp', bytesFor(blocks, this.random), { kind, fin }, this.temps);
  }

  private dropTemp(): void {
    // Older temporaries are more likely to go: most die young, a few outlive many others.
    const temp = this.temps[Math.floor(this.random() ** 2 * this.temps.length)]!;
    this.release(temp, this.random() < 0.2 ? 'free' : 'unroot');
  }

  /** A string or parser chunk grown in place when it can be (`m_renew_maybe`, no move). */
  private growTemp(): void {
    const temp = pickOf(this.temps, this.random);
    if (temp.blocks >= 8) return;
    this.realloc(temp, temp.bytes + pickInt(8, 31, this.random), false);
  }

  // Medium buffers: bytearrays, bytes and arrays of 100 bytes to 2 KiB.

  private newBuffer(): void {
    const bytes = Math.floor(100 * Math.exp(this.random() * Math.log(2048 / 100)));
    this.alloc('buffer', bytes, { kind: pickOf<DumpKind>(['A', 'B'], this.random) }, this.buffers);
  }

  private dropBuffer(): void {
    this.release(pickOf(this.buffers, this.random), this.random() < 0.3 ? 'free' : 'unroot');
  }

  // Dicts: the dict is a root, its entries are reachable only through it.

  private newDict(): void {
    this.alloc('dict', 32, { kind: 'D' }, this.dicts);
  }

  private addEntry(): void {
    const dict = pickOf(this.dicts, this.random);
    const entry = this.alloc(
      'entry',
      bytesFor(pickBlocks(this.random), this.random),
      { kind: pickOf<DumpKind>(['S', 'T', 'F', 'h'], this.random) },
      this.entries,
      dict,
    );
    if (entry === null) return;
    this.emit({ op: 'ref', from: dict.id, to: entry.id });
    this.emit({ op: 'unroot', id: entry.id });
  }

  private removeEntry(): void {
    const entry = pickOf(this.entries, this.random);
    this.emit({ op: 'unref', from: entry.parent!.id, to: entry.id });
    this.forget(entry);
  }

  private dropDict(): void {
    this.release(pickOf(this.dicts, this.random), 'unroot');
  }

  // Lists: a one-block header (a root) and an item array that doubles as it fills.

  private newList(): void {
    const list = this.alloc('list', 16, { kind: 'L' }, this.lists);
    if (list === null) return;
    const items = this.alloc('items', 16, { kind: 'h' }, null, list);
    if (items === null) return;
    this.emit({ op: 'ref', from: list.id, to: items.id });
    this.emit({ op: 'unroot', id: items.id });
  }

  private growList(): void {
    const items = pickOf(this.lists, this.random).children[0];
    if (items === undefined || items.bytes >= MAX_ITEMS_BYTES) return;
    this.realloc(items, items.bytes * 2, this.random() < 0.8);
  }

  private clearList(): void {
    const items = pickOf(this.lists, this.random).children[0];
    if (items === undefined || items.bytes === 16) return;
    this.realloc(items, 16, false);
  }

  private dropList(): void {
    this.release(pickOf(this.lists, this.random), 'unroot');
  }

  // Long-lived objects: modules, functions, class dicts.

  private newLong(): void {
    const bytes = pickInt(32, 639, this.random);
    this.alloc('long', bytes, { kind: pickOf<DumpKind>(['M', 'D', 'h'], this.random), longLived: true }, this.longs);
  }

  private dropLong(): void {
    this.release(pickOf(this.longs, this.random), 'unroot');
  }

  /** `gc.threshold(n)` with n from 8 to 32 KiB, or off. */
  private setThreshold(): void {
    this.emit({ op: 'threshold', bytes: this.random() < 1 / 3 ? -1 : 1024 * (8 + 4 * Math.floor(this.random() * 7)) });
  }

  // Bookkeeping.

  private alloc(
    role: Role,
    bytes: number,
    extra: { kind: DumpKind; fin?: boolean; longLived?: boolean },
    pool: Held[] | null,
    parent: Held | null = null,
  ): Held | null {
    const id = this.nextId++;
    const outcome = this.emit({
      op: 'alloc',
      id,
      bytes,
      kind: extra.kind,
      ...(extra.fin === true ? { fin: true } : {}),
      ...(extra.longLived === true ? { longLived: true } : {}),
    });
    if (outcome.kind !== 'placed') return null;
    const object: Held = { id, role, blocks: outcome.at.blocks, bytes, parent, children: [] };
    this.held.add(id);
    this.heldBlocks += object.blocks;
    pool?.push(object);
    parent?.children.push(object);
    return object;
  }

  private realloc(object: Held, bytes: number, move: boolean): void {
    const outcome = this.emit({ op: 'realloc', id: object.id, bytes, move });
    if (outcome.kind !== 'realloc') return;
    this.heldBlocks += outcome.to.blocks - object.blocks;
    object.blocks = outcome.to.blocks;
    object.bytes = bytes;
  }

  /** The program lets go of an object: `gc_free` now, or dropping its last reference. */
  private release(object: Held, how: 'free' | 'unroot'): void {
    this.emit({ op: how, id: object.id });
    this.forget(object);
  }

  /** Stops tracking an object and everything reachable only through it. */
  private forget(object: Held): void {
    this.held.delete(object.id);
    this.heldBlocks -= object.blocks;
    const pool = this.pools[object.role];
    if (pool !== null) pool.splice(pool.indexOf(object), 1);
    if (object.parent !== null) object.parent.children.splice(object.parent.children.indexOf(object), 1);
    for (const child of object.children.slice()) this.forget(child);
  }

  private emit(event: HeapEvent): Outcome {
    this.events.push(event);
    const outcome = this.draft.apply(event);
    if (outcome.kind === 'rejected') throw new Error(`engine-churn: event ${this.events.length - 1} was rejected: ${outcome.message}`);
    const collection = collectionOf(outcome);
    for (const freed of collection?.freed ?? []) {
      if (this.held.has(freed.id)) throw new Error(`engine-churn: event ${this.events.length - 1} collected object ${freed.id}, which the program still holds`);
    }
    return outcome;
  }
}
