/**
 * Running replay steps on the engine and checking each outcome against what the device
 * recorded: placements, realloc results, whether a request collected, failures, every
 * `gc_info` checkpoint and every sync's map. Gaps (lost events) are recorded with where the
 * replay picked up again.
 */
import {
  collectionOf,
  createHeap,
  gcInfo,
  HeapInputError,
  objectsByAddress,
  objectsById,
  openDraft,
  resolveConfig,
  type CollectEvent,
  type EngineDraft,
  type GcInfo,
  type HeapConfig,
  type HeapConfigInput,
  type HeapEvent,
  type HeapState,
  type MemoryErrorFacts,
  type ObjectId,
  type Outcome,
} from '@heaplab/core';
import { explainFailure, type FailureExplanation } from '../explain/explain-failure.js';
import type { HeapLine } from './device-event.js';
import type { Recorded, ReplayStep } from './replay-step.js';
import type { SyncObject } from './sync-reader.js';

/** Where the engine did something other than the device. */
export interface Divergence {
  /** Index of the engine event (0-based). */
  readonly event: number;
  /** Trace line of the step. */
  readonly line: number;
  readonly expected: string;
  readonly actual: string;
}

/** The MemoryError the trace ends in (or raises along the way), and the engine's view of it. */
export interface ReplayMemoryError {
  readonly event: number;
  readonly line: number;
  readonly bytes: number;
  /** The engine's request failed too, at the same event. */
  readonly reproduced: boolean;
  /** The engine's facts of the failure (null when it did not fail). */
  readonly facts: MemoryErrorFacts | null;
  /** Why it failed, and what would have made it fit (null when it did not fail). */
  readonly explanation: FailureExplanation | null;
}

/** Where the recorder lost events (a `gap` line), and where the replay picked up again. */
export interface ReplayGap {
  /** The gap line. */
  readonly line: number;
  /** Events lost there. */
  readonly lost: number;
  /** The line ending the sync the replay resynchronised from; null when none came. */
  readonly resyncLine: number | null;
  /** MemoryErrors the device raised between the gap and the sync: seen, but not replayed. */
  readonly memoryErrors: readonly { readonly line: number; readonly bytes: number }[];
}

/** Everything a replay found. */
export interface ReplayReport {
  readonly file: string | null;
  /** Trace lines read (the last line number). */
  readonly lines: number;
  /** Engine events applied. */
  readonly events: number;
  /** Allocation requests (alloc, realloc of NULL, failed requests). */
  readonly allocs: number;
  /** Engine events whose outcome was checked against a recorded one (0 for an engine trace: nothing was recorded). */
  readonly checkedEvents: number;
  readonly divergences: number;
  readonly firstDivergence: Divergence | null;
  readonly checkpoints: { readonly matched: number; readonly total: number };
  readonly firstCheckpointMismatch: { readonly line: number; readonly expected: GcInfo; readonly actual: GcInfo } | null;
  /** Syncs on a replay that had lost nothing: full-map checkpoints. */
  readonly maps: { readonly matched: number; readonly total: number };
  readonly firstMapMismatch: { readonly line: number; readonly detail: string } | null;
  /** Every gap, in order (empty for a complete trace). */
  readonly gaps: readonly ReplayGap[];
  /** Steps the engine does not model (a locked heap), not checked. */
  readonly skipped: number;
  /** Requests the engine could not satisfy (whether or not the device raised MemoryError). */
  readonly failedRequests: number;
  readonly memoryError: ReplayMemoryError | null;
  readonly config: HeapConfig;
  /** The heap after the last event. */
  readonly state: HeapState;
}

export class ReplayChecker {
  private readonly draft: EngineDraft;
  readonly config: HeapConfig;
  private events = 0;
  private allocs = 0;
  private divergences = 0;
  private checkedEvents = 0;
  private firstDivergence: Divergence | null = null;
  private matched = 0;
  private checkpoints = 0;
  private firstMismatch: ReplayReport['firstCheckpointMismatch'] = null;
  private mapsMatched = 0;
  private maps = 0;
  private firstMapMismatch: ReplayReport['firstMapMismatch'] = null;
  private readonly gaps: { line: number; lost: number; resyncLine: number | null; memoryErrors: { line: number; bytes: number }[] }[] = [];
  private skipped = 0;
  private failedRequests = 0;
  private lastLine = 0;
  private memoryError: ReplayMemoryError | null = null;
  /** The last engine event's outcome and line (a MemoryError marker refers to it). */
  private last: { outcome: Outcome; event: number; line: number; recorded: Recorded } | null = null;
  /** The trace line that allocated each live object (bounded by the live objects). */
  private readonly bornLines = new Map<ObjectId, number>();
  /** Objects the device allocated but the engine could not: later lines about them are skipped. */
  private readonly missing = new Set<ObjectId>();

