/**
 * Replays of changed streams that share the recorded run's prefix. The recorded stream is run
 * once, lazily, on one draft, with a snapshot every `spacing` events and at each point a replay
 * asked to start from; the engine's states are values, so a changed stream's replay opens a draft
 * on the latest snapshot at or before its first edit and runs only from there. A replay whose
 * first edit comes after the recorded run's first failure fails there, without running at all.
 *
 * A device trace's what-if stream knows garbage only where the device swept it: each swept
 * object is dropped (unrooted) just before the request whose collection swept it. A changed run
 * that must collect between the device's collections finds nothing new to free there, although
 * the program had made garbage since: on a heap the device ran full before every collection,
 * that alone fails almost any change. So with `earlyDrops`, a request that fails where the device
 * did not collect may take the drops of the device's next collection early, those of its objects
 * that exist by then, and try again. That is the most garbage the recording allows at that point:
 * whatever was garbage then was swept by the device's next collection, and what that collection
 * did not sweep was still reachable. A request at which the device collected (its drops come just
 * before it) never takes more. The check counts the collections that needed this
 * (`assumedGarbage`): a verdict with such collections holds if those objects were garbage already.
 */
import { createHeap, openDraft, type EngineDraft, type HeapConfig, type HeapEvent, type HeapState, type NumberSequence } from '@heaplab/core';
import { partitionPoint } from '../partition-point.js';
import type { RemedyCheck } from './remedy.js';
import { emptyTally, tallyStep, type Tally, type TallyHeap } from './run-tally.js';
import type { StreamEdit } from './stream-edit.js';

/** What one replay found, and the events the engine refused in it (a sound change has none). */
export interface Replayed {
  readonly check: RemedyCheck;
  readonly rejected: number;
}

/** How a replayer reads the stream. */
export interface ReplayerOptions {
  /** The trace line of each recorded event. */
  readonly lines?: NumberSequence | null;
  /** The stream is a device trace's what-if (drops are `unroot`s): take the next collection's drops early where a request fails (see above). */
  readonly earlyDrops?: boolean;
  /** The replayer serves one replay only: it keeps no snapshots of the recorded run. Default false. */
  readonly once?: boolean;
}

/** A replay in progress. */
interface Run {
  readonly draft: EngineDraft;
  readonly tally: Tally;
  /** Recorded indices of the drops taken early. */
  readonly pulled: Set<number>;
}

interface Checkpoint {
  /** Recorded events run before it. */
  readonly index: number;
  readonly state: HeapState;
  readonly tally: Tally;
  readonly pulled: ReadonlySet<number>;
}

/** Snapshots of the recorded run: about this many over a long stream. */
const CHECKPOINTS = 128;
const MIN_SPACING = 512;

export class Replayer {
  private readonly heap: TallyHeap;
  private readonly spacing: number;
  private readonly lines: NumberSequence | null;
  private readonly checkpoints: Checkpoint[];
  /** The recorded run, `next` events in. */
  private readonly recorded: Run;
  private next = 0;
  /** The recorded run's tally just after its first failure, once it failed. */
  private failed: Tally | null = null;
  /** Runs of consecutive drops (recorded indices, end exclusive), when `earlyDrops`. */
  private readonly drops: { readonly starts: number[]; readonly ends: number[] } | null;

  constructor(
    readonly config: HeapConfig,
    private readonly events: readonly HeapEvent[],
    options: ReplayerOptions = {},
  ) {
    const initial = createHeap(config);
    this.heap = { blocks: initial.tables.reduce((sum, table) => sum + table.blocks, 0), blockBytes: config.blockBytes };
    this.spacing = options.once === true ? Number.POSITIVE_INFINITY : Math.max(MIN_SPACING, Math.ceil(events.length / CHECKPOINTS));
    this.lines = options.lines ?? null;
    this.checkpoints = [{ index: 0, state: initial, tally: emptyTally(), pulled: new Set() }];
    this.recorded = { draft: openDraft(initial), tally: emptyTally(), pulled: new Set() };
    this.drops = options.earlyDrops === true ? dropRuns(events) : null;
  }

  /** Replays the recorded stream changed by `edit`, to its end or its first failed request. */
  run(edit: StreamEdit): Replayed {
    const n = this.events.length;
    const start = Math.min(edit.firstChange, n);
    const base = this.prefix(start);
    if (!('state' in base)) return this.result(base, null, start, this.recorded.draft);
    const run: Run = { draft: openDraft(base.state), tally: { ...base.tally }, pulled: new Set(base.pulled) };
    for (let i = base.index; i < start; i++) if (!run.pulled.has(i)) this.step(run, this.events[i]!, i, edit);
    for (let i = start; i <= n; i++) {
      for (const event of edit.insertedBefore(i) ?? []) if (this.step(run, event, i, edit)) return this.result(run.tally, i, start, run.draft);
      if (i === n) break;
      if (run.pulled.has(i)) continue;
      const event = edit.eventAt(i, this.events[i]!);
      if (event !== null && this.step(run, event, i, edit)) return this.result(run.tally, i, start, run.draft);
    }
    return this.result(run.tally, null, start, run.draft);
  }

