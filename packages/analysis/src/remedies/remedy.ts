/**
 * What `proposeRemedies` returns: changes that would have avoided a run's failure, each proven
 * (or not) by replaying the changed event stream, the whole recording, on the same engine.
 * Event numbers count from 1 (docs/events-and-lines.md): those in a change are the recording's;
 * `failedAt` is the changed stream's own, and `failedAtRecorded` the recording's event it stands
 * for. Byte figures are whole bytes.
 */
import type { NumberSequence } from '@heaplab/core';
import type { DiagnosisMark } from '../diagnosis/marks.js';

/** Where the events came from: a device trace's what-if stream, or a workload with real reachability. */
export type RemedySource = 'trace' | 'workload';

/** How to propose. */
export interface RemedyOptions {
  readonly source: RemedySource;
  /**
   * With `source` `'trace'`: a device trace (the default) or an engine trace that lists what its
   * collections free (`sweep`, `freed`); only the wording of the remedies it cannot check differs.
   */
  readonly recording?: 'device' | 'engine';
  /** Strategy specs to try (`strategySpec` form); default every registered strategy but the heap's own. */
  readonly strategies?: readonly string[];
  /** Only these kinds of remedy (default all). */
  readonly kinds?: readonly RemedyKind[];
  /** The trace line of each event: event n came from line `lines.at(n − 1)`. */
  readonly lines?: NumberSequence;
  /** Marks over the run, as the diagnosis was given them (they keep a growing series to its label). */
  readonly marks?: readonly DiagnosisMark[];
  /**
   * Policy trials (`layout`, `strategy`) already replayed elsewhere on the same events, e.g. on
   * another thread by `tryPolicies`: taken as they are; the other policies are replayed here.
   */
  readonly trials?: readonly PolicyTrial[];
}

/** What replaying a changed stream showed. */
export interface RemedyCheck {
  /** No request of the changed stream failed, to the end of the recording. */
  readonly survives: boolean;
  /** Events of the changed stream run: all of them, or up to its first failed request. */
  readonly eventsRun: number;
  /** The changed stream's event (from 1) whose request failed first. */
  readonly failedAt?: number;
  /** The recording's event that failing event is (or, for an event the change put in, the one it was put before). */
  readonly failedAtRecorded?: number;
  /** That recorded event's trace line, when lines were given. */
  readonly failedLine?: number;
  /**
   * The smallest margin between the longest free run a request could be placed from and the
   * blocks it took (bytes; negative when one failed), over the requests that ran a collection,
   * or over all requests when none did. See `run-tally.ts`.
   */
  readonly headroomBytes: number;
  /** The most bytes in use at once (allocated blocks, uncollected garbage included). */
  readonly peakUsedBytes: number;
  /**
   * Device traces: collections at which the replay let the engine free what the device swept
   * only at its next collection, where the changed run had to collect between the device's
   * own. The verdict holds if those objects were garbage already. Absent when none.
   */
  readonly assumedGarbage?: number;
  /**
   * With `assumedGarbage`: the recording's event (from 1) of the first request that needed it, and
   * its trace line when lines were given. Keeping every object until the device swept it (what
   * `heaplab compare` replays), the changed run fails at that request.
   */
  readonly firstAssumedAtRecorded?: number;
  readonly firstAssumedLine?: number;
}

/** `preallocate`: one buffer, allocated at start-up, serves a request series. */
export interface PreallocateChange {
  /** `growing`: the failing request's growing series; `constant`: requests of the failing request's exact size. */
  readonly series: 'growing' | 'constant';
  /** The buffer: the largest size the series asks for in the recording. */
  readonly bufferBytes: number;
  /** Objects of the series (the failing request counted), and their requests (allocations and reallocs). */
  readonly objects: number;
  readonly requests: number;
  readonly firstEvent: number;
  readonly firstLine: number | null;
  /** Whether the series' growth levels off; when not, the buffer is large enough for this recording only. */
  readonly bounded: boolean;
}

/** An object moved to an earlier allocation. */
export interface MovedObject {
  readonly event: number;
  readonly line: number | null;
  readonly bytes: number;
}

