/**
 * A compact, append-only list of engine events, for runs of tens of millions of events. Each
 * event takes 16 bytes in chunked typed-array columns: a head (op code and flags), `id`/`from`,
 * `bytes`/`to`, and a tag (a number the caller keeps with the event: the timeline keeps its trace
 * line). The rare list and place fields (`sweep`, `freed`, `at`) live beside their chunk, lists as
 * `Uint32Array`s. An event the columns cannot hold exactly (a `v` field, keys in another order, a
 * value out of 32-bit range, a field no event has) is kept as it is, so `at(i)` always gives an
 * event deep-equal to the one appended, with the same keys in the same order.
 *
 * Given a `ChunkStore`, the log hands each full chunk (16,384 events, its lists and places
 * packed in one record) to the store and keeps in memory only the chunk being filled and the
 * few it read back last: what it holds no longer grows with the run, save the events its columns
 * cannot hold (none in a device trace's replay).
 */
import type { AllocEvent, DumpKind, HeapEvent, HeapEventOp, ReallocEvent } from './events.js';

/** Events read by position: a plain array of events or an `EventLog`. */
export interface EventSequence extends Iterable<HeapEvent> {
  readonly length: number;
  /** The event at `index` (negative counts from the end); undefined outside the list. */
  at(index: number): HeapEvent | undefined;
}

/** Numbers read by position: an `Int32Array`, or an `EventLog`'s tags. */
export interface NumberSequence {
  readonly length: number;
  /** The number at `index` (negative counts from the end); undefined outside the list. */
  at(index: number): number | undefined;
}

/**
 * Where an `EventLog` puts its full chunks, each one record of bytes, to read them back when
 * asked: a file, say, so that a long run's events need not stay in memory.
 */
export interface ChunkStore {
  /** Keeps `record` as chunk `index` (chunks come in order, each once); the log does not touch `record` again. */
  put(index: number, record: Uint8Array): void;
  /** The record kept as chunk `index`. */
  get(index: number): Uint8Array;
}

const CHUNK_BITS = 14;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;
/** Bytes of a chunk's four columns. */
const COLUMN_BYTES = 16 * CHUNK;
/** Chunks read back from a store that stay in memory, the oldest dropped first. */
const READ_BACK = 4;

const OPS: readonly HeapEventOp[] = [
  'alloc',
  'free',
  'realloc',
  'root',
  'unroot',
  'ref',
  'unref',
  'collect',
  'threshold',
  'enable',
  'disable',
  'lock',
  'unlock',
];
const OP_CODE: ReadonlyMap<string, number> = new Map(OPS.map((op, code) => [op, code]));
const KINDS: readonly DumpKind[] = ['h', 'T', 'L', 'D', 'S', 'A', 'F', 'B', 'M'];

/** The keys each op's events may have, in the order the columns give them back. */
const KEYS: Readonly<Record<HeapEventOp, readonly string[]>> = {
  alloc: ['op', 'id', 'bytes', 'fin', 'root', 'kind', 'longLived', 'at', 'sweep', 'thresholdCollect'],
  free: ['op', 'id'],
  realloc: ['op', 'id', 'bytes', 'move', 'sweep', 'thresholdCollect'],
  root: ['op', 'id'],
  unroot: ['op', 'id'],
  ref: ['op', 'from', 'to'],
  unref: ['op', 'from', 'to'],
  collect: ['op', 'freed'],
  threshold: ['op', 'bytes'],
  enable: ['op'],
  disable: ['op'],
  lock: ['op'],
  unlock: ['op'],
};

// Head bits: op code, then three-state booleans (0 absent, 1 false, 2 true), then the rest.
const OP_MASK = 0xf;
const FIN = 4;
const ROOT = 6;
const LONG_LIVED = 8;
const THRESHOLD = 10;
const MOVE = 1 << 12;
const KIND = 13;
const HAS_AT = 1 << 17;
const HAS_LIST = 1 << 18;
const VERBATIM = 1 << 19;

const UINT32 = 0x1_0000_0000;

