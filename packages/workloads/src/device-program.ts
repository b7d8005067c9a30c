/**
 * A seeded MicroPython program for device traces: what a long-running script does to its heap,
 * as engine events, one at a time, each chosen after seeing what the previous one did.
 *
 * It behaves like the engine-churn stream (see `engine-churn.ts`): long-lived module objects, a
 * dozen or two short-lived temporaries, medium buffers, and lists whose item arrays grow by
 * realloc (with and without moving); it frees some objects with gc_free, drops the rest, and
 * calls gc.collect() now and then, while what it holds follows a slow wave between 40% and 80% of
 * the heap, so collections run inside gc_alloc and a few requests fail with a MemoryError.
 *
 * Unlike the engine-churn stream it never calls gc.threshold: a device trace does not record the
 * threshold, so a replay could not tell when such a collection would run. Every collection here
 * is one a replay of the trace runs too: explicit, or forced by a failed search.
 *
 * The program never ends and never makes an event the engine rejects; the caller applies each
 * event and sends the outcome back (`program.next(outcome)`).
 */
import type { DumpKind, HeapEvent, ObjectId, Outcome } from '@heaplab/core';
import seedrandom from 'seedrandom';
import { bytesFor, pickBlocks, pickInt, pickOf, pickWeighted, waveWeights } from './seeded-choices.js';

/** The program: yields an event, is resumed with its outcome. */
export type DeviceProgram = Generator<HeapEvent, never, Outcome>;

/** Starts the program `seed` on a heap of `totalBlocks` blocks. The same seed gives the same program. */
export function deviceProgram(seed: string, totalBlocks: number): DeviceProgram {
  return new ProgramState(seed, totalBlocks).run();
}

/** An object the program holds. */
interface Held {
  readonly id: ObjectId;
  blocks: number;
  bytes: number;
  /** A list's item array: reachable only through the list. */
  items: Held | null;
}

/** A step of the program that may make several events; returns what its last event made. */
type Step<T = void> = Generator<HeapEvent, T, Outcome>;

/** Long-lived objects made at start-up: 12% of the heap. */
const START_UP_SHARE = 0.12;
/** Temporaries alive at once, on average. */
const TEMPS = 16;
/** A list's item array stops growing here (64 blocks). */
const MAX_ITEMS_BYTES = 1024;

class ProgramState {
  private readonly random: () => number;
  private readonly phase: number;
  private events = 0;
  private nextId = 0;
  private heldBlocks = 0;
  /** Temporaries, oldest first. */
  private readonly temps: Held[] = [];
  private readonly buffers: Held[] = [];
  private readonly longs: Held[] = [];
  private readonly lists: Held[] = [];

  constructor(
    seed: string,
    private readonly totalBlocks: number,
  ) {
    this.random = seedrandom(seed);
    this.phase = this.random() * 2 * Math.PI;
  }

  *run(): DeviceProgram {
    while (this.heldBlocks < this.totalBlocks * START_UP_SHARE) yield* this.newLong();
    for (;;) yield* this.act();
  }

  /** One step of the program, picked at random with weights that follow the wave. */
  private *act(): Step {
    const fill = this.heldBlocks / this.totalBlocks;
    const { grow, shrink } = waveWeights(fill, this.phase, this.events);
    const actions: [number, () => Step][] = [
      [30, () => this.newTemp()],
      [(30 * this.temps.length) / TEMPS, () => this.dropTemp()],
      [this.temps.length > 0 ? 2 : 0, () => this.growTemp()],
      [2.5 * grow, () => this.newBuffer()],
      [this.buffers.length > 0 ? 2.5 * shrink : 0, () => this.dropBuffer()],
      [0.6 * grow, () => this.newList()],
      [this.lists.length > 0 ? 3 * grow : 0, () => this.growList()],
      [this.lists.length > 0 ? 0.4 : 0, () => this.clearList()],
      [this.lists.length > 0 ? 0.5 * shrink : 0, () => this.dropList()],
      [0.02 * grow, () => this.newLong()],
      [this.longs.length > 0 ? 0.01 : 0, () => this.dropLong()],
      [0.025, () => this.collect()],
    ];
    yield* pickWeighted(actions, this.random)();
  }

  /** Tuples, strings, floats, frames; a few are files or sockets (finalisers). */
  private *newTemp(): Step {
    const kind = pickOf<DumpKind>(['T', 'S', 'F', 'h'], this.random);
    yield* this.alloc(bytesFor(pickBlocks(this.random), this.random), kind, this.temps, kind === 'h' && this.random() < 0.05);
  }

