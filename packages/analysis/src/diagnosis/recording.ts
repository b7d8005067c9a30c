/**
 * The one pass a diagnosis makes: the events go through a single draft up to the first failed
 * request, and what the detectors need is kept as summaries, never as heaps: per object, when it
 * was allocated, when the program let go of it and its size; per request, its size and the live
 * bytes when it came; per collection, the bytes it left in use. Memory is O(objects +
 * collections); the only heap kept is the one the failed request saw.
 *
 * "Let go" is the moment the events say the program dropped an object: an explicit free (or a
 * realloc to 0), an `unroot` while no live object references it, the removal of its last
 * reference while it is not a root, or else the collection that frees it. A `root` or a new
 * reference takes an object back. Objects not let go are "held": the live data.
 */
import {
  collectionOf,
  createHeap,
  openDraft,
  type CollectReport,
  type EventSequence,
  type HeapConfig,
  type HeapEvent,
  type HeapState,
  type ObjectId,
  type Outcome,
  type NumberSequence,
} from '@heaplab/core';
import { GrowableColumn } from './growable-column.js';
import type { MarkCursor } from './marks.js';

/** The failed request and the heap it failed on (after any collection it ran). */
export interface FailedRequest {
  /** Its event number, from 1. */
  readonly event: number;
  readonly outcome: Extract<Outcome, { kind: 'memory-error' }>;
  readonly state: HeapState;
  /** For a failed realloc, the serial of the object it tried to grow; null for an alloc. */
  readonly serial: number | null;
}

/** Every object the run allocated, by allocation serial (0, 1, 2… in allocation order). */
export interface ObjectLog {
  readonly count: number;
  /** Event that allocated it, from 1. */
  born(serial: number): number;
  /** Event at which the program let go of it; 0 while held. */
  end(serial: number): number;
  /** Its blocks and requested bytes, as last allocated or reallocated. */
  blocks(serial: number): number;
  bytes(serial: number): number;
  /** Whether it is still in the heap when the request fails. */
  alive(serial: number): boolean;
  /** The mark in force when it was allocated (index into the sorted marks), or −1. */
  mark(serial: number): number;
}

/** Every successful alloc and realloc of one byte or more before the failure, in order. */
export interface RequestLog {
  readonly count: number;
  event(index: number): number;
  bytes(index: number): number;
  /** The serial of the object allocated or reallocated. */
  serial(index: number): number;
  realloc(index: number): boolean;
  /** Held bytes (blocks × block size) just before the request. */
  heldBytes(index: number): number;
  mark(index: number): number;
}

/** What the pass kept. */
export interface Recording {
  readonly config: HeapConfig;
  readonly failure: FailedRequest;
  readonly objects: ObjectLog;
  readonly requests: RequestLog;
  /** Every collection up to and including any the failed request ran: its event and the bytes in use after it. */
  readonly collections: { readonly events: Float64Array; readonly usedBytes: Float64Array };
  /** Held bytes when the request fails (after its collection). */
  readonly heldBytes: number;
  readonly marks: MarkCursor;
  /** The trace line of event n is `lines.at(n − 1)`, when known. */
  readonly lines: NumberSequence | null;
}

/** Replays `events` on `config` up to the first memory error; null when none fails. */
export function recordUntilFailure(config: HeapConfig, events: EventSequence, marks: MarkCursor, lines: NumberSequence | null): Recording | null {
  const draft = openDraft(createHeap(config));
  const recorder = new FailureRecorder(config, marks, lines);
  for (const event of events) {
    recorder.feed(event, draft.apply(event), () => draft.snapshot());
    if (!recorder.open) break;
  }
  return recorder.recording;
}

/**
 * The pass of `recordUntilFailure` made by someone else's replay, fed one event and its outcome
 * at a time (a replay that builds a timeline keeps this beside it, so a diagnosis needs no second
 * pass). It stops at the first failed request. Given `maxRecords`, it gives up once it has
 * kept more records than that, objects, requests and collections together (`abandoned`): a long
 * run that never fails would otherwise keep a record of each; the caller then makes the pass of
 * its own, as before. `close` ends a run that never failed and lets the records go.
 */
