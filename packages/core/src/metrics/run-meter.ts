/**
 * A run meter: fragmentation and memory-use figures over a stream of events, kept up to date
 * event by event at the cost of a few table-summary reads per area.
 *
 * The meter looks at the starting state (event 0) and at the state after every event. Events
 * are numbered from 1, rejected ones included: event n is the n-th of the stream, and the
 * figures "at event n" are those of the heap after it. Extremes name the first
 * point that reached them. Definitions, with B the block size in bytes:
 * - free bytes F and longest free run LF (the longest in any area: runs never join across
 *   areas); external fragmentation 1 − LF/F (0 when nothing is free);
 * - live bytes L: Σ of the live objects' requested bytes (`HeapObject.bytes`);
 * - used bytes U: the heap extent, Σ over areas of (last non-free block + 1)·B, 0 for an area
 *   with nothing in it: what a break-pointer allocator would have taken from the system;
 * - internal waste: rounding Σ(⌈bytes/B⌉·B − bytes) plus the strategy's own rounding
 *   Σ(blocks − ⌈bytes/B⌉)·B (size classes, powers of two), over the live objects; its share is
 *   waste / Σ blocks·B;
 * - Johnstone & Wilson's measures (ISMM'98): jw2 = U/L at the point of most live memory,
 *   jw3 = U/L at the point of most used memory, jw4 = max U / max L (the maxima may fall at
 *   different points); each is null when nothing was ever live;
 * - peak utilization: max L / heap bytes (all areas' blocks).
 */
import { freeBlocks, largestFreeRun, lastUsedBlock, type BlockTable } from '../block-table/index.js';
import { collectionOf } from '../collection-of.js';
import type { HeapEvent, ObjectId } from '../events.js';
import { externalFragmentation, heapFragmentation, type FreeRunBucket } from '../fragmentation.js';
import type { Outcome } from '../outcomes.js';
import type { HeapState } from '../state.js';
import { LiveTally } from './live-tally.js';
import { requestFit } from './request-fit.js';

/** How a meter samples. */
export interface RunMeterOptions {
  /** Keep a sample after every `sampleEvery`-th event (events n, 2n, …). Default 0: none. Failures are always sampled. */
  readonly sampleEvery?: number;
}

/** Bytes inside allocated blocks that no request asked for. */
export interface InternalWaste {
  /** Requests rounded up to whole blocks: Σ(⌈bytes/B⌉·B − bytes). */
  readonly rounding: number;
  /** Blocks the strategy added on top (size classes, powers of two): Σ(blocks − ⌈bytes/B⌉)·B. */
  readonly strategy: number;
  readonly total: number;
  /** total / the bytes the live objects' blocks occupy (Σ blocks·B); 0 when nothing is live. */
  readonly share: number;
}

/** The free space of one area at a sample. */
export interface AreaSample {
  readonly freeBytes: number;
  readonly largestFreeRunBytes: number;
  /** 1 − largest run / free (0 when nothing is free). */
  readonly fragmentation: number;
}

/** The heap after one event. */
export interface RunSample {
  /** The event's number (from 1). */
  readonly event: number;
  readonly freeBytes: number;
  /** Longest free run of any area. */
  readonly largestFreeRunBytes: number;
  /** 1 − largest run / free over the whole heap (0 when nothing is free). */
  readonly fragmentation: number;
  readonly liveBytes: number;
  /** The heap extent (see the module comment). */
  readonly usedBytes: number;
  readonly areas: readonly AreaSample[];
}

/** The first request that failed (`memory-error`), with the heap as it was left (after any collection). */
export interface FirstFailure {
  /** The failing event's number (from 1). */
  readonly event: number;
  readonly op: 'alloc' | 'realloc';
  readonly id: ObjectId;
  /** Requested bytes, and the blocks the strategy searched for. */
  readonly bytes: number;
  readonly blocks: number;
  /** Failed because the heap was locked, not for want of room. */
  readonly locked: boolean;
  /** The request ran a collection before failing. */
  readonly collected: boolean;
  readonly freeBytes: number;
  readonly largestFreeRunBytes: number;
  /** Longest free run of each area, in blocks. */
  readonly largestFreeRuns: readonly number[];
  /** 1 − largest run / free over the whole heap. */
  readonly fragmentation: number;
  /** For the failing request's blocks: see `requestFit`. */
  readonly unusableFreeIndex: number;
  readonly fragmentationIndex: number;
  /** Free-run lengths over the whole heap (`FREE_RUN_BUCKETS`). */
  readonly histogram: readonly FreeRunBucket[];
  /** Time to failure: events, allocation requests and bytes requested before this event. */
  readonly eventsBefore: number;
  readonly allocationsBefore: number;
  readonly bytesAllocatedBefore: number;
}