  private *dropTemp(): Step {
    // Older temporaries are more likely to go: most die young, a few outlive many others.
    const temp = this.temps[Math.floor(this.random() ** 2 * this.temps.length)]!;
    yield* this.release(temp, this.temps, this.random() < 0.2 ? 'free' : 'unroot');
  }

  /** A string or parser chunk grown in place when it can be (`m_renew_maybe`, no move). */
  private *growTemp(): Step {
    const temp = pickOf(this.temps, this.random);
    if (temp.blocks < 8) yield* this.realloc(temp, temp.bytes + pickInt(8, 31, this.random), false);
  }

  /** Bytearrays, bytes and arrays of 100 bytes to 2 KiB. */
  private *newBuffer(): Step {
    const bytes = Math.floor(100 * Math.exp(this.random() * Math.log(2048 / 100)));
    yield* this.alloc(bytes, pickOf<DumpKind>(['A', 'B'], this.random), this.buffers);
  }

  private *dropBuffer(): Step {
    yield* this.release(pickOf(this.buffers, this.random), this.buffers, this.random() < 0.3 ? 'free' : 'unroot');
  }

  /** A one-block list header (a root) and its item array, reachable only through it. */
  private *newList(): Step {
    const list = yield* this.alloc(16, 'L', this.lists);
    if (list === null) return;
    const items = yield* this.alloc(16, 'h', null);
    if (items === null) return;
    list.items = items;
    yield* this.emit({ op: 'ref', from: list.id, to: items.id });
    yield* this.emit({ op: 'unroot', id: items.id });
  }

  /** `list.append` past the array's end: the array doubles, moving when it must (mostly allowed). */
  private *growList(): Step {
    const items = pickOf(this.lists, this.random).items;
    if (items !== null && items.bytes < MAX_ITEMS_BYTES) yield* this.realloc(items, items.bytes * 2, this.random() < 0.8);
  }

  /** `list.clear()`: the array shrinks back to one block in place. */
  private *clearList(): Step {
    const items = pickOf(this.lists, this.random).items;
    if (items !== null && items.bytes > 16) yield* this.realloc(items, 16, false);
  }

  /** The list goes out of scope; its item array with it. */
  private *dropList(): Step {
    const list = pickOf(this.lists, this.random);
    yield* this.release(list, this.lists, 'unroot');
    if (list.items !== null) this.heldBlocks -= list.items.blocks;
  }

  /** Modules, functions, class dicts. */
  private *newLong(): Step {
    yield* this.alloc(pickInt(32, 639, this.random), pickOf<DumpKind>(['M', 'D', 'h'], this.random), this.longs);
  }

  private *dropLong(): Step {
    yield* this.release(pickOf(this.longs, this.random), this.longs, 'unroot');
  }

  /** `gc.collect()`. */
  private *collect(): Step {
    yield* this.emit({ op: 'collect' });
  }

  /** Allocates an object and keeps it in `pool` (or not at all); null when the request failed. */
  private *alloc(bytes: number, kind: DumpKind, pool: Held[] | null, fin = false): Step<Held | null> {
    const id = this.nextId++;
    const outcome = yield* this.emit({ op: 'alloc', id, bytes, kind, ...(fin ? { fin } : {}), ...(pool === this.longs ? { longLived: true } : {}) });
    if (outcome.kind !== 'placed') return null;
    const object: Held = { id, blocks: outcome.at.blocks, bytes, items: null };
    this.heldBlocks += object.blocks;
    pool?.push(object);
    return object;
  }

  private *realloc(object: Held, bytes: number, move: boolean): Step {
    const outcome = yield* this.emit({ op: 'realloc', id: object.id, bytes, move });
    if (outcome.kind !== 'realloc') return;
    this.heldBlocks += outcome.to.blocks - object.blocks;
    object.blocks = outcome.to.blocks;
    object.bytes = bytes;
  }

  /** Lets go of an object: `gc_free` now, or dropping its last reference. */
  private *release(object: Held, pool: Held[], how: 'free' | 'unroot'): Step {
    yield* this.emit({ op: how, id: object.id });
    pool.splice(pool.indexOf(object), 1);
    this.heldBlocks -= object.blocks;
  }

  private *emit(event: HeapEvent): Step<Outcome> {
    this.events++;
    const outcome = yield event;
    if (outcome.kind === 'rejected') throw new Error(`device program: event ${this.events - 1} was rejected: ${outcome.message}`);
    return outcome;
  }
}
