/**
 * The heap state: an immutable value. Every event makes a new state that shares all it did not
 * change with the old one, which stays valid.
 */
import type { BlockTable } from './block-table/index.js';
import type { HeapConfig } from './config.js';
import type { DumpKind, ObjectId } from './events.js';
import type { IdMapRoot } from './id-map.js';

/** A reference held by one object to another, pinned to the target's allocation serial. */
export interface ObjectRef {
  readonly id: ObjectId;
  readonly serial: number;
}

/** A live object. */
export interface HeapObject {
  readonly id: ObjectId;
  readonly area: number;
  /** First (head) block, area-relative. */
  readonly block: number;
  readonly blocks: number;
  /** Bytes last requested for it (alloc or realloc). */
  readonly bytes: number;
  readonly fin: boolean;
  readonly rooted: boolean;
  readonly longLived: boolean;
  readonly kind: DumpKind;
  /** Outgoing references; a reference whose target was freed is ignored. */
  readonly refs: readonly ObjectRef[];
  /** Number of the event that allocated it (0-based count of events applied before it). */
  readonly born: number;
  /** Allocation serial: unique over the life of the heap, so a reused id is a new object. */
  readonly serial: number;
}

/** Collector settings changed by `gc.threshold`, `gc.enable/disable` and `heap_lock/unlock`. */
export interface GcControl {
  /** `gc.threshold` in blocks, or -1 when off. */
  readonly thresholdBlocks: number;
  readonly autoCollect: boolean;
  readonly lockDepth: number;
}

/** A heap at one point of its life. Treat as read-only. */
export interface HeapState {
  readonly config: HeapConfig;
  /** One allocation table per area, in registration order. */
  readonly tables: readonly BlockTable[];
  readonly objects: IdMapRoot<HeapObject>;
  readonly objectCount: number;
  readonly control: GcControl;
  /** Blocks handed out by gc_alloc since the last collection (the threshold counter). */
  readonly allocAmount: number;
  /** Collections so far. */
  readonly collections: number;
  /** Events applied so far. */
  readonly events: number;
  /** Allocations so far (the next object's serial). */
  readonly serial: number;
  /** The placement strategy's own state (MicroPython: its search hints). */
  readonly strategyState: unknown;
}