  constructor(
    configInput: HeapConfigInput,
    heaps: readonly HeapLine[],
    private readonly file?: string,
    /** A heap to start from instead of an empty one (an engine trace replayed on a dump). */
    initial?: HeapState,
  ) {
    if (initial !== undefined) {
      this.config = initial.config;
      this.draft = openDraft(initial);
      return;
    }
    const config = resolveConfig(configInput);
    checkLayout(config, heaps, file);
    this.config = config;
    this.draft = openDraft(createHeap(this.config));
  }

  /** Applies and checks one step; returns the engine event it applied, if any. */
  step(step: ReplayStep): HeapEvent | null {
    this.lastLine = step.line;
    const { recorded } = step;
    if (step.event === null) {
      if (recorded.kind === 'info') this.checkpoint(recorded.info, step.line);
      else if (recorded.kind === 'memory-error') this.raised(recorded.bytes, step.line);
      else if (recorded.kind === 'skipped') this.skipped++;
      else if (recorded.kind === 'gap') this.gaps.push({ line: step.line, lost: recorded.lost, resyncLine: null, memoryErrors: [] });
      else if (recorded.kind === 'unreplayed-memory-error') this.gaps.at(-1)?.memoryErrors.push({ line: step.line, bytes: recorded.bytes });
      else if (recorded.kind === 'map') this.mapCheckpoint(recorded.objects, step.line);
      else if (recorded.kind === 'resync') return this.resync(step.line);
      return null;
    }
    const engineEvent = this.missing.size === 0 ? step.event : withoutMissing(step.event, this.missing);
    if (engineEvent === null) {
      this.skipped++;
      return null;
    }
    const outcome = this.draft.apply(engineEvent);
    if (outcome.kind === 'rejected') throw new HeapInputError(`the engine cannot apply this: ${outcome.message}`, { file: this.file, line: step.line });
    // An object whose request failed does not exist: on a device that went on (placed), or in an
    // engine trace, whose program goes on past its failures. Later events about it are skipped.
    if (outcome.kind === 'memory-error' && outcome.op === 'alloc' && (recorded.kind === 'placed' || recorded.kind === 'unrecorded'))
      this.missing.add(outcome.id);
    const event = this.events++;
    if (step.event.op === 'alloc' && recorded.kind !== 'synced') this.allocs++;
    this.trackLines(outcome, step.line);
    if (outcome.kind === 'memory-error') {
      this.failedRequests++;
      // An engine trace records no MemoryError lines: its first failed request is the one.
      if (recorded.kind === 'unrecorded') this.failure(event, step.line, outcome.facts.bytes, outcome.facts);
    }
    this.last = { outcome, event, line: step.line, recorded };
    if (recorded.kind !== 'unrecorded') this.checkedEvents++;
    const problem = compare(recorded, outcome);
    if (problem !== null) {
      this.divergences++;
      this.firstDivergence ??= { event, line: step.line, expected: describeRecorded(recorded), actual: problem };
    }
    return engineEvent;
  }

  /** The heap as it is now. */
  snapshot(): HeapState {
    return this.draft.snapshot();
  }

  report(): ReplayReport {
    return {
      file: this.file ?? null,
      lines: this.lastLine,
      events: this.events,
      allocs: this.allocs,
      checkedEvents: this.checkedEvents,
      divergences: this.divergences,
      firstDivergence: this.firstDivergence,
      checkpoints: { matched: this.matched, total: this.checkpoints },
      firstCheckpointMismatch: this.firstMismatch,
      maps: { matched: this.mapsMatched, total: this.maps },
      firstMapMismatch: this.firstMapMismatch,
      gaps: this.gaps.map((gap) => ({ ...gap, memoryErrors: [...gap.memoryErrors] })),
      skipped: this.skipped,
      failedRequests: this.failedRequests,
      memoryError: this.memoryError,
      config: this.config,
      state: this.draft.snapshot(),
    };
  }