/** One chunk of the log: its four columns in one buffer, and its events' lists and places by slot. */
class Chunk {
  readonly heads: Uint32Array;
  readonly as: Uint32Array;
  readonly bs: Int32Array;
  readonly tags: Int32Array;
  readonly places = new Map<number, { readonly area: number; readonly block: number }>();
  readonly lists = new Map<number, Uint32Array>();

  constructor(private readonly columns: ArrayBuffer = new ArrayBuffer(COLUMN_BYTES)) {
    this.heads = new Uint32Array(columns, 0, CHUNK);
    this.as = new Uint32Array(columns, 4 * CHUNK, CHUNK);
    this.bs = new Int32Array(columns, 8 * CHUNK, CHUNK);
    this.tags = new Int32Array(columns, 12 * CHUNK, CHUNK);
  }

  /** The chunk as one record: the columns, then the places (count, then slot, area, block each) and the lists (count, then slot, length, values each), as 32-bit words. */
  record(): Uint8Array {
    let words = 2 + 3 * this.places.size;
    for (const list of this.lists.values()) words += 2 + list.length;
    const record = new Uint8Array(COLUMN_BYTES + 4 * words);
    record.set(new Uint8Array(this.columns));
    const side = new Uint32Array(record.buffer, COLUMN_BYTES, words);
    let w = 0;
    side[w++] = this.places.size;
    for (const [slot, at] of this.places) {
      side[w++] = slot;
      side[w++] = at.area;
      side[w++] = at.block;
    }
    side[w++] = this.lists.size;
    for (const [slot, list] of this.lists) {
      side[w++] = slot;
      side[w++] = list.length;
      side.set(list, w);
      w += list.length;
    }
    return record;
  }

  /** The chunk a `record()` came from. */
  static fromRecord(record: Uint8Array): Chunk {
    const chunk = new Chunk(record.slice(0, COLUMN_BYTES).buffer);
    const side = new Uint32Array(record.slice(COLUMN_BYTES).buffer);
    let w = 0;
    for (let places = side[w++]!; places > 0; places--) {
      chunk.places.set(side[w]!, { area: side[w + 1]!, block: side[w + 2]! });
      w += 3;
    }
    for (let lists = side[w++]!; lists > 0; lists--) {
      const length = side[w + 1]!;
      chunk.lists.set(side[w]!, side.slice(w + 2, w + 2 + length));
      w += 2 + length;
    }
    return chunk;
  }
}

/** An event log's tags as a sequence: a view, its length the log's. */
class TagView implements NumberSequence {
  constructor(private readonly log: EventLog) {}

  get length(): number {
    return this.log.length;
  }

  at(index: number): number | undefined {
    return this.log.tagAt(index);
  }
}

export class EventLog implements EventSequence {
  /** Every chunk, in order; null while it is in the store only. */
  private readonly chunks: (Chunk | null)[] = [];
  /** The chunks read back from the store and held, oldest first. */
  private readonly readBack: number[] = [];
  private readonly verbatim = new Map<number, HeapEvent>();
  private count = 0;
  /** The events' tags, read by position: a view that grows with the log. */
  readonly tags: NumberSequence = new TagView(this);

  /** An empty log; with `store`, each full chunk goes there (see the module comment). */
  constructor(private readonly store: ChunkStore | null = null) {}

  /** A log holding `events`, in order (their tags 0). */
  static from(events: Iterable<HeapEvent>, store: ChunkStore | null = null): EventLog {
    const log = new EventLog(store);
    for (const event of events) log.push(event);
    return log;
  }

  /** Number of events. */
  get length(): number {
    return this.count;
  }

  /** The tag of the event at `index` (negative counts from the end); undefined outside the log. */
  tagAt(index: number): number | undefined {
    const i = index < 0 ? index + this.count : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.chunkAt(i >>> CHUNK_BITS).tags[i & MASK];
  }

  /** Chunks held in memory: all of them without a store; with one, the chunk being filled and at most four read back. */
  get chunksInMemory(): number {
    return this.chunks.reduce((held, chunk) => held + (chunk === null ? 0 : 1), 0);
  }

