/**
 * A change to a recorded event stream, kept as edits on it rather than as a copy: events put in
 * before a recorded event, and recorded events replaced or left out. Edits are addressed by the
 * recorded event's index (from 0; `events.length` puts events after the last). A replay of the
 * changed stream can start from the recorded run's heap just before the first edit (see
 * `replayer.ts`): nothing before it changed.
 */
import type { HeapEvent } from '@heaplab/core';

export class StreamEdit {
  private readonly inserted = new Map<number, HeapEvent[]>();
  private readonly replaced = new Map<number, HeapEvent | null>();
  private earliest = Number.POSITIVE_INFINITY;

  /** Puts `event` in just before recorded event `index` (after any put there already). */
  insertBefore(index: number, event: HeapEvent): this {
    const list = this.inserted.get(index);
    if (list === undefined) this.inserted.set(index, [event]);
    else list.push(event);
    this.earliest = Math.min(this.earliest, index);
    return this;
  }

  /** Replaces recorded event `index` with `event`; null leaves it out. */
  replace(index: number, event: HeapEvent | null): this {
    this.replaced.set(index, event);
    this.earliest = Math.min(this.earliest, index);
    return this;
  }

  /** Whether recorded event `index` is replaced or left out. */
  changes(index: number): boolean {
    return this.replaced.has(index);
  }

  /** The index of the first recorded event the edits touch (put something before, replace or leave out); Infinity when none. */
  get firstChange(): number {
    return this.earliest;
  }

  /** The events put in before recorded event `index`, if any. */
  insertedBefore(index: number): readonly HeapEvent[] | undefined {
    return this.inserted.get(index);
  }

  /** What the changed stream has in place of recorded event `index`: the event itself, its replacement, or null. */
  eventAt(index: number, recorded: HeapEvent): HeapEvent | null {
    const replacement = this.replaced.get(index);
    return replacement === undefined ? recorded : replacement;
  }
}

/** The changed stream, written out, and for each of its events the index of the recorded event it stands in for or was put before. */
export function editedEvents(events: readonly HeapEvent[], edit: StreamEdit): { readonly events: HeapEvent[]; readonly recorded: number[] } {
  const out: HeapEvent[] = [];
  const recorded: number[] = [];
  for (let i = 0; i <= events.length; i++) {
    for (const event of edit.insertedBefore(i) ?? []) {
      out.push(event);
      recorded.push(i);
    }
    if (i === events.length) break;
    const event = edit.eventAt(i, events[i]!);
    if (event === null) continue;
    out.push(event);
    recorded.push(i);
  }
  return { events: out, recorded };
}
