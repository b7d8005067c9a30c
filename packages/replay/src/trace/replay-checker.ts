/**
 * Running replay steps on the engine and checking each outcome against what the device
 * recorded: placements, realloc results, whether a request collected, failures, every
 * `gc_info` checkpoint and every sync's map. Gaps (lost events) are recorded with where the
 * replay picked up again, and marks with where they stand in the replay's events.
 */
import {
  collectionOf,
  createHeap,
  gcInfo,
  HeapInputError,
  objectsByAddress,
  objectsById,
  openDraft,
  plural,
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
import { explainFailure, type FailureExplanation } from '@heaplab/analysis';
import type { InputCut } from '../sources/line-batches.js';
import { checkLayout, sameInfo } from './check-layout.js';
import { compareOutcome, describeRecorded } from './compare-outcome.js';
import type { HeapLine } from './device-event.js';
import { GapLog, type ReplayGap } from './gap-log.js';
import { withoutMissing } from './without-missing.js';
import type { Recorded, ReplayStep } from './replay-step.js';
import type { SyncObject } from './sync-reader.js';
import type { TraceMark } from './trace-mark.js';

/** Where the engine did something other than the device. */
export interface Divergence {
  /** The engine event's number (from 1; `heaplab replay --at N` shows the heap after event N). */
  readonly event: number;
  /** Trace line of the step. */
  readonly line: number;
  readonly expected: string;
  readonly actual: string;
}

/**
 * The MemoryError the trace ends in (or raises along the way), and the engine's view of it: the
 * first one the replay reached, else the first one the device raised after a gap the replay could
 * not get past.
 */
export type ReplayMemoryError = ReplayedMemoryError | UnreplayedMemoryError;

/** A MemoryError the device raised after a gap, with no sync between them: seen, not replayed. */
export interface UnreplayedMemoryError {
  readonly event: null;
  /** The `memory_error` line. */
  readonly line: number;
  readonly bytes: number;
  readonly replayed: false;
  readonly reproduced: false;
  readonly divergedLine: null;
  readonly facts: null;
  readonly explanation: null;
}

/** A MemoryError whose request the engine replayed. */
export interface ReplayedMemoryError {
  /** The failing engine event's number (from 1). */
  readonly event: number;
  /** The trace line of the failed request (the line of event `event`). */
  readonly line: number;
  readonly bytes: number;
  readonly replayed: true;
  /**
   * The engine's request failed too, at the same event. Null for an engine trace, which records
   * no failure to reproduce: its MemoryError is the engine's own first failed request.
   */
  readonly reproduced: boolean | null;
  /**
   * The line where the replay stopped matching the device before this request (its first
   * divergence, or checkpoint or map mismatch); null when it still matched. When set, `facts`
   * and `explanation` are null: they would describe the engine's heap, which is not the device's.
   */
  readonly divergedLine: number | null;
  /** The engine's facts of the failure (null when it did not fail, or had diverged before). */
  readonly facts: MemoryErrorFacts | null;
  /** Why it failed, and what would have made it fit (null when it did not fail, or had diverged before). */
  readonly explanation: FailureExplanation | null;
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
  /** `gc_info` checkpoints checked (`total`) and matched. */
  readonly checkpoints: { readonly matched: number; readonly total: number };
  /** `gc_info` checkpoints between a gap and the sync after it (or the end): seen, not checked. */
  readonly uncheckedCheckpoints: number;
  readonly firstCheckpointMismatch: { readonly line: number; readonly expected: GcInfo; readonly actual: GcInfo } | null;
  /** Syncs on a replay that had lost nothing: full-map checkpoints. */
  readonly maps: { readonly matched: number; readonly total: number };
  readonly firstMapMismatch: { readonly line: number; readonly detail: string } | null;
  /** Every gap, in order (empty for a complete trace). */
  readonly gaps: readonly ReplayGap[];
  /** Where the file was cut short (a gzip stream that broke off…); null when it was read whole. */
  readonly truncated: InputCut | null;
  /** The trace's marks, in order, each with the number of this replay's engine events before it. */
  readonly marks: readonly TraceMark[];
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
  private uncheckedCheckpoints = 0;
  private firstMismatch: ReplayReport['firstCheckpointMismatch'] = null;
  private mapsMatched = 0;
  private maps = 0;
  private firstMapMismatch: ReplayReport['firstMapMismatch'] = null;
  private readonly gaps = new GapLog();
  private truncated: InputCut | null = null;
  private readonly marks: TraceMark[] = [];
  private skipped = 0;
  private failedRequests = 0;
  private lastLine = 0;
  private memoryError: ReplayedMemoryError | null = null;
  /** The first MemoryError the device raised after a gap, before the replay could resynchronise. */
  private unreplayedError: UnreplayedMemoryError | null = null;
  /** The last engine event's outcome and line (a MemoryError marker refers to it). */
  private last: { outcome: Outcome; event: number; line: number; recorded: Recorded } | null = null;
  /** The trace line that allocated each live object (bounded by the live objects). */
  private readonly bornLines = new Map<ObjectId, number>();
  /** Objects the device allocated but the engine could not: later lines about them are skipped. */
  private readonly missing = new Set<ObjectId>();
  /** The outcome of the engine event `step` last returned; null when it was skipped, not applied. */
  private outcome: Outcome | null = null;
  /** Objects of the heap the replay started from (a dump's, with the ids 0, 1, 2…), and the events that built it; 0 from boot. */
  private readonly startObjects: number;
  private readonly startEvents: number;

  constructor(
    configInput: HeapConfigInput,
    heaps: readonly HeapLine[],
    private readonly file?: string,
    /** A heap to start from instead of an empty one (an engine trace replayed on a dump). */
    initial?: HeapState,
    /** Also count as divergences the threshold collections the engine's counter did not call for (`--verify`). */
    private readonly verify = false,
  ) {
    this.startObjects = initial?.objectCount ?? 0;
    this.startEvents = initial?.events ?? 0;
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

  /**
   * Applies and checks one step; returns the engine event it stands for, if any (an event about
   * an object whose request failed is returned as it is, and changes nothing).
   */
  step(step: ReplayStep): HeapEvent | null {
    this.lastLine = step.line;
    const { recorded } = step;
    if (step.event === null) {
      if (recorded.kind === 'info') this.checkpoint(recorded.info, step.line);
      else if (recorded.kind === 'memory-error') this.raised(recorded.bytes, step.line);
      else if (recorded.kind === 'skipped') this.skipped++;
      else if (recorded.kind === 'gap') this.gaps.gap(step.line, recorded.lost);
      else if (recorded.kind === 'unreplayed-memory-error') this.unreplayed(recorded.bytes, step.line);
      else if (recorded.kind === 'unchecked-info') this.uncheckedCheckpoints++;
      else if (recorded.kind === 'map') this.mapCheckpoint(recorded.objects, step.line);
      else if (recorded.kind === 'resync') return this.resync(step.line);
      else if (recorded.kind === 'cut') this.truncated = { afterLine: step.line, reason: recorded.reason };
      else if (recorded.kind === 'mark') this.marks.push({ event: this.events, line: step.line, label: recorded.label });
      return null;
    }
    const engineEvent = this.missing.size === 0 ? step.event : withoutMissing(step.event, this.missing);
    if (engineEvent === null) {
      // Still an event of the stream, numbered as such (docs/events-and-lines.md); the engine
      // rejects it without a change, and so does a replay of it.
      this.events++;
      this.skipped++;
      this.outcome = null;
      return step.event;
    }
    const outcome = this.draft.apply(engineEvent);
    if (outcome.kind === 'rejected')
      throw new HeapInputError(`the engine cannot apply this: ${outcome.message}${this.dumpIdHint(engineEvent)}`, { file: this.file, line: step.line });
    this.outcome = outcome;
    // An object whose request failed does not exist: on a device that went on (placed), or in an
    // engine trace, whose program goes on past its failures. Later events about it are skipped.
    if (outcome.kind === 'memory-error' && outcome.op === 'alloc' && (recorded.kind === 'placed' || recorded.kind === 'unrecorded'))
      this.missing.add(outcome.id);
    const event = ++this.events;
    if (step.event.op === 'alloc' && recorded.kind !== 'synced') this.allocs++;
    this.trackLines(outcome, step.line);
    if (outcome.kind === 'memory-error') {
      this.failedRequests++;
      // An engine trace records no MemoryError lines: its first failed request is the one.
      if (recorded.kind === 'unrecorded') this.failure(event, step.line, outcome.facts.bytes, outcome.facts, false);
    }
    this.last = { outcome, event, line: step.line, recorded };
    if (recorded.kind !== 'unrecorded' && recorded.kind !== 'setting') this.checkedEvents++;
    const problem = compareOutcome(recorded, outcome, this.verify);
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

  /** The marks met so far, each with the number of engine events before it: the checker's own list, which grows as the trace is read. */
  get marksSoFar(): readonly TraceMark[] {
    return this.marks;
  }

  /** The outcome of the engine event `step` last returned (null: it was skipped, and changed nothing). */
  get lastOutcome(): Outcome | null {
    return this.outcome;
  }

  /** Free blocks in all areas now (no snapshot). */
  freeBlocks(): number {
    return this.draft.freeBlocks();
  }

  /** The longest run of free blocks in any one area now (no snapshot). */
  largestFreeRun(): number {
    return this.draft.largestFreeRun();
  }

  /** For an event about an id the dump's objects hold: what ids a trace replayed on a dump must use. */
  private dumpIdHint(event: HeapEvent): string {
    const ids = 'id' in event ? [event.id] : 'from' in event ? [event.from, event.to] : [];
    if (this.startObjects === 0 || !ids.some((id) => id < this.startObjects)) return '';
    return ` (the dump's ${plural(this.startObjects, 'object')} have the ids 0 to ${this.startObjects - 1}: a trace replayed on a dump numbers its own objects from ${this.startObjects} on)`;
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
      uncheckedCheckpoints: this.uncheckedCheckpoints,
      firstCheckpointMismatch: this.firstMismatch,
      maps: { matched: this.mapsMatched, total: this.maps },
      firstMapMismatch: this.firstMapMismatch,
      gaps: this.gaps.list(),
      truncated: this.truncated,
      marks: [...this.marks],
      skipped: this.skipped,
      failedRequests: this.failedRequests,
      memoryError: this.memoryError ?? this.unreplayedError,
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
      o === undefined ? 'nothing more' : `an object at area ${o.area} block ${o.block} (${plural(o.blocks, 'block')}${o.fin ? ', finaliser' : ''})`;
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
    this.outcome = outcome;
    this.events++;
    this.trackLines(outcome, line);
    this.missing.clear();
    this.last = null;
    this.gaps.resynced(line);
    return event;
  }

  private raised(bytes: number, line: number): void {
    const last = this.last;
    const failed = last !== null && last.recorded.kind === 'failed' ? last : null;
    if (failed === null) throw new HeapInputError('memory_error without the failed request (alloc_fail final) before it', { file: this.file, line });
    this.failure(failed.event, failed.line, bytes, failed.outcome.kind === 'memory-error' ? failed.outcome.facts : null);
  }

  /** A MemoryError the device raised after a gap, before the replay could resynchronise. */
  private unreplayed(bytes: number, line: number): void {
    this.gaps.unreplayedMemoryError(line, bytes);
    this.unreplayedError ??= { event: null, line, bytes, replayed: false, reproduced: false, divergedLine: null, facts: null, explanation: null };
  }

  /**
   * Records the first MemoryError (with the engine's facts, null when the engine did not fail);
   * `recorded`: the trace recorded it (a device's), so the engine may or may not reproduce it.
   * A replay that no longer matched the device keeps no facts or explanation: they would be the
   * engine's heap's, not the device's.
   */
  private failure(event: number, line: number, bytes: number, facts: MemoryErrorFacts | null, recorded = true): void {
    if (this.memoryError !== null) return;
    const divergedLine = this.divergedBefore(event, line);
    const kept = divergedLine === null ? facts : null;
    this.memoryError = {
      event,
      line,
      bytes,
      replayed: true,
      reproduced: recorded ? facts !== null : null,
      divergedLine,
      facts: kept,
      explanation: kept === null ? null : explainFailure(this.draft.snapshot(), kept, (id) => this.bornLines.get(id) ?? null, this.startEvents),
    };
  }

  /** The first line before event `event` (on line `line`) where the replay was seen to differ from the device; null when none. */
  private divergedBefore(event: number, line: number): number | null {
    const lines = [
      this.firstDivergence !== null && this.firstDivergence.event < event ? this.firstDivergence.line : null,
      this.firstMismatch !== null && this.firstMismatch.line < line ? this.firstMismatch.line : null,
      this.firstMapMismatch !== null && this.firstMapMismatch.line < line ? this.firstMapMismatch.line : null,
    ].filter((l): l is number => l !== null);
    return lines.length === 0 ? null : Math.min(...lines);
  }
}