  private trackLines(outcome: Outcome, line: number): void {
    if (outcome.kind === 'placed') this.bornLines.set(outcome.id, line);
    else if (outcome.kind === 'freed') this.bornLines.delete(outcome.id);
    for (const freed of collectionOf(outcome)?.freed ?? []) this.bornLines.delete(freed.id);
  }

  private checkpoint(expected: GcInfo, line: number): void {
    this.checkpoints++;
    const actual = gcInfo(this.draft.snapshot());
    if (sameInfo(actual, expected)) this.matched++;
    else this.firstMismatch ??= { line, expected, actual };
  }

  /** A sync on a trusted replay: the engine's objects must be the sync's, place for place. */
  private mapCheckpoint(objects: readonly SyncObject[], line: number): void {
    this.maps++;
    const actual = objectsByAddress(this.draft.snapshot());
    const at = objects.findIndex((o, i) => {
      const a = actual[i];
      return a === undefined || a.area !== o.area || a.block !== o.block || a.blocks !== o.blocks || a.fin !== o.fin;
    });
    if (at < 0 && actual.length === objects.length) {
      this.mapsMatched++;
      return;
    }
    const describe = (o: { area: number; block: number; blocks: number; fin: boolean } | undefined): string =>
      o === undefined ? 'nothing more' : `an object at area ${o.area} block ${o.block} (${o.blocks} blocks${o.fin ? ', finaliser' : ''})`;
    const index = at < 0 ? objects.length : at;
    this.firstMapMismatch ??= {
      line,
      detail: `object ${index + 1} in address order: the device has ${describe(objects[index])}, the engine ${describe(actual[index])}`,
    };
  }

  /**
   * After a gap: the engine drops every object (one collection that frees them all), and the
   * sync's objects follow as placements. Returns the collection, the engine event applied.
   */
  private resync(line: number): CollectEvent {
    const event: CollectEvent = { op: 'collect', freed: objectsById(this.draft.snapshot()).map((o) => o.id) };
    const outcome = this.draft.apply(event);
    if (outcome.kind === 'rejected') throw new HeapInputError(`the engine cannot resynchronise: ${outcome.message}`, { file: this.file, line });
    this.events++;
    this.trackLines(outcome, line);
    this.missing.clear();
    this.last = null;
    // Every gap since the last resync ends here.
    for (let i = this.gaps.length - 1; i >= 0 && this.gaps[i]!.resyncLine === null; i--) this.gaps[i]!.resyncLine = line;
    return event;
  }

  private raised(bytes: number, line: number): void {
    const last = this.last;
    const failed = last !== null && last.recorded.kind === 'failed' ? last : null;
    if (failed === null) throw new HeapInputError('memory_error without the failed request (alloc_fail final) before it', { file: this.file, line });
    this.failure(failed.event, line, bytes, failed.outcome.kind === 'memory-error' ? failed.outcome.facts : null);
  }

  /** Records the first MemoryError (with the engine's facts, null when the engine did not fail). */
  private failure(event: number, line: number, bytes: number, facts: MemoryErrorFacts | null): void {
    if (this.memoryError !== null) return;
    this.memoryError = {
      event,
      line,
      bytes,
      reproduced: facts !== null,
      facts,
      explanation: facts === null ? null : explainFailure(this.draft.snapshot(), facts, (id) => this.bornLines.get(id) ?? null),
    };
  }
}

/**
 * The event without the objects the engine never had (after it failed a request the device
 * satisfied), or null when nothing of it is left to apply.
 */
function withoutMissing(event: HeapEvent, missing: ReadonlySet<ObjectId>): HeapEvent | null {
  switch (event.op) {
    case 'free':
    case 'realloc':
    case 'root':
    case 'unroot':
      return missing.has(event.id) ? null : event;
    case 'ref':
    case 'unref':
      return missing.has(event.from) || missing.has(event.to) ? null : event;
    case 'alloc':
      return event.sweep === undefined ? event : { ...event, sweep: event.sweep.filter((id) => !missing.has(id)) };
    case 'collect':
      return event.freed === undefined ? event : { ...event, freed: event.freed.filter((id) => !missing.has(id)) };
    default:
      return event;
  }
}