  /** Appends one event, and with it `tag` (a 32-bit signed integer). */
  push(event: HeapEvent, tag = 0): void {
    if ((tag | 0) !== tag) throw new RangeError(`EventLog.push: expected a 32-bit integer tag, got ${tag}`);
    const i = this.count;
    const slot = i & MASK;
    if (slot === 0) this.chunks.push(new Chunk());
    const index = this.chunks.length - 1;
    const chunk = this.chunks[index]!;
    const head = this.encode(event, chunk, slot);
    this.count = i + 1;
    chunk.tags[slot] = tag;
    if (head < 0) {
      chunk.heads[slot] = VERBATIM;
      this.verbatim.set(i, event);
    } else {
      chunk.heads[slot] = head;
      chunk.as[slot] = 'id' in event ? event.id : 'from' in event ? event.from : 0;
      chunk.bs[slot] = 'bytes' in event ? event.bytes : 'to' in event ? event.to : 0;
    }
    if (slot === MASK && this.store !== null) {
      this.store.put(index, chunk.record());
      this.chunks[index] = null;
    }
  }

  /** The event at `index` (negative counts from the end), equal to the one appended; undefined outside the log. */
  at(index: number): HeapEvent | undefined {
    const i = index < 0 ? index + this.count : index;
    if (!Number.isInteger(i) || i < 0 || i >= this.count) return undefined;
    return this.decode(i);
  }

  /** The events from `start` up to (not including) `end`, as an array; the bounds work as `Array.prototype.slice`'s. */
  slice(start = 0, end = this.count): HeapEvent[] {
    const from = bound(start, this.count);
    const to = bound(end, this.count);
    const out: HeapEvent[] = [];
    for (let i = from; i < to; i++) out.push(this.decode(i));
    return out;
  }

  [Symbol.iterator](): Iterator<HeapEvent> {
    let i = 0;
    return {
      next: (): IteratorResult<HeapEvent> => (i < this.count ? { done: false, value: this.decode(i++) } : { done: true, value: undefined }),
    };
  }

  /** Chunk `index`, read back from the store when it is not in memory. */
  private chunkAt(index: number): Chunk {
    const held = this.chunks[index];
    if (held !== null && held !== undefined) return held;
    const chunk = Chunk.fromRecord(this.store!.get(index));
    this.chunks[index] = chunk;
    this.readBack.push(index);
    if (this.readBack.length > READ_BACK) this.chunks[this.readBack.shift()!] = null;
    return chunk;
  }

  /** The head of `event`, its side fields stored in `chunk` under `slot`; -1 when the columns cannot hold it. */
  private encode(event: HeapEvent, chunk: Chunk, slot: number): number {
    const code = OP_CODE.get(event.op);
    if (code === undefined || !inOrder(event, KEYS[event.op])) return -1;
    let head = code;
    switch (event.op) {
      case 'alloc': {
        if (!uint32(event.id) || !int32(event.bytes)) return -1;
        const kind = event.kind === undefined ? 0 : KINDS.indexOf(event.kind) + 1;
        if (event.kind !== undefined && kind === 0) return -1;
        const flags = tri(event.fin) | (tri(event.root) << 2) | (tri(event.longLived) << 4) | (tri(event.thresholdCollect) << 6);
        if (flags < 0) return -1;
        head |= (flags << FIN) | (kind << KIND);
        if (event.at !== undefined) {
          const at = event.at;
          if (!inOrder(at, ['area', 'block']) || !uint32(at.area) || !uint32(at.block)) return -1;
          head |= HAS_AT;
        }
        if (event.sweep !== undefined) {
          if (!uint32List(event.sweep)) return -1;
          head |= HAS_LIST;
        }
        if (event.at !== undefined) chunk.places.set(slot, { area: event.at.area, block: event.at.block });
        if (event.sweep !== undefined) chunk.lists.set(slot, Uint32Array.from(event.sweep));
        return head;
      }
      case 'realloc': {
        if (!uint32(event.id) || !int32(event.bytes) || typeof event.move !== 'boolean') return -1;
        const threshold = tri(event.thresholdCollect);
        if (threshold < 0) return -1;
        head |= (threshold << THRESHOLD) | (event.move ? MOVE : 0);
        if (event.sweep !== undefined) {
          if (!uint32List(event.sweep)) return -1;
          chunk.lists.set(slot, Uint32Array.from(event.sweep));
          head |= HAS_LIST;
        }
        return head;
      }
      case 'free':
      case 'root':
      case 'unroot':
        return uint32(event.id) ? head : -1;
      case 'ref':
      case 'unref':
        return uint32(event.from) && uint32(event.to) ? head : -1;
      case 'collect':
        if (event.freed === undefined) return head;
        if (!uint32List(event.freed)) return -1;
        chunk.lists.set(slot, Uint32Array.from(event.freed));
        return head | HAS_LIST;
      case 'threshold':
        return int32(event.bytes) ? head : -1;
      default:
        return head;
    }
  }