/** `allocate-early`: the pinning objects are allocated before the first large buffer. */
export interface AllocateEarlyChange {
  /** The recording's event of the first large buffer (at least a quarter of the failing request's blocks). */
  readonly beforeEvent: number;
  readonly beforeLine: number | null;
  readonly moved: readonly MovedObject[];
}

/** `cap-growth`: the growing series never asks for more than `capBytes`. */
export interface CapGrowthChange {
  readonly capBytes: number;
  readonly firstBytes: number;
  /** The largest size the series asks for without the cap. */
  readonly uncappedBytes: number;
  /** Requests the cap cut down. */
  readonly requestsCapped: number;
  /** The next cap tried above it, which failed; null when no larger cap was tried. */
  readonly failingCapBytes: number | null;
}

/** `bound-accumulation`: only the newest `keep` of the accumulating objects are kept. */
export interface BoundAccumulationChange {
  readonly keep: number;
  /** The accumulating objects (the diagnosis' holders). */
  readonly objects: number;
  /** Objects let go early. */
  readonly released: number;
  /** The next bound tried above it, which failed; null when none was. */
  readonly failingKeep: number | null;
}

/** `collect-before`: a collection (`gc.collect()`) before each large request. */
export interface CollectBeforeChange {
  readonly collections: number;
  readonly firstEvent: number;
  readonly firstLine: number | null;
}

/** `threshold`: `gc.threshold(bytes)` at start-up. */
export interface ThresholdChange {
  readonly bytes: number;
  /** The next threshold tried above it, which failed; null when none was. */
  readonly failingBytes: number | null;
}

/** `larger-heap`: the smallest heap found on which the recording survives. */
export interface LargerHeapChange {
  /** Region bytes, all areas (the given heap's, and the heap found). */
  readonly givenBytes: number;
  readonly heapBytes: number;
  /** The heap found, in blocks' bytes (what `gc_info` reports as its total). */
  readonly usableBytes: number;
  readonly scale: number;
  /** False when a request grows without bound: no heap size is safe, this one survives the recording only. */
  readonly safe: boolean;
}

/** `strategy` / `layout`: another placement policy, or another area policy, in the firmware. */
export interface PolicyChange {
  /** The strategy spec (`strategySpec`), e.g. `tlsf` or `micropython@by-size=256`. */
  readonly strategy: string;
}

interface Checked<K extends string, C> {
  readonly kind: K;
  /** One plain sentence with the numbers: the change and what its replay showed. */
  readonly summary: string;
  readonly change: C;
  readonly verified: RemedyCheck;
}

/** A remedy that cannot be checked on this input, and why: for the caller to print, not a fix. */
export interface UncheckedRemedy {
  readonly kind: 'collect-before' | 'threshold';
  readonly summary: string;
  readonly change: null;
  readonly verified: null;
  readonly reason: string;
}

/** One remedy. */
export type Remedy =
  | Checked<'preallocate', PreallocateChange>
  | Checked<'allocate-early', AllocateEarlyChange>
  | Checked<'cap-growth', CapGrowthChange>
  | Checked<'bound-accumulation', BoundAccumulationChange>
  | Checked<'collect-before', CollectBeforeChange>
  | Checked<'threshold', ThresholdChange>
  | Checked<'larger-heap', LargerHeapChange>
  | Checked<'layout', PolicyChange>
  | Checked<'strategy', PolicyChange>
  | UncheckedRemedy;

/** The kinds of remedy, as spelled in `Remedy.kind`, from the smallest change asked of the user to the largest. */
export const REMEDY_KINDS = [
  'preallocate',
  'allocate-early',
  'cap-growth',
  'bound-accumulation',
  'collect-before',
  'threshold',
  'larger-heap',
  'layout',
  'strategy',
] as const;

export type RemedyKind = (typeof REMEDY_KINDS)[number];

/** A firmware-level policy to try (`layout` or `strategy`): its kind and the spec asked for. */
export interface PolicyAsk {
  readonly kind: 'strategy' | 'layout';
  readonly spec: string;
}

/** A policy replayed: the spec asked for, the spec it resolved to, and what the replay showed. */
export interface PolicyTrial extends PolicyAsk {
  readonly resolved: string;
  readonly verified: RemedyCheck;
}
