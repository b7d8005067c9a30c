/**
 * A draft: a mutable working copy of a heap state, for applying many events cheaply.
 *
 * Structures are shared with the base state and copied on first write (see `block-table/tree.ts`).
 * `snapshot()` returns the current state as an immutable value and starts a new edit token, so
 * a draft can keep going after a snapshot (replay takes checkpoints this way) without ever
 * changing a state it has handed out.
 */
import { forEachFreeRun, freeRuns, writeRun, FREE, HEAD, TAIL, type BlockTable, type Owner, type RunVisitor } from './block-table/index.js';
import type { HeapConfig } from './config.js';
import type { ObjectId } from './events.js';
import { IdMapEdit, idMapDelete, idMapGet, idMapSet, type IdMapRoot } from './id-map.js';
import type { GcControl, HeapObject, HeapState } from './state.js';
import { strategyFor } from './strategies/registry.js';
import type { CollectReport, Placement } from './outcomes.js';
import { RunIndex } from './run-index.js';
import type { FreeRuns, PlacementRequest, Strategy } from './strategies/strategy.js';

/** A collection's marking scratch: per area, a slot per block and a bitmap that is all clear between collections. */
export interface SweepScratch {
  readonly slots: readonly Int32Array[];
  readonly bits: readonly Int32Array[];
}

/**
 * Arrays a draft's collections reuse, so that a collection allocates little beyond what it
 * reports. Each is filled from index 0 up to a count its user keeps; entries past the count are
 * left from earlier collections (they may hold records of dead objects until overwritten).
 */
export interface CollectBuffers {
  /** Every live object, as the trie lists them. */
  readonly live: HeapObject[];
  readonly candidates: HeapObject[];
  readonly stack: HeapObject[];
  /** Start, length pairs of blocks to free. */
  readonly runs: number[];
}

export class HeapDraft implements FreeRuns {
  readonly config: HeapConfig;
  readonly strategy: Strategy;
  /** The current edit token: nodes it owns belong to this draft alone. */
  private owner: Owner = {};
  /** The current edit token of the object map (it also reports each write's size change). */
  private objectsEdit = new IdMapEdit();
  /** The serial of the first object allocated since the last state was handed out. */
  private epoch: number;
  tables: BlockTable[];
  objects: IdMapRoot<HeapObject>;
  objectCount: number;
  control: GcControl;
  allocAmount: number;
  collections: number;
  events: number;
  serial: number;
  strategyWork: unknown;
  /** The collection the last `gcAlloc` ran, or null (see `gcAlloc`). */
  allocCollection: CollectReport | null = null;
  /** Scratch for collections (see `sweepSlots`), made on first use. */
  private scratch: SweepScratch | null = null;
  private buffers: CollectBuffers | null = null;
  /** The free runs as lists that the writes below keep, for a strategy that searches runs; else null. */
  private readonly runIndex: RunIndex | null;
  /** The free runs the strategy reads: the lists, or the tables walked (`forEachRun` below). */
  private readonly runs: FreeRuns;

  constructor(base: HeapState) {
    this.config = base.config;
    this.strategy = strategyFor(base.config);
    this.tables = base.tables.slice();
    this.objects = base.objects;
    this.objectCount = base.objectCount;
    this.control = base.control;
    this.allocAmount = base.allocAmount;
    this.collections = base.collections;
    this.events = base.events;
    this.serial = base.serial;
    this.epoch = base.serial;
    this.strategyWork = this.strategy.begin(base.strategyState);
    this.runIndex = this.strategy.searchesRuns === true ? new RunIndex(() => this.tables) : null;
    this.runs = this.runIndex ?? this;
  }

  /** The state as it is now. The draft stays usable; later edits never touch the returned state. */
  snapshot(): HeapState {
    this.owner = {};
    this.objectsEdit = new IdMapEdit();
    this.epoch = this.serial;
    return this.state(this.tables.slice());
  }

  /** The state as it is now, for a draft that will not be used again: it hands over its own arrays. */
  close(): HeapState {
    return this.state(this.tables);
  }

  private state(tables: readonly BlockTable[]): HeapState {
    return {
      config: this.config,
      tables,
      objects: this.objects,
      objectCount: this.objectCount,
      control: this.control,
      allocAmount: this.allocAmount,
      collections: this.collections,
      events: this.events,
      serial: this.serial,
      strategyState: this.strategy.finish(this.strategyWork),
    };
  }