/** Everything a meter measured over a run. Plain numbers: JSON-serialisable, equal for equal inputs. */
export interface RunMetrics {
  readonly blockBytes: number;
  /** Bytes of all areas' blocks. */
  readonly heapBytes: number;
  /** Events recorded. */
  readonly events: number;
  /** Allocation requests: alloc events and reallocs to a non-zero size that were not rejected. */
  readonly allocations: number;
  /** Failed requests (`memory-error`). */
  readonly failures: number;
  /** Rejected events (e.g. an id left unknown by an earlier failure). */
  readonly skipped: number;
  /** Collections run by the events. */
  readonly collections: number;
  readonly firstFailure: FirstFailure | null;
  /** The shortest the longest free run got (event 0: the starting state). */
  readonly minLargestFreeRun: { readonly blocks: number; readonly bytes: number; readonly event: number };
  /** The highest whole-heap external fragmentation, and its event. */
  readonly peakFragmentation: { readonly value: number; readonly event: number };
  /** Mean whole-heap external fragmentation after each event (0 for no events). */
  readonly meanFragmentation: number;
  /** Internal waste at the end of the run. */
  readonly internalWaste: InternalWaste;
  /** Internal waste at the point of most live memory (where jw2 is taken). */
  readonly internalWasteAtPeak: InternalWaste;
  /** The most internal waste (total bytes) seen, and its event. */
  readonly peakInternalWaste: InternalWaste & { readonly event: number };
  /** max L and max U, in bytes. */
  readonly peakLiveBytes: number;
  readonly peakUsedBytes: number;
  /** Johnstone & Wilson's measures (see the module comment); null when nothing was ever live. */
  readonly jw2: number | null;
  readonly jw3: number | null;
  readonly jw4: number | null;
  /** max L / heap bytes. */
  readonly peakUtilization: number;
  readonly samples: readonly RunSample[];
}

/** An incremental meter over one run. */
export interface RunMeter {
  /** Takes in one event, its outcome and the state after it. O(areas), more at a first failure. */
  record(event: HeapEvent, outcome: Outcome, stateAfter: HeapState): void;
  /** The figures so far. */
  result(): RunMetrics;
}

/** A meter for a run that starts from `initialState` (its live objects count from the start). */
export function createRunMeter(initialState: HeapState, options: RunMeterOptions = {}): RunMeter {
  const meter = new Meter(initialState, options);
  return {
    record: (event, outcome, stateAfter) => meter.observe(event, outcome, stateAfter.tables, () => stateAfter),
    result: () => meter.result(),
  };
}

const NO_WASTE: InternalWaste = { rounding: 0, strategy: 0, total: 0, share: 0 };

/**
 * The meter itself. `observe` reads block tables rather than a state, so an engine draft can be
 * measured without a snapshot per event (`measureRun`); `state` is called only at a first failure.
 */
export class Meter {
  private readonly blockBytes: number;
  private readonly heapBytes: number;
  private readonly sampleEvery: number;
  private readonly tally: LiveTally;

  private events = 0;
  private allocations = 0;
  private bytesAllocated = 0;
  private failures = 0;
  private skipped = 0;
  private collections = 0;
  private firstFailure: FirstFailure | null = null;
  private readonly samples: RunSample[] = [];

  // The heap as last measured: totals in blocks, per area in blocks, extent in bytes.
  private freeBlocks = 0;
  private largestRun = 0;
  private usedBytes = 0;
  private readonly areaFree: number[];
  private readonly areaRun: number[];

  private minRun: { blocks: number; event: number };
  private peakFragmentation: { value: number; event: number };
  private fragmentationSum = 0;
  private peakLive = 0;
  private usedAtPeakLive = 0;
  private wasteAtPeakLive: InternalWaste = NO_WASTE;
  private peakUsed = 0;
  private liveAtPeakUsed = 0;
  private peakWaste: InternalWaste & { event: number } = { ...NO_WASTE, event: 0 };

  constructor(initial: HeapState, options: RunMeterOptions) {
    this.blockBytes = initial.config.blockBytes;
    this.heapBytes = initial.tables.reduce((sum, table) => sum + table.blocks, 0) * this.blockBytes;
    this.sampleEvery = options.sampleEvery ?? 0;
    this.areaFree = initial.tables.map(() => 0);
    this.areaRun = initial.tables.map(() => 0);
    this.tally = new LiveTally(initial);
    this.measure(initial.tables);
    this.minRun = { blocks: this.largestRun, event: 0 };
    this.peakFragmentation = { value: this.fragmentation(), event: 0 };
    this.track(0);
  }

