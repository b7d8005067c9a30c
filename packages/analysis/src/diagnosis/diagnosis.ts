/**
 * What `diagnoseFailure` returns: the failed request and the causes found for it, most
 * explanatory first. Every figure is a whole number of bytes or events unless said otherwise;
 * events count from 1 (docs/events-and-lines.md), lines are trace lines when the caller gave them.
 */
import type { NumberSequence } from '@heaplab/core';
import type { DiagnosisMark } from './marks.js';

/** What a caller may add to the events. */
export interface DiagnoseOptions {
  /** The trace line of each event: event n came from line `lines.at(n − 1)`. */
  readonly lines?: NumberSequence;
  /** Labels over the run (a mark at event n is in force from the heap after n events). */
  readonly marks?: readonly DiagnosisMark[];
}

/** The first failed request. */
export interface DiagnosedFailure {
  readonly event: number;
  readonly line: number | null;
  readonly op: 'alloc' | 'realloc';
  readonly bytes: number;
  /** Blocks the strategy looked for. */
  readonly blocks: number;
  /** The mark in force, if any. */
  readonly mark: string | null;
  /** Bytes the program still held (blocks × block size), after any collection the request ran. */
  readonly liveBytes: number;
  readonly freeBytes: number;
  /** The longest free run in any area, in bytes. */
  readonly largestFreeBytes: number;
  /** All areas' blocks × block size. */
  readonly heapBytes: number;
}

/** A live object named as evidence. */
export interface DiagnosedObject {
  readonly bytes: number;
  readonly blocks: number;
  readonly area: number;
  readonly block: number;
  /** The event that allocated it (from 1) and its trace line when known. */
  readonly event: number;
  readonly line: number | null;
  /** Events from its allocation to the failure. */
  readonly lived: number;
  readonly mark: string | null;
}

/** The failing request belongs to a series of requests whose size grows. */
export interface GrowingRequestEvidence {
  /** `realloc`: the reallocs of one object; `alloc`: allocations of similar, rising size. */
  readonly series: 'alloc' | 'realloc';
  readonly firstBytes: number;
  /** The failing request's bytes. */
  readonly lastBytes: number;
  /** Requests in the series, the failing one included. */
  readonly occurrences: number;
  /** (lastBytes − firstBytes) / (occurrences − 1), to 2 decimals. */
  readonly growthPerOccurrence: number;
  /** False when the growth does not level off within the recording (and the series never fell back). */
  readonly bounded: boolean;
  readonly firstEvent: number;
  readonly firstLine: number | null;
  /** Whether a request of `firstBytes` would fit in the heap the request failed on. */
  readonly fitsAtFirstSize: boolean;
  /** The mark label the series shares, when the series was found by it. */
  readonly mark?: string;
}

/** A group of objects that hold an accumulation's growth. */
export interface AccumulationHolder {
  /** Requested sizes from `minBytes` to `maxBytes` (a power-of-two class). */
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly objects: number;
  /** Their blocks × block size. */
  readonly bytes: number;
  readonly mark?: string;
}

/** Live bytes after each collection creep upward. */
export interface AccumulationEvidence {
  readonly collections: number;
  readonly fromEvent: number;
  readonly toEvent: number;
  /** Bytes in use after the first and the last of those collections. */
  readonly firstLiveBytes: number;
  readonly lastLiveBytes: number;
  /** The least-squares slope, in bytes per 1000 events (rounded). */
  readonly slopePerKiloEvent: number;
  /** The slope times the median events between marks (rounded), when the run has marks. */
  readonly slopePerMark?: number;
  /** R² of the line (0…1, 2 decimals). */
  readonly fit: number;
  /** The rise the line gives over the collections, in bytes. */
  readonly riseBytes: number;
  /** At that rate, the event at which the live bytes reach the heap's size. */
  readonly fullAtEvent: number;
  /** Objects allocated during the rise that survived a collection and are still held, by size class, most bytes first. */
  readonly holders: readonly AccumulationHolder[];
}

/** A few small long-lived objects cut the free space so that no run is long enough. */
export interface PinningEvidence {
  readonly area: number;
  /** The area's free blocks and longest free run; the blocks the request needs. */
  readonly freeBlocks: number;
  readonly largestFreeRun: number;
  readonly requestBlocks: number;
  /** The first block of the run that freeing the pins would make. */
  readonly block: number;
  readonly pins: readonly DiagnosedObject[];
}

