/**
 * Engine events: plain, JSON-serialisable objects that say what the program did to the heap.
 * An event may carry `v` (the event format version); without it the current version is meant.
 */

/** The event format version this engine reads and writes. */
export const EVENT_FORMAT_VERSION = 1;

/** Object ids are chosen by the caller: non-negative safe integers. */
export type ObjectId = number;

/** What a head block prints as in `mem_info(1)` (`h` when the type is not one of the named ones). */
export type DumpKind = 'h' | 'T' | 'L' | 'D' | 'S' | 'A' | 'F' | 'B' | 'M';

/** `gc_alloc(bytes)`; the new object gets `id`. */
export interface AllocEvent {
  readonly op: 'alloc';
  readonly id: ObjectId;
  /** Requested bytes (0 returns NULL and allocates nothing). */
  readonly bytes: number;
  /** Allocated with a finaliser (FTB bit set). Never changes placement. Default false. */
  readonly fin?: boolean;
  /** Reachable from the roots until dropped. Default true. */
  readonly root?: boolean;
  /** Letter the head shows in heap dumps. Default `h`. */
  readonly kind?: DumpKind;
  /** Expected to live long (used by strategies that separate lifetimes). Default false. */
  readonly longLived?: boolean;
  /**
   * Put the object exactly here instead of asking the strategy (loading a heap dump, following a
   * device). The blocks must be free; no collection runs.
   */
  readonly at?: { readonly area: number; readonly block: number };
  /**
   * If this request runs a collection, it frees exactly these objects instead of marking from
   * the roots (a device trace records the sweep; it cannot record reachability).
   */
  readonly sweep?: readonly ObjectId[];
  /**
   * A device ran a threshold collection at this request (what it freed is `sweep`): run it
   * whatever the engine's own counter says. One the counter did not call for is reported
   * `unexpected` in the collection's report.
   */
  readonly thresholdCollect?: boolean;
  readonly v?: number;
}

/** `gc_free(ptr)`: returns the object's blocks at once (ignored while the heap is locked). */
export interface FreeEvent {
  readonly op: 'free';
  readonly id: ObjectId;
  readonly v?: number;
}

/** `gc_realloc(ptr, bytes, allow_move)`. `bytes` = 0 frees the object. */
export interface ReallocEvent {
  readonly op: 'realloc';
  readonly id: ObjectId;
  readonly bytes: number;
  /** May the object move to a new place when it cannot grow in place? */
  readonly move: boolean;
  /** As for `alloc`: what a collection run by a moving realloc frees. */
  readonly sweep?: readonly ObjectId[];
  /** As for `alloc`: a threshold collection the device ran when the realloc had to move. */
  readonly thresholdCollect?: boolean;
  readonly v?: number;
}

/** Make the object a root (`root`) or stop it being one (`unroot`, i.e. drop the reference). */
export interface RootEvent {
  readonly op: 'root' | 'unroot';
  readonly id: ObjectId;
  readonly v?: number;
}

/** Add or remove one reference from object `from` to object `to`. */
export interface RefEvent {
  readonly op: 'ref' | 'unref';
  readonly from: ObjectId;
  readonly to: ObjectId;
  readonly v?: number;
}

/**
 * A collection. Without `freed` it marks from the roots through references and frees the rest;
 * with `freed` it frees exactly those objects (what a device trace recorded).
 */
export interface CollectEvent {
  readonly op: 'collect';
  readonly freed?: readonly ObjectId[];
  readonly v?: number;
}

/** `gc.threshold(bytes)`; a negative value turns the threshold off. */
export interface ThresholdEvent {
  readonly op: 'threshold';
  readonly bytes: number;
  readonly v?: number;
}

/** `gc.enable()`/`gc.disable()` and `micropython.heap_lock()`/`heap_unlock()`. */
export interface ControlEvent {
  readonly op: 'enable' | 'disable' | 'lock' | 'unlock';
  readonly v?: number;
}

/** Any engine event. */
export type HeapEvent = AllocEvent | FreeEvent | ReallocEvent | RootEvent | RefEvent | CollectEvent | ThresholdEvent | ControlEvent;

/** The `op` of every event kind. */
export type HeapEventOp = HeapEvent['op'];