/** Why the engine's outcome differs from the recording, or null when it agrees. */
function compare(recorded: Recorded, outcome: Outcome): string | null {
  switch (recorded.kind) {
    case 'placed':
      if (outcome.kind !== 'placed') return describeOutcome(outcome);
      if (outcome.at.area !== recorded.area || outcome.at.block !== recorded.block || outcome.at.blocks !== recorded.blocks) return describeOutcome(outcome);
      return sameCollection(recorded.collection, outcome.collection?.reason ?? null);
    case 'failed':
      if (outcome.kind !== 'memory-error') return describeOutcome(outcome);
      return sameCollection(recorded.collection, outcome.facts.collection?.reason ?? null);
    case 'realloc':
      if (outcome.kind !== 'realloc' || outcome.result !== recorded.result) return describeOutcome(outcome);
      if (outcome.to.area !== recorded.area || outcome.to.block !== recorded.block || outcome.to.blocks !== recorded.blocks) return describeOutcome(outcome);
      return sameCollection(recorded.collection, outcome.collection?.reason ?? null);
    case 'realloc-failed':
      return outcome.kind === 'realloc-failed' ? null : describeOutcome(outcome);
    case 'freed':
      return outcome.kind === 'freed' ? null : describeOutcome(outcome);
    case 'zero':
      return outcome.kind === 'zero' ? null : describeOutcome(outcome);
    case 'collected':
      return outcome.kind === 'collected' ? null : describeOutcome(outcome);
    default:
      return null;
  }
}

function sameCollection(recorded: string | null, engine: string | null): string | null {
  if (recorded === engine) return null;
  return engine === null ? 'no collection ran' : `a ${engine} collection ran`;
}

function describeRecorded(recorded: Recorded): string {
  switch (recorded.kind) {
    case 'placed':
      return `placed at area ${recorded.area} block ${recorded.block} (${blocksText(recorded.blocks)})${collectionText(recorded.collection)}`;
    case 'failed':
      return `the request for ${recorded.bytes} bytes failed${collectionText(recorded.collection)}`;
    case 'realloc':
      return `realloc ${recorded.result}: area ${recorded.area} block ${recorded.block} (${blocksText(recorded.blocks)})${collectionText(recorded.collection)}`;
    default:
      return recorded.kind;
  }
}

function blocksText(blocks: number): string {
  return `${blocks} block${blocks === 1 ? '' : 's'}`;
}

function collectionText(reason: string | null): string {
  return reason === null ? '' : ` after a ${reason} collection`;
}

function describeOutcome(outcome: Outcome): string {
  switch (outcome.kind) {
    case 'placed':
      return `placed at area ${outcome.at.area} block ${outcome.at.block} (${blocksText(outcome.at.blocks)})`;
    case 'realloc':
      return `realloc ${outcome.result}: area ${outcome.to.area} block ${outcome.to.block} (${blocksText(outcome.to.blocks)})`;
    case 'memory-error':
      return `the request for ${outcome.facts.bytes} bytes failed`;
    default:
      return outcome.kind;
  }
}

function sameInfo(a: GcInfo, b: GcInfo): boolean {
  return (
    a.total === b.total && a.used === b.used && a.free === b.free && a.maxFree === b.maxFree && a.n1 === b.n1 && a.n2 === b.n2 && a.maxBlock === b.maxBlock
  );
}

/** The device's layout must be the one heaplab computes, or nothing after it can match. */
function checkLayout(config: HeapConfig, heaps: readonly HeapLine[], file: string | undefined): void {
  heaps.forEach((heap, index) => {
    const area = config.areas[index]!;
    const ours = `${area.blocks} blocks, ATB ${area.atbBytes} B, pool at +${area.poolOffset}`;
    const theirs = `${heap.total_blocks} blocks, ATB ${heap.atb_bytes} B, pool at +${heap.pool_offset}`;
    if (ours !== theirs || (index > 0 && heap.struct_bytes !== config.areaStructBytes)) {
      throw new HeapInputError(`area ${index}: heaplab lays out ${ours}; the device reports ${theirs} (check --mpy-version and the build's options)`, {
        file,
        line: index + 1,
      });
    }
  });
}