export class FailureRecorder {
  private recorder: Recorder | null;
  private n = 0;
  private result: Recording | null = null;
  private gaveUp = false;

  constructor(
    private readonly config: HeapConfig,
    marks: MarkCursor,
    private readonly lines: NumberSequence | null,
    private readonly maxRecords = Number.POSITIVE_INFINITY,
  ) {
    this.recorder = new Recorder(config.blockBytes, marks);
  }

  /** Whether it still takes events: not once the failure is recorded, nor once it gave up. */
  get open(): boolean {
    return this.recorder !== null;
  }

  /** It kept more than `maxRecords` records before any request failed, and let them go. */
  get abandoned(): boolean {
    return this.gaveUp;
  }

  /** The recording up to the first failed request; null until one failed (and after giving up). */
  get recording(): Recording | null {
    return this.result;
  }

  /** The run ended without a failed request: the records go (`recording` stays null). */
  close(): void {
    this.recorder = null;
  }

  /** The next event of the run, what it did, and the heap after it (read only at the failure). */
  feed(event: HeapEvent, outcome: Outcome, snapshot: () => HeapState): void {
    const recorder = this.recorder;
    if (recorder === null) return;
    const n = ++this.n;
    if (outcome.kind === 'memory-error') {
      const collection = collectionOf(outcome);
      if (collection !== null) recorder.collected(collection, n);
      const serial = outcome.op === 'realloc' ? (recorder.serialOf(outcome.id) ?? null) : null;
      this.result = recorder.finish(this.config, { event: n, outcome, state: snapshot(), serial }, this.lines);
      this.recorder = null;
      return;
    }
    recorder.record(n, event, outcome);
    if (recorder.records > this.maxRecords) {
      this.recorder = null;
      this.gaveUp = true;
    }
  }
}

class Recorder {
  private readonly born = new GrowableColumn();
  private readonly end = new GrowableColumn();
  private readonly blocks = new GrowableColumn();
  private readonly bytes = new GrowableColumn();
  private readonly alive = new GrowableColumn();
  private readonly rooted = new GrowableColumn();
  private readonly inRefs = new GrowableColumn();
  private readonly objectMark = new GrowableColumn();
  private readonly requestEvent = new GrowableColumn();
  private readonly requestBytes = new GrowableColumn();
  private readonly requestSerial = new GrowableColumn();
  private readonly requestRealloc = new GrowableColumn();
  private readonly requestHeld = new GrowableColumn();
  private readonly requestMark = new GrowableColumn();
  private readonly collectionEvent = new GrowableColumn();
  private readonly collectionUsed = new GrowableColumn();
  /** Live objects: id → serial. */
  private readonly serials = new Map<ObjectId, number>();
  /** Serials each live object references (one entry per reference). */
  private readonly children = new Map<number, number[]>();
  private usedBlocks = 0;
  private heldBlocks = 0;

  constructor(
    private readonly blockBytes: number,
    private readonly marks: MarkCursor,
  ) {}

  serialOf(id: ObjectId): number | undefined {
    return this.serials.get(id);
  }

  /** Records kept so far: objects, requests and collections. */
  get records(): number {
    return this.born.length + this.requestEvent.length + this.collectionEvent.length;
  }

  record(n: number, event: HeapEvent, outcome: Outcome): void {
    const held = this.heldBlocks * this.blockBytes;
    const collection = collectionOf(outcome);
    if (collection !== null) this.collected(collection, n);
    switch (outcome.kind) {
      case 'placed': {
        const serial = this.born.length;
        this.born.push(n);
        this.end.push(0);
        this.blocks.push(outcome.at.blocks);
        this.bytes.push((event as { bytes: number }).bytes);
        this.alive.push(1);
        this.rooted.push((event as { root?: boolean }).root === false ? 0 : 1);
        this.inRefs.push(0);
        this.objectMark.push(this.marks.at(n));
        this.serials.set(outcome.id, serial);
        this.usedBlocks += outcome.at.blocks;
        this.heldBlocks += outcome.at.blocks;
        this.request(n, serial, false, held);
        return;
      }
      case 'realloc': {
        const serial = this.serials.get(outcome.id)!;
        const delta = outcome.to.blocks - outcome.from.blocks;
        this.blocks.set(serial, outcome.to.blocks);
        this.bytes.set(serial, (event as { bytes: number }).bytes);
        this.usedBlocks += delta;
        if (this.end.get(serial) === 0) this.heldBlocks += delta;
        this.request(n, serial, true, held);
        return;
      }
      case 'freed':
        this.gone(this.serials.get(outcome.id)!, outcome.id, n);
        return;
      case 'ok':
        this.control(n, event);
        return;
      default:
    }
  }

