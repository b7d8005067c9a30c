/**
 * What the page and the replay worker say to each other.
 */
import type { AreaMap } from './heap-map.js';

/** Page → worker: replay this file. */
export interface ReplayRequest {
  readonly file: File;
}

/** Worker → page: how far it got, the result, or why there is none. */
export type ReplayMessage =
  | { readonly kind: 'progress'; readonly read: number; readonly phase: 'replaying' | 'diagnosing' }
  | { readonly kind: 'done'; readonly result: ReplayResult }
  | { readonly kind: 'error'; readonly message: string };

/** A finished replay, as the page shows it. */
export interface ReplayResult {
  /** `heaplab replay --json`'s line for the file. */
  readonly json: string;
  /** What the trace is and how the replay matched it, one sentence a line. */
  readonly summary: readonly string[];
  /** The MemoryError and its figures, one a line; empty when no request failed. */
  readonly failure: readonly string[];
  /** The causes, most explanatory first. */
  readonly causes: readonly { readonly kind: string; readonly summary: string }[];
  /** The heap when the request failed, the objects in the way marked; empty without a failure. */
  readonly maps: readonly AreaMap[];
  /** Milliseconds the replay took in the worker. */
  readonly ms: number;
}