  /** Applies `event` (at recorded index `index`) to `run`, taking drops early if it fails and may; whether it failed. */
  private step(run: Run, event: HeapEvent, index: number, edit: StreamEdit | null): boolean {
    const { minMargin, minCollectedMargin } = run.tally;
    const outcome = tallyStep(run.draft, event, run.tally, this.heap);
    if (outcome.kind !== 'memory-error') return false;
    if (!this.pullDrops(run, index, edit)) return true;
    run.tally.events--;
    run.tally.failedAt = 0;
    run.tally.minMargin = minMargin;
    run.tally.minCollectedMargin = minCollectedMargin;
    if (run.tally.assumedGarbage++ === 0) run.tally.firstAssumedAt = index;
    return this.step(run, event, index, edit);
  }

  /**
   * Drops the objects of the device's next collection after recorded index `index` that exist
   * now; whether any was. None when the device collected for the request at `index` itself.
   */
  private pullDrops(run: Run, index: number, edit: StreamEdit | null): boolean {
    if (this.drops === null) return false;
    const { starts, ends } = this.drops;
    const next = partitionPoint(starts.length, (i) => starts[i]! < index);
    if (next > 0 && ends[next - 1] === index) return false;
    if (next === starts.length) return false;
    let pulled = false;
    for (let k = starts[next]!; k < ends[next]!; k++) {
      if (run.pulled.has(k)) continue;
      const event = edit === null ? this.events[k]! : edit.eventAt(k, this.events[k]!);
      if (event === null || run.draft.apply(event).kind !== 'ok') continue;
      run.tally.events++;
      run.pulled.add(k);
      pulled = true;
    }
    return pulled;
  }

  /** The latest snapshot at or before recorded event `start`, running the recorded stream on if it has not got there; the recorded run's tally if it failed before. */
  private prefix(start: number): Checkpoint | Tally {
    if (this.next < start && this.failed === null) {
      while (this.next < start) {
        const index = this.next++;
        if (this.recorded.pulled.has(index)) continue;
        if (this.step(this.recorded, this.events[index]!, index, null)) {
          this.failed = { ...this.recorded.tally };
          break;
        }
        if (this.next % this.spacing === 0 && this.next < start) this.keep();
      }
      if (this.failed === null) this.keep();
    }
    if (this.failed !== null && this.failed.failedAt <= start) return this.failed;
    let found = this.checkpoints[0]!;
    for (const checkpoint of this.checkpoints) if (checkpoint.index <= start && checkpoint.index >= found.index) found = checkpoint;
    return found;
  }

  /** Snapshots the recorded run. Of the drops it took early, only those still ahead matter to a run resumed here. */
  private keep(): void {
    const { draft, tally, pulled } = this.recorded;
    const ahead = new Set<number>();
    for (const index of pulled) if (index >= this.next) ahead.add(index);
    pulled.clear();
    for (const index of ahead) pulled.add(index);
    this.checkpoints.push({ index: this.next, state: draft.snapshot(), tally: { ...tally }, pulled: new Set(ahead) });
  }

  /**
   * The check from a finished tally. `at` is the recorded index the failing event stands in for
   * or was put before (null when none failed); `draft` gives the longest run for a stream without
   * requests.
   */
  private result(tally: Tally, at: number | null, start: number, draft: EngineDraft): Replayed {
    const bpb = this.heap.blockBytes;
    const n = this.events.length;
    const margin = Number.isFinite(tally.minCollectedMargin)
      ? tally.minCollectedMargin
      : Number.isFinite(tally.minMargin)
        ? tally.minMargin
        : draft.largestFreeRun();
    const failedIndex = tally.failedAt === 0 ? null : (at ?? Math.min(start, tally.failedAt - 1));
    const failure =
      failedIndex === null
        ? {}
        : {
            failedAt: tally.failedAt,
            failedAtRecorded: Math.min(failedIndex + 1, n),
            ...(this.lines === null || n === 0 ? {} : { failedLine: this.lines.at(Math.min(failedIndex, n - 1))! }),
          };
    return {
      check: {
        survives: tally.failedAt === 0,
        eventsRun: tally.events,
        ...failure,
        headroomBytes: margin * bpb,
        peakUsedBytes: tally.peakUsedBlocks * bpb,
        ...(tally.assumedGarbage === 0 ? {} : { assumedGarbage: tally.assumedGarbage, ...this.firstAssumed(tally.firstAssumedAt) }),
      },
      rejected: tally.rejected,
    };
  }

  /** Where the first request that took drops early stands in the recording: without them it fails there. */
  private firstAssumed(index: number): { firstAssumedAtRecorded: number; firstAssumedLine?: number } {
    const n = this.events.length;
    return {
      firstAssumedAtRecorded: Math.min(index + 1, n),
      ...(this.lines === null || n === 0 ? {} : { firstAssumedLine: this.lines.at(Math.min(index, n - 1))! }),
    };
  }
}

/** The runs of consecutive `unroot` events (a device collection's drops). */
function dropRuns(events: readonly HeapEvent[]): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < events.length; i++) {
    if (events[i]!.op !== 'unroot') continue;
    if (ends.length > 0 && ends[ends.length - 1] === i) ends[ends.length - 1] = i + 1;
    else {
      starts.push(i);
      ends.push(i + 1);
    }
  }
  return { starts, ends };
}
