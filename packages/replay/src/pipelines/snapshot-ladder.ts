/**
 * The states a timeline keeps: one every `spacing` events, at most `cap` of them. When one more
 * would pass the cap, every other one goes and the spacing doubles, so a run of any length keeps
 * a bounded number of states, evenly spaced.
 */
import type { HeapState } from '@heaplab/core';

export class SnapshotLadder {
  private states: HeapState[];
  private step: number;

  /** `initial` is the state before any event. */
  constructor(
    initial: HeapState,
    spacing: number,
    private readonly cap: number,
  ) {
    if (!Number.isSafeInteger(spacing) || spacing < 1) throw new RangeError(`SnapshotLadder: expected a spacing of at least 1 event, got ${spacing}`);
    if (!Number.isSafeInteger(cap) || cap < 2) throw new RangeError(`SnapshotLadder: expected room for at least 2 states, got ${cap}`);
    this.states = [initial];
    this.step = spacing;
  }

  /** Events between two kept states. */
  get spacing(): number {
    return this.step;
  }

  /** Number of states kept (at most the cap). */
  get count(): number {
    return this.states.length;
  }

  /** To call after each event, with the number of events so far; `state` is asked for only when it is kept. */
  offer(events: number, state: () => HeapState): void {
    if (events % this.step !== 0) return;
    if (this.states.length === this.cap) {
      this.states = this.states.filter((_, i) => i % 2 === 0);
      this.step *= 2;
      if (events % this.step !== 0) return;
    }
    this.states.push(state());
  }

  /** The kept state latest at or before event `n`, and the number of events it is after. */
  before(n: number): { readonly state: HeapState; readonly events: number } {
    const index = Math.min(Math.floor(n / this.step), this.states.length - 1);
    return { state: this.states[index]!, events: index * this.step };
  }
}
