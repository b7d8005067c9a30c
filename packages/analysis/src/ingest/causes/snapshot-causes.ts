/**
 * The causes of a MemoryError that a probe capture's snapshots can show: the kinds of
 * `diagnoseFailure` (diagnosis/diagnosis.ts) and the same evidence field names where a snapshot
 * knows the figure. A capture has no events: where a trace's evidence counts events, this counts
 * snapshots (by their index in the series) and capture lines, and milliseconds where the probe
 * gave ticks. What the snapshots cannot show is said by kind (`notShown`).
 */
import type { DumpKind } from '@heaplab/core';
import type { CauseKind } from '../../diagnosis/diagnosis.js';

/** The failing request is the latest of the capture's failed requests, and they grow. */
export interface SnapshotGrowingRequestEvidence {
  readonly firstBytes: number;
  /** The failing request's bytes. */
  readonly lastBytes: number;
  /** Failed requests in the series, the failing one included. */
  readonly occurrences: number;
  /** (lastBytes − firstBytes) / (occurrences − 1), to 2 decimals. */
  readonly growthPerOccurrence: number;
  /** False when the growth does not level off within the capture (and the series never fell back). */
  readonly bounded: boolean;
  /** The snapshot (index in the series) and capture line of the first failure of the series. */
  readonly firstSnapshot: number;
  readonly firstLine: number;
  /** Whether a request of `firstBytes` would fit in the heap the request failed on; null without a map. */
  readonly fitsAtFirstSize: boolean | null;
  /** The snapshot label the series shares (the probe's `catching(label)`), when it was found by it. */
  readonly label?: string;
}

/** Bytes in use at the snapshots known to follow a collection creep upward. */
export interface SnapshotAccumulationEvidence {
  /** Snapshots known to follow a collection (taken at a MemoryError), this one included. */
  readonly collections: number;
  /** The first and the last of them (indices in the series). */
  readonly fromSnapshot: number;
  readonly toSnapshot: number;
  readonly firstLiveBytes: number;
  readonly lastLiveBytes: number;
  /** The least-squares slope, in bytes per snapshot of the series (rounded). */
  readonly slopePerSnapshot: number;
  /** In bytes per probe mark (rounded), when the probe wrote marks between those snapshots. */
  readonly slopePerMark?: number;
  /** R² of the line (0…1, 2 decimals). */
  readonly fit: number;
  /** The rise the line gives over those snapshots, in bytes. */
  readonly riseBytes: number;
  /** At that rate, the snapshot (index in the series) at which the bytes in use reach the heap's size. */
  readonly fullAtSnapshot: number;
}

/** A live object of the failed heap as its snapshots show it. */
export interface SnapshotPin {
  /** Its blocks × block size (a map shows blocks, not the bytes asked for). */
  readonly bytes: number;
  readonly blocks: number;
  readonly area: number;
  readonly block: number;
  readonly address: number;
  /** Its letter in the map (`h` for anything not named). */
  readonly kind: DumpKind;
  /**
   * The snapshots in a row, ending with the failure's, that show an object of this size and
   * letter at this place: a lower bound on how long it lived (1: only the failure's).
   */
  readonly seenIn: number;
  /** The earliest of them (index in the series) and its capture line. */
  readonly firstSeen: number;
  readonly firstLine: number;
  /** Milliseconds from that snapshot to the failure's; null without ticks. */
  readonly livedMs: number | null;
  /** The probe mark in force at that snapshot, and that snapshot's label; null when none. */
  readonly mark: string | null;
  readonly label: string | null;
}

/** A few small long-lived objects cut the free space so that no run is long enough. */
export interface SnapshotPinningEvidence {
  readonly area: number;
  /** The area's free blocks and longest free run; the blocks the request needs. */
  readonly freeBlocks: number;
  readonly largestFreeRun: number;
  readonly requestBlocks: number;
  /** The first block of the run that freeing the pins would make. */
  readonly block: number;
  readonly pins: readonly SnapshotPin[];
}

/** Bytes in use plus the request exceed the heap. */
export interface SnapshotHeapTooSmallEvidence {
  /** Bytes in use at the failure's snapshot (after the collection the request ran). */
  readonly liveBytes: number;
  readonly requestBytes: number;
  readonly heapBytes: number;
  readonly largestAreaBytes: number;
  /** Bytes missing: live + request (in blocks) − heap, or request − largest area when larger. */
  readonly shortByBytes: number;
}

interface CauseOf<K extends CauseKind, E> {
  readonly kind: K;
  /** One plain sentence with the numbers. */
  readonly summary: string;
  readonly evidence: E;
}

/** One cause of a MemoryError, as a capture's snapshots show it. */
export type SnapshotCause =
  | CauseOf<'growing-request', SnapshotGrowingRequestEvidence>
  | CauseOf<'accumulation', SnapshotAccumulationEvidence>
  | CauseOf<'pinning', SnapshotPinningEvidence>
  | CauseOf<'heap-too-small', SnapshotHeapTooSmallEvidence>;

/** A kind of cause the snapshots could not check for this MemoryError, and why. */
export interface NotShown {
  readonly kind: CauseKind;
  readonly reason: string;
}

/** What the snapshots say about one MemoryError. */
export interface SnapshotDiagnosis {
  /** The causes whose evidence holds, most explanatory first (the order of `diagnoseFailure`). */
  readonly causes: readonly SnapshotCause[];
  /** The kinds the snapshots could not check: growing-request, accumulation, pinning, transient-peak, heap-too-small, in that order. */
  readonly notShown: readonly NotShown[];
}

/** A detector's answer: its cause, why it could not check, or null when it checked and the evidence does not hold. */
export type SnapshotFinding = { readonly cause: SnapshotCause } | { readonly notShown: string } | null;