  collected(collection: CollectReport, n: number): void {
    for (const freed of collection.freed) this.gone(freed.serial, freed.id, n);
    this.collectionEvent.push(n);
    this.collectionUsed.push(this.usedBlocks * this.blockBytes);
  }

  finish(config: HeapConfig, failure: FailedRequest, lines: NumberSequence | null): Recording {
    const column = (c: GrowableColumn) => (i: number) => c.get(i);
    const objects: ObjectLog = {
      count: this.born.length,
      born: column(this.born),
      end: column(this.end),
      blocks: column(this.blocks),
      bytes: column(this.bytes),
      alive: (serial) => this.alive.get(serial) === 1,
      mark: column(this.objectMark),
    };
    const requests: RequestLog = {
      count: this.requestEvent.length,
      event: column(this.requestEvent),
      bytes: column(this.requestBytes),
      serial: column(this.requestSerial),
      realloc: (i) => this.requestRealloc.get(i) === 1,
      heldBytes: column(this.requestHeld),
      mark: column(this.requestMark),
    };
    return {
      config,
      failure,
      objects,
      requests,
      collections: { events: this.collectionEvent.toArray(), usedBytes: this.collectionUsed.toArray() },
      heldBytes: this.heldBlocks * this.blockBytes,
      marks: this.marks,
      lines,
    };
  }

  private request(n: number, serial: number, realloc: boolean, held: number): void {
    this.requestEvent.push(n);
    this.requestBytes.push(this.bytes.get(serial));
    this.requestSerial.push(serial);
    this.requestRealloc.push(realloc ? 1 : 0);
    this.requestHeld.push(held);
    this.requestMark.push(this.marks.at(n));
  }

  /** Roots and references: who holds what. */
  private control(n: number, event: HeapEvent): void {
    switch (event.op) {
      case 'root':
      case 'unroot': {
        const serial = this.serials.get(event.id)!;
        this.rooted.set(serial, event.op === 'root' ? 1 : 0);
        if (event.op === 'root') this.takeBack(serial);
        else if (this.inRefs.get(serial) === 0) this.letGo(serial, n);
        return;
      }
      case 'ref': {
        const from = this.serials.get(event.from)!;
        const to = this.serials.get(event.to)!;
        const list = this.children.get(from);
        if (list === undefined) this.children.set(from, [to]);
        else list.push(to);
        this.inRefs.set(to, this.inRefs.get(to) + 1);
        this.takeBack(to);
        return;
      }
      case 'unref': {
        const from = this.serials.get(event.from)!;
        const to = this.serials.get(event.to)!;
        const list = this.children.get(from)!;
        list.splice(list.indexOf(to), 1);
        this.dropReference(to, n);
        return;
      }
      default:
    }
  }

  private dropReference(serial: number, n: number): void {
    if (this.alive.get(serial) === 0) return;
    const refs = this.inRefs.get(serial) - 1;
    this.inRefs.set(serial, refs);
    if (refs === 0 && this.rooted.get(serial) === 0) this.letGo(serial, n);
  }

  private letGo(serial: number, n: number): void {
    if (this.end.get(serial) !== 0) return;
    this.end.set(serial, n);
    this.heldBlocks -= this.blocks.get(serial);
  }

  private takeBack(serial: number): void {
    if (this.end.get(serial) === 0) return;
    this.end.set(serial, 0);
    this.heldBlocks += this.blocks.get(serial);
  }

  /** The object left the heap (freed or swept). */
  private gone(serial: number, id: ObjectId, n: number): void {
    this.letGo(serial, n);
    this.alive.set(serial, 0);
    this.usedBlocks -= this.blocks.get(serial);
    this.serials.delete(id);
    for (const child of this.children.get(serial) ?? []) this.dropReference(child, n);
    this.children.delete(serial);
  }
}
