/**
 * A replay step: one engine event built from one or more trace lines, with what the device
 * recorded for it, so the engine's outcome can be checked against the device.
 */
import type { CollectReason, GcInfo, HeapEvent } from '@heaplab/core';
import type { SyncObject } from './sync-reader.js';

/** What the device did for a step. */
export type Recorded =
  /** Placed an object (alloc, realloc of NULL). */
  | { readonly kind: 'placed'; readonly area: number; readonly block: number; readonly blocks: number; readonly collection: CollectReason | null }
  /** A request failed (`alloc_fail` final); `raised` is set when MemoryError followed. */
  | { readonly kind: 'failed'; readonly bytes: number; readonly collection: CollectReason | null }
  | {
      readonly kind: 'realloc';
      readonly result: 'same' | 'shrink' | 'grow' | 'moved';
      readonly area: number;
      readonly block: number;
      readonly blocks: number;
      readonly collection: CollectReason | null;
    }
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
  | { readonly kind: 'unrecorded' }
  /** The recorder lost `lost` events here (a `gap` line): from here the engine's heap is not the device's. */
  | { readonly kind: 'gap'; readonly lost: number }
  /** A sync after a gap: the engine drops every object; the sync's objects follow as `synced` steps. */
  | { readonly kind: 'resync' }
  /** An object placed where a sync shows it: not a request the program made, so not checked. */
  | { readonly kind: 'synced' }
  /** A sync on a replay that has lost nothing: a checkpoint of the whole map. */
  | { readonly kind: 'map'; readonly objects: readonly SyncObject[] }
  /** MicroPython raised MemoryError after a gap, before the replay could resynchronise. */
  | { readonly kind: 'unreplayed-memory-error'; readonly bytes: number }
  /** A `gc_info()` checkpoint after a gap, before the replay could resynchronise: seen, not checked. */
  | { readonly kind: 'unchecked-info' }
  /** A collector setting the program changed (a `threshold` line): an engine event, nothing to check. */
  | { readonly kind: 'setting' }
  /** The program named this point (a `mark` line): no event, a label for what follows. */
  | { readonly kind: 'mark'; readonly label: string }
  /** The trace's last line, when no other step came from it (lines skipped after a gap, or as bad). */
  | { readonly kind: 'end' }
  /** The file was cut short after this step's line (see `InputCut`): nothing after it was read. */
  | { readonly kind: 'cut'; readonly reason: string };

export interface ReplayStep {
  /** The trace line that completes the step. */
  readonly line: number;
  /** The engine event, or null for checkpoints and markers. */
  readonly event: HeapEvent | null;
  readonly recorded: Recorded;
}
