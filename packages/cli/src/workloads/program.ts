/**
 * The bookkeeping a workload program needs: fresh ids, what is alive, and deaths scheduled by
 * lifetime. A dead object is dropped (its root goes, a collection frees it later, as garbage
 * does in MicroPython) or freed at once, as the workload decides. An object may hold children:
 * unrooted objects it references, which live exactly as long as it is reachable.
 */
import type { HeapEvent, ObjectId } from '@heaplab/core';
import type { Mark, WorkloadRun } from './workload.js';

interface Living {
  readonly id: ObjectId;
  readonly bytes: number;
  /** Step at which the object dies; Infinity for never. */
  readonly dies: number;
  /** Whether its death is an explicit free rather than a dropped root. */
  readonly freed: boolean;
  /** Bytes of the unrooted children it references (they live as long as it is reachable). */
  readonly childBytes: number;
}

/** How `Program.alloc` makes an object. */
export interface AllocOptions {
  /** Flag the object (and its children) long-lived. */
  readonly longLived?: boolean;
  /** Its death is an explicit free rather than a dropped root. */
  readonly freed?: boolean;
  /** Sizes of children allocated unrooted right after it, each referenced from it. */
  readonly children?: readonly number[];
}

export class Program {
  readonly events: HeapEvent[] = [];
  readonly marks: Mark[] = [];
  /** Requested bytes of the objects alive now. */
  liveBytes = 0;
  private nextId = 1;
  private living: Living[] = [];

  /**
   * Allocates a rooted object that dies `lifetime` steps from `now` (Infinity: never), then its
   * children: each allocated unrooted and at once referenced from it, so it holds them until it dies.
   */
  alloc(now: number, bytes: number, lifetime: number, options: AllocOptions = {}): ObjectId {
    const id = this.nextId++;
    const longLived = options.longLived === true;
    this.events.push(longLived ? { op: 'alloc', id, bytes, longLived: true } : { op: 'alloc', id, bytes });
    let childBytes = 0;
    for (const child of options.children ?? []) {
      const to = this.nextId++;
      this.events.push(longLived ? { op: 'alloc', id: to, bytes: child, root: false, longLived: true } : { op: 'alloc', id: to, bytes: child, root: false });
      this.events.push({ op: 'ref', from: id, to });
      childBytes += child;
    }
    this.living.push({ id, bytes, dies: now + lifetime, freed: options.freed === true, childBytes });
    this.liveBytes += bytes + childBytes;
    return id;
  }

  /** Own bytes of a living object (children not counted), or undefined once it is gone. */
  sizeOf(id: ObjectId): number | undefined {
    return this.living.find((o) => o.id === id)?.bytes;
  }

  /** Names the point after the events written so far. */
  mark(label: string): void {
    this.marks.push({ event: this.events.length, label });
  }

  /** The run, cut to `length` events (marks past the cut are dropped). */
  run(length: number): WorkloadRun {
    return { events: this.events.slice(0, length), marks: this.marks.filter((m) => m.event <= length) };
  }

  /** Grows (or shrinks) a living object by realloc, moving it when it must. */
  resize(id: ObjectId, bytes: number): void {
    const at = this.living.findIndex((o) => o.id === id);
    if (at < 0) return;
    const object = this.living[at]!;
    this.liveBytes += bytes - object.bytes;
    this.living[at] = { ...object, bytes };
    this.events.push({ op: 'realloc', id, bytes, move: true });
  }

  /** Ends every object whose time has come, oldest death first (ties by id). */
  reap(now: number): void {
    const due = this.living.filter((o) => o.dies <= now).sort((a, b) => a.dies - b.dies || a.id - b.id);
    if (due.length === 0) return;
    this.living = this.living.filter((o) => o.dies > now);
    for (const o of due) this.end(o);
  }

  /** Ends a living object now, as its death was set (dropped or freed); no-op if it is gone. */
  endNow(id: ObjectId): void {
    const at = this.living.findIndex((o) => o.id === id);
    if (at < 0) return;
    const [o] = this.living.splice(at, 1);
    this.end(o!);
  }

  /** Ends the mortal object that would die soonest (to stay under a live-size target). */
  reapEarliest(): boolean {
    let best = -1;
    for (let i = 0; i < this.living.length; i++) {
      const o = this.living[i]!;
      if (o.dies !== Infinity && (best < 0 || o.dies < this.living[best]!.dies || (o.dies === this.living[best]!.dies && o.id < this.living[best]!.id))) best = i;
    }
    if (best < 0) return false;
    const [o] = this.living.splice(best, 1);
    this.end(o!);
    return true;
  }

  /** A living object chosen by `pick` (a number in [0, 1)), or undefined when none lives. */
  someLiving(pick: number): ObjectId | undefined {
    return this.living.length === 0 ? undefined : this.living[Math.floor(pick * this.living.length)]!.id;
  }

  private end(o: Living): void {
    this.liveBytes -= o.bytes + o.childBytes;
    this.events.push(o.freed ? { op: 'free', id: o.id } : { op: 'unroot', id: o.id });
  }
}