  /** Takes in one event, its outcome and the tables after it; `state` gives the state after it. */
  observe(event: HeapEvent, outcome: Outcome, tables: readonly BlockTable[], state: () => HeapState): void {
    const number = ++this.events;
    const allocationsBefore = this.allocations;
    const bytesBefore = this.bytesAllocated;
    if (outcome.kind === 'rejected') {
      this.skipped++;
    } else if (event.op === 'alloc' || (event.op === 'realloc' && event.bytes > 0)) {
      this.allocations++;
      this.bytesAllocated += event.bytes;
    }
    if (collectionOf(outcome) !== null) this.collections++;
    this.tally.observe(event, outcome);

    this.measure(tables);
    const fragmentation = this.fragmentation();
    this.fragmentationSum += fragmentation;
    if (fragmentation > this.peakFragmentation.value) this.peakFragmentation = { value: fragmentation, event: number };
    if (this.largestRun < this.minRun.blocks) this.minRun = { blocks: this.largestRun, event: number };
    this.track(number);

    if (outcome.kind === 'memory-error') {
      this.failures++;
      if (this.firstFailure === null) {
        const { facts } = outcome;
        const fit = requestFit({ tables }, facts.blocks);
        this.firstFailure = {
          event: number,
          op: outcome.op,
          id: outcome.id,
          bytes: facts.bytes,
          blocks: facts.blocks,
          locked: facts.locked,
          collected: facts.collection !== null,
          freeBytes: facts.freeBytes,
          largestFreeRunBytes: this.largestRun * this.blockBytes,
          largestFreeRuns: facts.largestFreeRun,
          fragmentation,
          unusableFreeIndex: fit.unusableFreeIndex,
          fragmentationIndex: fit.fragmentationIndex,
          histogram: heapFragmentation(state()).histogram,
          eventsBefore: number - 1,
          allocationsBefore,
          bytesAllocatedBefore: bytesBefore,
        };
      }
    }
    if (outcome.kind === 'memory-error' || (this.sampleEvery > 0 && this.events % this.sampleEvery === 0)) this.sample(number, fragmentation);
  }

  /** The figures so far. */
  result(): RunMetrics {
    const bpb = this.blockBytes;
    const everLive = this.peakLive > 0;
    return {
      blockBytes: bpb,
      heapBytes: this.heapBytes,
      events: this.events,
      allocations: this.allocations,
      failures: this.failures,
      skipped: this.skipped,
      collections: this.collections,
      firstFailure: this.firstFailure,
      minLargestFreeRun: { blocks: this.minRun.blocks, bytes: this.minRun.blocks * bpb, event: this.minRun.event },
      peakFragmentation: { ...this.peakFragmentation },
      meanFragmentation: this.events === 0 ? 0 : this.fragmentationSum / this.events,
      internalWaste: this.waste(),
      internalWasteAtPeak: this.wasteAtPeakLive,
      peakInternalWaste: this.peakWaste,
      peakLiveBytes: this.peakLive,
      peakUsedBytes: this.peakUsed,
      jw2: everLive ? this.usedAtPeakLive / this.peakLive : null,
      jw3: everLive ? this.peakUsed / this.liveAtPeakUsed : null,
      jw4: everLive ? this.peakUsed / this.peakLive : null,
      peakUtilization: this.peakLive / this.heapBytes,
      samples: this.samples.slice(),
    };
  }

  private waste(): InternalWaste {
    const { roundingWaste, strategyWaste, liveBytes } = this.tally;
    const total = roundingWaste + strategyWaste;
    return { rounding: roundingWaste, strategy: strategyWaste, total, share: total === 0 ? 0 : total / (liveBytes + total) };
  }

  /** Reads free blocks, longest run and extent of every area from the tables' summaries. */
  private measure(tables: readonly BlockTable[]): void {
    let free = 0;
    let largest = 0;
    let used = 0;
    for (let area = 0; area < tables.length; area++) {
      const table = tables[area]!;
      const areaFree = freeBlocks(table);
      const areaRun = largestFreeRun(table);
      free += areaFree;
      if (areaRun > largest) largest = areaRun;
      if (areaFree < table.blocks) used += lastUsedBlock(table) + 1;
      this.areaFree[area] = areaFree;
      this.areaRun[area] = areaRun;
    }
    this.freeBlocks = free;
    this.largestRun = largest;
    this.usedBytes = used * this.blockBytes;
  }

  private fragmentation(): number {
    return externalFragmentation(this.largestRun, this.freeBlocks);
  }

  /** Updates the live, used and waste peaks with the heap as last measured. */
  private track(event: number): void {
    const { liveBytes } = this.tally;
    if (liveBytes > this.peakLive) {
      this.peakLive = liveBytes;
      this.usedAtPeakLive = this.usedBytes;
      this.wasteAtPeakLive = this.waste();
    }
    if (this.usedBytes > this.peakUsed) {
      this.peakUsed = this.usedBytes;
      this.liveAtPeakUsed = liveBytes;
    }
    const waste = this.tally.roundingWaste + this.tally.strategyWaste;
    if (waste > this.peakWaste.total) this.peakWaste = { ...this.waste(), event };
  }

  private sample(event: number, fragmentation: number): void {
    const bpb = this.blockBytes;
    this.samples.push({
      event,
      freeBytes: this.freeBlocks * bpb,
      largestFreeRunBytes: this.largestRun * bpb,
      fragmentation,
      liveBytes: this.tally.liveBytes,
      usedBytes: this.usedBytes,
      areas: this.areaFree.map((free, area) => ({
        freeBytes: free * bpb,
        largestFreeRunBytes: this.areaRun[area]! * bpb,
        fragmentation: externalFragmentation(this.areaRun[area]!, free),
      })),
    });
  }
}
