/**
 * A replay step: one engine event built from one or more trace lines, with what the device
 * recorded for it, so the engine's outcome can be checked against the device.
 */
import type { CollectReason, GcInfo, HeapEvent } from '@heaplab/core';

/** What the device did for a step. */
export type Recorded =
  /** Placed an object (alloc, realloc of NULL). */
  | { readonly kind: 'placed'; readonly area: number; readonly block: number; readonly blocks: number; readonly collection: CollectReason | null }
  /** A request failed (`alloc_fail` final); `raised` is set when MemoryError followed. */
  | { readonly kind: 'failed'; readonly bytes: number; readonly collection: CollectReason | null }
  | { readonly kind: 'realloc'; readonly result: 'same' | 'shrink' | 'grow' | 'moved'; readonly area: number; readonly block: number; readonly blocks: number; readonly collection: CollectReason | null }
  | { readonly kind: 'realloc-failed' }
  | { readonly kind: 'freed' }
  /** A swept object dropped for a what-if replay (see `SweepMode`). */
  | { readonly kind: 'dropped' }
  | { readonly kind: 'zero' }
  | { readonly kind: 'collected'; readonly objects: number; readonly blocks: number }
  /** A `gc_info()` checkpoint: no event, the statistics must match. */
  | { readonly kind: 'info'; readonly info: GcInfo }
  /** MicroPython raised MemoryError for the request of the previous step. */
  | { readonly kind: 'memory-error'; readonly bytes: number }
  /** Something the engine does not model (a locked heap); reported, not checked. */
  | { readonly kind: 'skipped'; readonly why: string }
  /** An engine trace's event: nothing was recorded, the engine's outcome is the answer. */
  | { readonly kind: 'unrecorded' };

export interface ReplayStep {
  /** The trace line that completes the step. */
  readonly line: number;
  /** The engine event, or null for checkpoints and markers. */
  readonly event: HeapEvent | null;
  readonly recorded: Recorded;
}