  getObject(id: ObjectId): HeapObject | undefined {
    return idMapGet(this.objects, id);
  }

  /**
   * Whether `object` (a live record of this draft) may be changed in place: it was allocated
   * after the draft handed out its last state, so no state holds it. (Outcomes hold only the
   * records of freed objects, which are never changed again.)
   */
  owns(object: HeapObject): boolean {
    return object.serial >= this.epoch;
  }

  /** Stores `next`, the changed record of `old`; a record changed in place is stored already. */
  updateObject(old: HeapObject, next: HeapObject): void {
    if (next !== old) this.putObject(next);
  }

  putObject(object: HeapObject): void {
    this.objects = idMapSet(this.objects, object, this.objectsEdit);
    this.objectCount += this.objectsEdit.sizeDelta;
  }

  removeObject(id: ObjectId): void {
    this.objects = idMapDelete(this.objects, id, this.objectsEdit);
    this.objectCount += this.objectsEdit.sizeDelta;
  }

  /** The free runs of an area, walked from its table (for a strategy that searches runs the draft keeps lists instead). */
  forEachRun(area: number, minLength: number, visit: RunVisitor): void {
    forEachFreeRun(this.tables[area]!, minLength, visit);
  }

  /** Asks the strategy for room for a request; marks the blocks (HEAD, then TAILs) if found. */
  claim(request: PlacementRequest): Placement | null {
    const spot = this.strategy.place(this.strategyWork, this.tables, request, this.runs);
    if (spot === null) return null;
    this.tables[spot.area] = writeRun(this.tables[spot.area]!, spot.block, spot.blocks, HEAD, this.owner);
    this.runIndex?.taken(spot.area, spot.block, spot.blocks);
    this.strategy.claimed(this.strategyWork, spot.area, spot.block, spot.blocks, true);
    return spot;
  }

  /** Marks blocks at a given place (the caller has checked they are free). */
  claimAt(at: Placement): void {
    this.tables[at.area] = writeRun(this.tables[at.area]!, at.block, at.blocks, HEAD, this.owner);
    this.runIndex?.taken(at.area, at.block, at.blocks);
    this.strategy.claimed(this.strategyWork, at.area, at.block, at.blocks, false);
  }

  /** Turns `count` free blocks after an object's current end into tails. */
  extend(area: number, end: number, count: number): void {
    this.tables[area] = writeRun(this.tables[area]!, end, count, TAIL, this.owner);
    this.runIndex?.taken(area, end, count);
    this.strategy.grown(this.strategyWork, area, end + count);
  }

  /** Frees `count` blocks from `block` on (a freed object, or the cut-off end of a shrunk one). */
  release(area: number, block: number, count: number): void {
    this.tables[area] = writeRun(this.tables[area]!, block, count, FREE, this.owner);
    this.runIndex?.freed(area, block, count);
    this.strategy.released(this.strategyWork, area, block);
  }

  /**
   * Frees a sweep's runs in one area (start, length pairs in address order, up to index `end`).
   * No hint updates: the collection resets them afterwards.
   */
  sweepRuns(area: number, runs: readonly number[], end: number): void {
    this.tables[area] = freeRuns(this.tables[area]!, runs, this.owner, end);
    this.runIndex?.sweptArea(area);
  }

  /** The arrays collections reuse (made on first use). */
  collectBuffers(): CollectBuffers {
    this.buffers ??= { live: [], candidates: [], stack: [], runs: [] };
    return this.buffers;
  }

  /**
   * Per-block scratch for a collection to mark in, or null when reading a bit per block would
   * cost more than sorting `candidates` objects: heaps of more than 2^22 blocks, or more than
   * 1024 blocks per candidate. Once made, the scratch serves every later collection of the draft.
   */
  sweepSlots(candidates: number): SweepScratch | null {
    if (this.scratch === null) {
      const blocks = this.tables.reduce((sum, table) => sum + table.blocks, 0);
      if (blocks > 1 << 22 || blocks > 1024 * candidates) return null;
      this.scratch = {
        slots: this.tables.map((table) => new Int32Array(table.blocks)),
        bits: this.tables.map((table) => new Int32Array((table.blocks + 31) >> 5)),
      };
    }
    return this.scratch;
  }

  /** Tells the strategy a collection has finished sweeping. */
  swept(): void {
    this.strategy.collected(this.strategyWork, this.tables);
  }
}
