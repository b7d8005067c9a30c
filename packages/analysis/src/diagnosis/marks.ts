/**
 * Marks: labels a caller puts on a run (a workload's phases, a program's stages). A mark at
 * event n is in force from the heap after n events: event n + 1 is the first it covers, and it
 * lasts until the next mark.
 */

/** A label in force from the heap after `event` events (0: from the start). */
export interface DiagnosisMark {
  readonly event: number;
  readonly label: string;
}

/** Marks in event order, read by a pass that goes through the events in order. */
export class MarkCursor {
  /** The marks sorted by event (a stable sort: marks at one event keep their order, the last wins). */
  readonly marks: readonly DiagnosisMark[];
  private next = 0;

  /**
   * With `growing`, `marks` are read as they are, not copied: marks that arrive in event order
   * while a pass reads them (the array grows behind the cursor; each mark comes before the events
   * it covers).
   */
  constructor(marks: readonly DiagnosisMark[], growing = false) {
    if (growing) {
      this.marks = marks;
      return;
    }
    for (const mark of marks) {
      if (!Number.isSafeInteger(mark.event) || mark.event < 0)
        throw new RangeError(`diagnoseFailure: a mark's event must be a whole number, 0 or more, got ${String(mark.event)}`);
      if (typeof mark.label !== 'string') throw new RangeError(`diagnoseFailure: the mark at event ${mark.event} has no label`);
    }
    this.marks = [...marks].sort((a, b) => a.event - b.event);
  }

  /** The index (into `marks`) of the mark in force at event `n` (from 1), or −1. Call with rising `n`. */
  at(n: number): number {
    while (this.next < this.marks.length && this.marks[this.next]!.event <= n - 1) this.next++;
    return this.next - 1;
  }

  /** The label of mark `index`, or null for −1. */
  label(index: number): string | null {
    return index < 0 ? null : this.marks[index]!.label;
  }
}
