/**
 * The bookkeeping a workload program needs: fresh ids, what is alive, and deaths scheduled by
 * lifetime. A dead object is dropped (its root goes, a collection frees it later, as garbage
 * does in MicroPython) or freed at once, as the workload decides. An object may hold children:
 * unrooted objects it references, which live exactly as long as it is reachable. Every
 * operation takes time logarithmic in the objects alive, so a long run stays linear.
 */
import type { HeapEvent, ObjectId } from '@heaplab/core';
import { LiveIds } from './live-ids.js';
import { pickInt } from './seeded-choices.js';
import { StepQueue } from './step-queue.js';
import type { Mark, WorkloadRun } from './workload.js';

interface Living {
  readonly id: ObjectId;
  readonly bytes: number;
  /** Step at which the object dies; Infinity for never. */
  readonly dies: number;
  /** Whether its death is an explicit free rather than a dropped root. */
  readonly freed: boolean;
  /** Whether it (and so each child it gets) is flagged long-lived. */
  readonly longLived: boolean;
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
  /** The events written (since the last `take`, for a program that streams them). */
  readonly events: HeapEvent[] = [];
  readonly marks: Mark[] = [];
  /** Requested bytes of the objects alive now. */
  liveBytes = 0;
  private nextId = 1;
  /** The living, by id; ids are made in order, so `living` keeps the order they were made in. */
  private readonly byId = new Map<ObjectId, Living>();
  private readonly living = new LiveIds();
  /** Every object's death; entries for objects already gone are skipped. */
  private readonly deaths = new StepQueue();

  /**
   * Allocates a rooted object that dies `lifetime` steps from `now` (Infinity: never), then its
   * children: each allocated unrooted and at once referenced from it, so it holds them until it dies.
   */
  alloc(now: number, bytes: number, lifetime: number, options: AllocOptions = {}): ObjectId {
    const id = this.nextId++;
    const longLived = options.longLived === true;
    this.events.push(longLived ? { op: 'alloc', id, bytes, longLived: true } : { op: 'alloc', id, bytes });
    const living = { id, bytes, dies: now + lifetime, freed: options.freed === true, longLived, childBytes: 0 };
    this.byId.set(id, living);
    this.living.add(id);
    this.deaths.push(living.dies, id);
    this.liveBytes += bytes;
    for (const child of options.children ?? []) this.allocChild(id, child);
    return id;
  }

  /**
   * Allocates one more child of the living object `parent`: unrooted, referenced from it at
   * once, long-lived when it is. A program that streams its events makes a large family this
   * way, a child at a time.
   */
  allocChild(parent: ObjectId, bytes: number): ObjectId {
    const holder = this.byId.get(parent);
    if (holder === undefined) throw new Error(`object ${parent} is not alive`);
    const id = this.nextId++;
    this.events.push(holder.longLived ? { op: 'alloc', id, bytes, root: false, longLived: true } : { op: 'alloc', id, bytes, root: false });
    this.events.push({ op: 'ref', from: parent, to: id });
    this.byId.set(parent, { ...holder, childBytes: holder.childBytes + bytes });
    this.liveBytes += bytes;
    return id;
  }

  /** What the interpreter holds from start-up: `count` long-lived objects of `minBytes` to `maxBytes`, made at step 0, never dying. */
  boot(count: number, minBytes: number, maxBytes: number, random: () => number): void {
    for (let i = 0; i < count; i++) this.alloc(0, pickInt(minBytes, maxBytes, random), Infinity, { longLived: true });
  }

  /** Own bytes of a living object (children not counted), or undefined once it is gone. */
  sizeOf(id: ObjectId): number | undefined {
    return this.byId.get(id)?.bytes;
  }

  /** Names the point after the events written so far. */
  mark(label: string): void {
    this.marks.push({ event: this.events.length, label });
  }

  /** The run, cut to `length` events (marks past the cut are dropped). */
  run(length: number): WorkloadRun {
    return { events: this.events.slice(0, length), marks: this.marks.filter((m) => m.event <= length) };
  }

  /**
   * Hands over the events written since the last call, and forgets them: a program that streams
   * its events takes them as it goes, so it holds only the latest few (its marks, and `run`, are
   * then for it to keep).
   */
  take(): HeapEvent[] {
    return this.events.splice(0);
  }

  /** Grows (or shrinks) a living object by realloc, moving it when it must. */
  resize(id: ObjectId, bytes: number): void {
    const object = this.byId.get(id);
    if (object === undefined) return;
    this.liveBytes += bytes - object.bytes;
    this.byId.set(id, { ...object, bytes });
    this.events.push({ op: 'realloc', id, bytes, move: true });
  }

  /** Ends every object whose time has come, oldest death first (ties by id). */
  reap(now: number): void {
    this.skipGone();
    while ((this.deaths.peekStep() ?? Infinity) <= now) {
      const o = this.byId.get(this.deaths.peekId()!);
      this.deaths.pop();
      if (o !== undefined) this.end(o);
      this.skipGone();
    }
  }

  /** Ends a living object now, as its death was set (dropped or freed); no-op if it is gone. */
  endNow(id: ObjectId): void {
    const o = this.byId.get(id);
    if (o !== undefined) this.end(o);
  }

  /** Ends the mortal object that would die soonest (to stay under a live-size target). */
  reapEarliest(): boolean {
    this.skipGone();
    if ((this.deaths.peekStep() ?? Infinity) === Infinity) return false;
    this.endNow(this.deaths.peekId()!);
    this.deaths.pop();
    return true;
  }

  /** Drops queue entries of objects that have already ended. */
  private skipGone(): void {
    while (this.deaths.size > 0 && !this.byId.has(this.deaths.peekId()!)) this.deaths.pop();
  }

  /** A living object chosen by `pick` (a number in [0, 1)), or undefined when none lives. */
  someLiving(pick: number): ObjectId | undefined {
    return this.living.size === 0 ? undefined : this.living.nth(Math.floor(pick * this.living.size));
  }

  private end(o: Living): void {
    this.byId.delete(o.id);
    this.living.delete(o.id);
    this.liveBytes -= o.bytes + o.childBytes;
    this.events.push(o.freed ? { op: 'free', id: o.id } : { op: 'unroot', id: o.id });
  }
}
