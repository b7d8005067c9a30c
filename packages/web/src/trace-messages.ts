/**
 * What the page and the replay worker say to each other.
 */
import type { AreaMap, EvidenceFigure, HeapSeries } from '@heaplab/analysis';

/** Page → worker: replay this file; then, the heap after this many events of it. */
export type ReplayRequest = { readonly kind: 'replay'; readonly file: File } | { readonly kind: 'at'; readonly event: number };

/** Worker → page: how far it got, the result, or why there is none. */
export type ReplayMessage =
  | { readonly kind: 'progress'; readonly read: number; readonly phase: 'replaying' | 'diagnosing' }
  | { readonly kind: 'done'; readonly result: ReplayResult }
  | { readonly kind: 'state'; readonly frame: StateFrame }
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
  /** The causes' evidence drawn as `heaplab report` draws it; empty without a diagnosis. */
  readonly figures: readonly EvidenceFigure[];
  /** The heap when the request failed, the objects in the way marked; empty without a failure. */
  readonly maps: readonly AreaMap[];
  /** Free bytes, the longest run and live bytes over the events, for the chart. */
  readonly series: HeapSeries;
  /** Engine events: the heap exists after 0 … `events` of them. */
  readonly events: number;
  /** The failing event (the heap the maps show), or null. */
  readonly failedEvent: number | null;
  /** Milliseconds the replay took in the worker. */
  readonly ms: number;
  /** Whether the events kept for the scrubber are in the page's private file system (else in memory). */
  readonly eventsOnDisk: boolean;
}

/** The heap after `event` events, for the time scrubber. */
export interface StateFrame {
  readonly event: number;
  /** The trace line of that event (0 before the first). */
  readonly line: number;
  /** Free bytes, the longest free run and the objects, in one line. */
  readonly facts: string;
  readonly maps: readonly AreaMap[];
}
