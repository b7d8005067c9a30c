/**
 * Time travel: the heap at any event of a replay. Replaying once keeps the engine events and a
 * snapshot every `every` events (snapshots share all they can), at most `maxSnapshots` of them:
 * past that the spacing doubles (`SnapshotLadder`). The state at event n is the nearest snapshot
 * at or before n plus the events after it. Asked for (`series: true`, what the report and the page
 * draw), the same pass builds the heap series over the events (free bytes, the longest free run and
 * live bytes: `HeapSeriesBuilder`); the replay, explain and minimize leave it out, a tenth of a
 * replay's time.
 */
import { lastValueFrom, Observable } from 'rxjs';
import { FailureRecorder, HeapSeriesBuilder, MarkCursor, type HeapSeries } from '@heaplab/analysis';
import { EventLog, openDraft, type ChunkStore, type HeapConfig, type HeapState, type NumberSequence, type Outcome } from '@heaplab/core';
import type { ReplayItem } from '../operators/to-replay-steps.js';
import { ReplayChecker, type ReplayReport } from '../trace/replay-checker.js';
import type { TraceMark } from '../trace/trace-mark.js';
import type { ReplayOptions } from './replay-trace.js';
import { SnapshotLadder } from './snapshot-ladder.js';
import { traceItems } from './trace-items.js';

/** How a timeline is built: the replay's options, the snapshot spacing (default 4096 events: the heap at any event is at most that many events from a snapshot, about 2 ms, for runs of up to `every × maxSnapshots` events; past that the spacing doubles as often as needed), how many snapshots at most (default 2048), and whether to build the heap series (default no). */
export type TimelineOptions = ReplayOptions & {
  readonly every?: number;
  readonly maxSnapshots?: number;
  readonly series?: boolean;
  /** Where the event log puts its full chunks (a file in the page's worker), so that the events kept for time travel need not stay in memory; by default they do. */
  readonly store?: ChunkStore;
  /**
   * Keep, in the same pass, what a diagnosis of the first failed request needs (`FailureRecorder`),
   * so that `timelineDiagnosis` makes no second pass; not for a replay from a dump. A run that
   * keeps more than `MAX_RECORDS` records (objects, requests, collections) before any request
   * fails lets them go, and its diagnosis makes its own pass as before; so the records never
   * outgrow about 20 MB. Default no.
   */
  readonly diagnose?: boolean;
};

/** Records a timeline keeps for a diagnosis before it gives up: at most 64 bytes each, with the maps of live objects. */
const MAX_RECORDS = 1 << 18;

/**
 * What a recorder would be told of an event the replay returned without applying: a fresh
 * replay's engine rejects it. Such an event names only objects whose request failed, so it comes
 * after the first failure, when the recorder has stopped; this keeps the count right regardless.
 */
const SKIPPED: Outcome = { kind: 'rejected', code: 'unknown-id', message: 'an object whose request failed' };

export class Timeline {
  constructor(
    readonly config: HeapConfig,
    /** The engine events, in order, packed (16 bytes an event, in memory or in the store), each tagged with its trace line. */
    readonly events: EventLog,
    private readonly snapshots: SnapshotLadder,
    /** The replay's report: the same as `replayTrace` gives for the trace, from the same pass. */
    readonly report: ReplayReport,
    private readonly builtSeries: HeapSeries | null,
    /** With `diagnose`: the pass's record of its first failed request (see `TimelineOptions.diagnose`); else null. */
    readonly failureRecorder: FailureRecorder | null,
  ) {}

  /** The heap series over the events, from the same pass: `heapSeries(stateAt(0), events)`. Only for a timeline built with `series: true`. */
  get series(): HeapSeries {
    if (this.builtSeries === null) throw new Error('Timeline.series: this timeline was built without its series (options.series)');
    return this.builtSeries;
  }

  /** The trace line of each engine event: event n came from `lines.at(n − 1)`. */
  get lines(): NumberSequence {
    return this.events.tags;
  }

  /** The trace's marks, numbered by these events: a mark at `event` n is in force from `stateAt(n)` on. */
  get marks(): readonly TraceMark[] {
    return this.report.marks;
  }

  /** Number of snapshots kept: at most the `maxSnapshots` it was built with. */
  get snapshotCount(): number {
    return this.snapshots.count;
  }

  /** Events between two kept snapshots: `every`, doubled each time the run passed `maxSnapshots`. */
  get snapshotSpacing(): number {
    return this.snapshots.spacing;
  }

  /** Number of engine events: states exist for 0 … length. */
  get length(): number {
    return this.events.length;
  }

  /** The heap after the first `n` events (0 ≤ n ≤ length). */
  stateAt(n: number): HeapState {
    if (!Number.isSafeInteger(n) || n < 0 || n > this.events.length)
      throw new RangeError(`stateAt: expected an event number from 0 to ${this.events.length}, got ${n}`);
    const base = this.snapshots.before(n);
    if (n === base.events) return base.state;
    const draft = openDraft(base.state);
    for (let i = base.events; i < n; i++) draft.apply(this.events.at(i)!);
    return draft.snapshot();
  }
}

/** Replays a trace once and keeps what `Timeline` needs, and the replay's report. */
export async function buildTimeline(file: string, options: TimelineOptions = {}): Promise<Timeline> {
  return timelineOf(file, await traceItems(file, options), options);
}

/** `buildTimeline` on the replay items of a trace read elsewhere (`traceItemsOf`); `file` names it. */
export function timelineOf(file: string, items: Observable<ReplayItem>, options: TimelineOptions = {}): Promise<Timeline> {
  const every = options.every ?? 4096;
  const maxSnapshots = options.maxSnapshots ?? 2048;
  return lastValueFrom(
    items.pipe(
      (source: Observable<ReplayItem>) =>
        new Observable<Timeline>((subscriber) => {
          let checker: ReplayChecker | null = null;
          const events = new EventLog(options.store ?? null);
          let snapshots: SnapshotLadder | null = null;
          let series: HeapSeriesBuilder | null = null;
          let recorder: FailureRecorder | null = null;
          return source.subscribe({
            next(item) {
              try {
                if (item.kind === 'setup') {
                  checker = new ReplayChecker(item.config, item.heaps, file, options.initial, options.verify === true);
                  const initial = checker.snapshot();
                  snapshots = new SnapshotLadder(initial, every, maxSnapshots);
                  if (options.series === true) series = new HeapSeriesBuilder(initial, checker);
                  if (options.diagnose === true && options.initial === undefined)
                    recorder = new FailureRecorder(checker.config, new MarkCursor(checker.marksSoFar, true), events.tags, MAX_RECORDS);
                  return;
                }
                for (const step of item.steps) {
                  const applied = checker!.step(step);
                  if (applied === null) continue;
                  events.push(applied, step.line);
                  series?.after(applied, checker!.lastOutcome);
                  if (recorder?.open === true) recorder.feed(applied, checker!.lastOutcome ?? SKIPPED, () => checker!.snapshot());
                  snapshots!.offer(events.length, () => checker!.snapshot());
                }
              } catch (error) {
                subscriber.error(error);
              }
            },
            error: (error: unknown) => subscriber.error(error),
            complete() {
              // A run that never failed: the recorder lets its records go; there is nothing to diagnose.
              if (recorder?.open === true) recorder.close();
              if (checker !== null) subscriber.next(new Timeline(checker.config, events, snapshots!, checker.report(), series?.finish() ?? null, recorder));
              subscriber.complete();
            },
          });
        }),
    ),
  );
}
