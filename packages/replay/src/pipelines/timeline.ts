/**
 * Time travel: the heap at any event of a replay. Replaying once keeps the engine events and a
 * snapshot every `every` events (snapshots share all they can), at most `maxSnapshots` of them:
 * past that the spacing doubles (`SnapshotLadder`). The state at event n is the nearest snapshot
 * at or before n plus the events after it.
 */
import { lastValueFrom, Observable } from 'rxjs';
import { openDraft, type HeapConfig, type HeapEvent, type HeapState } from '@heaplab/core';
import type { ReplayItem } from '../operators/to-replay-steps.js';
import { ReplayChecker, type ReplayReport } from '../trace/replay-checker.js';
import type { TraceMark } from '../trace/trace-mark.js';
import type { ReplayOptions } from './replay-trace.js';
import { SnapshotLadder } from './snapshot-ladder.js';
import { traceItems } from './trace-items.js';

/** How a timeline is built: the replay's options, the snapshot spacing (default 1024 events) and how many snapshots at most (default 2048). */
export type TimelineOptions = ReplayOptions & { readonly every?: number; readonly maxSnapshots?: number };

export class Timeline {
  constructor(
    readonly config: HeapConfig,
    /** The engine events, in order. */
    readonly events: readonly HeapEvent[],
    /** The trace line of each engine event. */
    readonly lines: Int32Array,
    private readonly snapshots: SnapshotLadder,
    /** The replay's report: the same as `replayTrace` gives for the trace, from the same pass. */
    readonly report: ReplayReport,
  ) {}

  /** The trace's marks, numbered by these events: a mark at `event` n is in force from `stateAt(n)` on. */
  get marks(): readonly TraceMark[] {
    return this.report.marks;
  }

  /** Number of snapshots kept: at most the `maxSnapshots` it was built with. */
  get snapshotCount(): number {
    return this.snapshots.count;
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
    for (let i = base.events; i < n; i++) draft.apply(this.events[i]!);
    return draft.snapshot();
  }
}

/** Replays a trace once and keeps what `Timeline` needs, and the replay's report. */
export async function buildTimeline(file: string, options: TimelineOptions = {}): Promise<Timeline> {
  return timelineOf(file, await traceItems(file, options), options);
}

/** `buildTimeline` on the replay items of a trace read elsewhere (`traceItemsOf`); `file` names it. */
export function timelineOf(file: string, items: Observable<ReplayItem>, options: TimelineOptions = {}): Promise<Timeline> {
  const every = options.every ?? 1024;
  const maxSnapshots = options.maxSnapshots ?? 2048;
  return lastValueFrom(
    items.pipe(
      (source: Observable<ReplayItem>) =>
        new Observable<Timeline>((subscriber) => {
          let checker: ReplayChecker | null = null;
          const events: HeapEvent[] = [];
          const lines: number[] = [];
          let snapshots: SnapshotLadder | null = null;
          return source.subscribe({
            next(item) {
              try {
                if (item.kind === 'setup') {
                  checker = new ReplayChecker(item.config, item.heaps, file, options.initial, options.verify === true);
                  snapshots = new SnapshotLadder(checker.snapshot(), every, maxSnapshots);
                  return;
                }
                for (const step of item.steps) {
                  const applied = checker!.step(step);
                  if (applied === null) continue;
                  events.push(applied);
                  lines.push(step.line);
                  snapshots!.offer(events.length, () => checker!.snapshot());
                }
              } catch (error) {
                subscriber.error(error);
              }
            },
            error: (error: unknown) => subscriber.error(error),
            complete() {
              if (checker !== null) subscriber.next(new Timeline(checker.config, events, Int32Array.from(lines), snapshots!, checker.report()));
              subscriber.complete();
            },
          });
        }),
    ),
  );
}
