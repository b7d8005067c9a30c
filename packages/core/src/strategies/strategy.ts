/**
 * The placement strategy interface. The engine marks and frees blocks; a strategy only decides
 * where a new run of blocks goes, how many blocks a request takes, and keeps whatever search
 * state it needs.
 *
 * A strategy's state is an immutable value stored in the heap state. Inside a draft the engine
 * works on a mutable copy (`begin`), and turns it back into a value when the draft is finished
 * (`finish`): the same copy-on-write discipline as the block tables.
 */
import type { BlockTable, RunVisitor } from '../block-table/index.js';
import type { HeapConfig } from '../config.js';
import type { Placement } from '../outcomes.js';

/** What the engine asks a strategy to place. */
export interface PlacementRequest {
  /** Blocks the request takes under this strategy (already passed through `blocksFor`). */
  readonly blocks: number;
  /** Blocks the bytes need before the strategy's rounding: what area routing goes by. */
  readonly needed: number;
  /** Whether the program says the object will live long (two-ended heaps place these apart). */
  readonly longLived: boolean;
}

/** The free runs of the heap's areas, as the draft placing a request has them now. */
export interface FreeRuns {
  /**
   * Calls `visit(start, length)` for every maximal free run of `area` of at least `minLength`
   * blocks, in address order, until it returns true: what `forEachFreeRun` does on the area's table.
   */
  forEachRun(area: number, minLength: number, visit: RunVisitor): void;
}

export interface Strategy<S = unknown, W = unknown> {
  /** Registry name, e.g. `micropython`. */
  readonly name: string;
  /** One line on what it does. */
  readonly summary: string;
  /**
   * Blocks a request of `blocks` blocks (bytes rounded up to whole blocks) occupies: more than
   * `blocks` for strategies that round to size classes or powers of two. Their difference is
   * the strategy's internal waste.
   */
  blocksFor(blocks: number): number;
  /**
   * Whether an object of `blocks` blocks at `block` may grow in place to `to` blocks when the
   * blocks after it are free (buddy blocks, for one, must stay aligned to their size).
   */
  growsInPlace(block: number, blocks: number, to: number): boolean;
  /** State for a fresh heap. */
  initial(config: HeapConfig): S;
  /** A mutable working copy of `state` for one draft. */
  begin(state: S): W;
  /** The immutable state for a working copy. */
  finish(work: W): S;
  /**
   * Whether `place` reads `runs`. A draft then keeps each area's free runs as a flat list that
   * its writes update, which makes reading them all far cheaper than walking the tables; other
   * strategies search the tables and the draft keeps no list for them.
   */
  readonly searchesRuns?: boolean;
  /**
   * Where `request.blocks` free blocks in a row should go, or null when no area has room. The
   * placement becomes the outcome's `at`, so it is a fresh object. `runs` holds the same free
   * space as `tables`.
   */
  place(work: W, tables: readonly BlockTable[], request: PlacementRequest, runs: FreeRuns): Placement | null;
  /**
   * The engine just marked `blocks` blocks from `block`: where `place` said (`searched`), or at
   * a spot the event dictated.
   */
  claimed(work: W, area: number, block: number, blocks: number, searched: boolean): void;
  /** An object grew in place and now ends (exclusive) at `end`. */
  grown(work: W, area: number, end: number): void;
  /** Blocks from `block` on were freed by `free` or by shrinking in place. */
  released(work: W, area: number, block: number): void;
  /** A collection finished sweeping. */
  collected(work: W, tables: readonly BlockTable[]): void;
}