/** Several large short-lived objects alive at once. */
export interface TransientPeakEvidence {
  readonly objects: readonly DiagnosedObject[];
  /** Their blocks × block size. */
  readonly bytes: number;
  /** The median, over the allocations of large objects, of the large young bytes alive then. */
  readonly typicalBytes: number;
  readonly liveBytes: number;
  /** The median held bytes over all requests. */
  readonly typicalLiveBytes: number;
}

/** Live bytes plus the request exceed the heap. */
export interface HeapTooSmallEvidence {
  readonly liveBytes: number;
  readonly requestBytes: number;
  readonly heapBytes: number;
  readonly largestAreaBytes: number;
  /** Bytes missing: live + request (in blocks) − heap, or request − largest area when larger. */
  readonly shortByBytes: number;
}

interface CauseOf<K extends string, E> {
  readonly kind: K;
  /** One plain sentence with the numbers. */
  readonly summary: string;
  readonly evidence: E;
}

/** One cause of a failure. */
export type Cause =
  | CauseOf<'growing-request', GrowingRequestEvidence>
  | CauseOf<'accumulation', AccumulationEvidence>
  | CauseOf<'pinning', PinningEvidence>
  | CauseOf<'transient-peak', TransientPeakEvidence>
  | CauseOf<'heap-too-small', HeapTooSmallEvidence>;

/** The kinds of cause, as spelled in `Cause.kind`. */
export type CauseKind = Cause['kind'];

/** Requests in event order, the failing one last: each one's event (from 1) and bytes. */
export interface RequestPoints {
  readonly events: readonly number[];
  readonly bytes: readonly number[];
}

/**
 * A detector's cause with the events that allocated the objects it is about (see
 * `Diagnosis.allocations`); a growing request's detector adds the requests of its series.
 */
export type Detected = Cause & { readonly allocations: readonly number[]; readonly requests?: RequestPoints };

/**
 * The failing request's series, to draw: which requests it is made of (see `EvidencePoints`) and
 * each one's event and bytes, the failing request last.
 */
export interface RequestSeriesPoints extends RequestPoints {
  /**
   * `growing-request`: the series that cause found (the part it counts); `object`: every size the
   * failing realloc's object was given, its allocation first; `mark`: every allocation under the
   * failing request's mark label.
   */
  readonly kind: 'growing-request' | 'object' | 'mark';
  /** The mark label, for `mark` (and for a growing series found by its mark). */
  readonly mark?: string;
}

/** The accumulation cause's least-squares line, as the live bytes it gives at the first and the last collection. */
export interface TrendLine {
  readonly fromEvent: number;
  readonly fromBytes: number;
  readonly toEvent: number;
  readonly toBytes: number;
}

/** What the evidence is drawn from (the HTML report's charts): whole numbers, events from 1, in event order. */
export interface EvidencePoints {
  /**
   * The failing request's series: the growing-request cause's; without that cause, the failing
   * realloc's object's sizes, or the allocations under the failing request's mark; null for an
   * allocation with no mark and no growing series (no series of its own can be told).
   */
  readonly requests: RequestSeriesPoints | null;
  /** Every collection up to and including any the failing request ran: its event and the bytes in use after it. */
  readonly collections: {
    readonly events: readonly number[];
    readonly liveBytes: readonly number[];
    /** The accumulation's line, when that cause was found; null otherwise. */
    readonly trend: TrendLine | null;
  };
}

/** The failure and its causes, most explanatory first (empty when no detector's evidence holds). */
export interface Diagnosis {
  readonly failure: DiagnosedFailure;
  readonly causes: readonly Cause[];
  /**
   * For each cause found, by kind, the events (from 1, in order) that allocated the objects it is
   * about: a growing series' requests (the failing one last; for a realloc series, the
   * allocation of its object), the accumulation's holders, the pins, the peak's objects; none for
   * heap-too-small. Kept apart from the causes: it can be long, and it is for changing the events
   * (remedies), not for reading.
   */
  readonly allocations: Readonly<Partial<Record<CauseKind, readonly number[]>>>;
  /** The evidence's points, one per request of the failing series and one per collection. Kept apart for the same reason. */
  readonly points: EvidencePoints;
}
