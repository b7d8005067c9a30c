/**
 * Outcomes: what one event did. A failed allocation is an outcome (`memory-error`), never an
 * exception; so is misuse of the API (`rejected`), which leaves the state unchanged.
 */
import type { ObjectId } from './events.js';
import type { HeapObject } from './state.js';

/** Where an object lies: area index, first block, length in blocks. */
export interface Placement {
  readonly area: number;
  readonly block: number;
  readonly blocks: number;
}

/** Why a collection ran. */
export type CollectReason = 'explicit' | 'threshold' | 'alloc-fail';

/** One collection: its number since the heap was made, why it ran and what it freed. */
export interface CollectReport {
  readonly number: number;
  readonly reason: CollectReason;
  /**
   * The records of the objects it freed, as they were, in sweep order (area, then block).
   * Those with `fin` set had their finaliser run.
   */
  readonly freed: readonly HeapObject[];
  readonly freedBlocks: number;
  /**
   * A threshold collection a device trace dictated (`thresholdCollect`) although the engine's
   * counter had not reached its threshold. Absent otherwise.
   */
  readonly unexpected?: true;
}

/** The facts of a failed request, as an engineer needs them to explain it. */
export interface MemoryErrorFacts {
  /** Requested bytes. */
  readonly bytes: number;
  /**
   * Blocks the strategy looked for: the bytes rounded up to blocks, then to the strategy's own
   * size (a power of two for buddy, a size class for segregated; the same for micropython).
   */
  readonly blocks: number;
  /** The heap was locked: MicroPython says "memory allocation failed, heap is locked". */
  readonly locked: boolean;
  /** Free bytes in the whole heap when the request failed (after any collection). */
  readonly freeBytes: number;
  /** Longest free run of each area, in blocks. */
  readonly largestFreeRun: readonly number[];
  /** The collection this request ran before giving up, if any. */
  readonly collection: CollectReport | null;
}

export type Outcome =
  | { readonly kind: 'placed'; readonly id: ObjectId; readonly at: Placement; readonly collection: CollectReport | null }
  /** `alloc` of 0 bytes: NULL, nothing allocated, no error. */
  | { readonly kind: 'zero'; readonly id: ObjectId }
  | { readonly kind: 'memory-error'; readonly id: ObjectId; readonly op: 'alloc' | 'realloc'; readonly facts: MemoryErrorFacts }
  | { readonly kind: 'freed'; readonly id: ObjectId; readonly at: Placement }
  /** `free` while the heap is locked: the object stays until a collection finds it unreachable. */
  | { readonly kind: 'free-ignored'; readonly id: ObjectId; readonly reason: 'locked' }
  | {
      readonly kind: 'realloc';
      readonly id: ObjectId;
      readonly result: 'same' | 'shrink' | 'grow' | 'moved';
      readonly from: Placement;
      readonly to: Placement;
      readonly collection: CollectReport | null;
    }
  /** A realloc that could not grow in place and was not allowed to move (the caller copes). */
  | { readonly kind: 'realloc-failed'; readonly id: ObjectId; readonly reason: 'no-move' | 'locked'; readonly from: Placement }
  | { readonly kind: 'collected'; readonly report: CollectReport }
  /** Root, reference and control events: the change was made. */
  | { readonly kind: 'ok' }
  /** The event cannot apply to this state (unknown id, id in use, bad value…). */
  | { readonly kind: 'rejected'; readonly code: RejectCode; readonly message: string };

/** Why an event was rejected. */
export type RejectCode = 'bad-event' | 'bad-version' | 'unknown-id' | 'id-in-use' | 'bad-size' | 'not-locked' | 'unknown-ref' | 'bad-placement';