  private decode(i: number): HeapEvent {
    const chunk = this.chunkAt(i >>> CHUNK_BITS);
    const slot = i & MASK;
    const head = chunk.heads[slot]!;
    if ((head & VERBATIM) !== 0) return this.verbatim.get(i)!;
    const op = OPS[head & OP_MASK]!;
    const a = chunk.as[slot]!;
    const b = chunk.bs[slot]!;
    switch (op) {
      case 'alloc': {
        const event: Mutable<AllocEvent> = { op, id: a, bytes: b };
        const fin = (head >>> FIN) & 3;
        if (fin !== 0) event.fin = fin === 2;
        const root = (head >>> ROOT) & 3;
        if (root !== 0) event.root = root === 2;
        const kind = (head >>> KIND) & 0xf;
        if (kind !== 0) event.kind = KINDS[kind - 1]!;
        const longLived = (head >>> LONG_LIVED) & 3;
        if (longLived !== 0) event.longLived = longLived === 2;
        if ((head & HAS_AT) !== 0) {
          const at = chunk.places.get(slot)!;
          event.at = { area: at.area, block: at.block };
        }
        if ((head & HAS_LIST) !== 0) event.sweep = Array.from(chunk.lists.get(slot)!);
        const threshold = (head >>> THRESHOLD) & 3;
        if (threshold !== 0) event.thresholdCollect = threshold === 2;
        return event;
      }
      case 'realloc': {
        const event: Mutable<ReallocEvent> = { op, id: a, bytes: b, move: (head & MOVE) !== 0 };
        if ((head & HAS_LIST) !== 0) event.sweep = Array.from(chunk.lists.get(slot)!);
        const threshold = (head >>> THRESHOLD) & 3;
        if (threshold !== 0) event.thresholdCollect = threshold === 2;
        return event;
      }
      case 'free':
      case 'root':
      case 'unroot':
        return { op, id: a };
      case 'ref':
      case 'unref':
        return { op, from: a, to: b >>> 0 };
      case 'collect':
        return (head & HAS_LIST) !== 0 ? { op, freed: Array.from(chunk.lists.get(slot)!) } : { op };
      case 'threshold':
        return { op, bytes: b };
      default:
        return { op };
    }
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Are the object's own keys some of `keys`, in that order, none of them undefined? */
function inOrder(object: object, keys: readonly string[]): boolean {
  let next = 0;
  for (const key in object) {
    while (next < keys.length && keys[next] !== key) next++;
    if (next === keys.length || (object as Record<string, unknown>)[key] === undefined) return false;
    next++;
  }
  return true;
}

function uint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < UINT32 && !Object.is(value, -0);
}

function int32(value: unknown): value is number {
  return typeof value === 'number' && (value | 0) === value && !Object.is(value, -0);
}

function uint32List(list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let k = 0; k < list.length; k++) if (!(k in list) || !uint32(list[k])) return false;
  return true;
}

/** A three-state boolean: 0 absent, 1 false, 2 true; -1 for anything else. */
function tri(value: unknown): number {
  return value === undefined ? 0 : value === true ? 2 : value === false ? 1 : -1;
}

function bound(n: number, length: number): number {
  const whole = Math.trunc(n) || 0;
  return whole < 0 ? Math.max(0, length + whole) : Math.min(whole, length);
}
