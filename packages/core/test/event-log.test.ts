import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { EventLog, type ChunkStore, type HeapEvent } from '../src/index.js';

/** A store in memory that keeps its own copy of each record and counts what it was asked. */
class CopyStore implements ChunkStore {
  readonly records = new Map<number, Uint8Array>();
  gets = 0;

  put(index: number, record: Uint8Array): void {
    expect(this.records.has(index)).toBe(false);
    expect(index).toBe(this.records.size);
    this.records.set(index, record.slice());
    record.fill(0xee);
  }

  get(index: number): Uint8Array {
    this.gets++;
    return this.records.get(index)!.slice();
  }
}

/** Events that fill all but the last `room` slots of the first chunk (16,384 events). */
const filler = (room: number): HeapEvent[] => Array.from({ length: 16_384 - room }, (_, i) => ({ op: 'free', id: i }));

const id = fc.oneof(fc.nat(1000), fc.nat(), fc.constantFrom(0xffff_ffff, 0x1_0000_0000, Number.MAX_SAFE_INTEGER));
const size = fc.oneof(fc.nat(4096), fc.constantFrom(0x7fff_ffff, 0x8000_0000, Number.MAX_SAFE_INTEGER));
const ids = fc.array(id, { maxLength: 8 });
const version = { v: fc.constant(1) };

const alloc = fc.record(
  {
    op: fc.constant('alloc' as const),
    id,
    bytes: size,
    fin: fc.boolean(),
    root: fc.boolean(),
    kind: fc.constantFrom('h', 'T', 'L', 'D', 'S', 'A', 'F', 'B', 'M' as const),
    longLived: fc.boolean(),
    at: fc.record({ area: fc.oneof(fc.nat(3), fc.constant(0x1_0000_0000)), block: fc.nat(100_000) }).map((at) => ({ ...at })),
    sweep: ids,
    thresholdCollect: fc.boolean(),
    ...version,
  },
  { requiredKeys: ['op', 'id', 'bytes'] },
);
const realloc = fc.record(
  { op: fc.constant('realloc' as const), id, bytes: size, move: fc.boolean(), sweep: ids, thresholdCollect: fc.boolean(), ...version },
  { requiredKeys: ['op', 'id', 'bytes', 'move'] },
);
const single = fc.record({ op: fc.constantFrom('free', 'root', 'unroot' as const), id, ...version }, { requiredKeys: ['op', 'id'] });
const ref = fc.record({ op: fc.constantFrom('ref', 'unref' as const), from: id, to: id, ...version }, { requiredKeys: ['op', 'from', 'to'] });
const collect = fc.record({ op: fc.constant('collect' as const), freed: ids, ...version }, { requiredKeys: ['op'] });
const threshold = fc.record(
  { op: fc.constant('threshold' as const), bytes: fc.oneof(fc.integer({ min: -1, max: 100_000 }), fc.maxSafeInteger(), fc.constant(-0x8000_0001)), ...version },
  { requiredKeys: ['op', 'bytes'] },
);
const control = fc.record({ op: fc.constantFrom('enable', 'disable', 'lock', 'unlock' as const), ...version }, { requiredKeys: ['op'] });

/** Any valid event (a plain object, as JSON.parse makes); now and then with its keys in reverse order. */
const event: fc.Arbitrary<HeapEvent> = fc
  .tuple(fc.oneof(alloc, realloc, single, ref, collect, threshold, control), fc.boolean())
  .map(([e, reversed]) => Object.fromEntries(reversed ? Object.entries(e).reverse() : Object.entries(e)) as HeapEvent);

describe('EventLog', () => {
  it('gives back every event appended: equal, with the same keys in the same order', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 60 }), (events) => {
        const log = EventLog.from(events);
        expect(log.length).toBe(events.length);
        events.forEach((e, i) => {
          expect(log.at(i)).toStrictEqual(e);
          expect(JSON.stringify(log.at(i))).toBe(JSON.stringify(e));
        });
        expect([...log]).toStrictEqual(events);
      }),
    );
  });

  it('slices and indexes as an array does', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 20 }), fc.integer({ min: -25, max: 25 }), fc.integer({ min: -25, max: 25 }), (events, start, end) => {
        const log = EventLog.from(events);
        expect(log.slice(start, end)).toStrictEqual(events.slice(start, end));
        expect(log.slice(start)).toStrictEqual(events.slice(start));
        expect(log.at(start)).toStrictEqual(events.at(start));
      }),
    );
  });

  it('holds events across chunks', () => {
    const events: HeapEvent[] = Array.from({ length: 40_000 }, (_, i) =>
      i % 3 === 0
        ? { op: 'alloc', id: i, bytes: i % 500, fin: i % 2 === 0 }
        : i % 3 === 1
          ? { op: 'free', id: i - 1 }
          : { op: 'ref', from: i, to: 0xffff_fff0 },
    );
    const log = EventLog.from(events);
    for (const i of [0, 16_383, 16_384, 32_768, 39_999]) expect(log.at(i)).toStrictEqual(events[i]);
    expect(log.at(40_000)).toBeUndefined();
    expect(log.at(-1)).toStrictEqual(events[39_999]);
  });

  it('packs the events of a device trace into its columns rather than keeping the objects', () => {
    const events: HeapEvent[] = [
      { op: 'alloc', id: 1, bytes: 32, fin: false, sweep: [4, 5], thresholdCollect: true },
      { op: 'alloc', id: 2, bytes: 16, fin: true, at: { area: 1, block: 7 } },
      { op: 'realloc', id: 2, bytes: 48, move: true, sweep: [1] },
      { op: 'free', id: 2 },
      { op: 'collect', freed: [3] },
      { op: 'threshold', bytes: -1 },
    ];
    const log = EventLog.from(events);
    events.forEach((e, i) => {
      expect(log.at(i)).toStrictEqual(e);
      expect(log.at(i)).not.toBe(e);
    });
  });

  it('keeps as they are the events its columns cannot hold', () => {
    const odd = [
      { op: 'free', id: 3, v: 1 },
      { id: 4, op: 'free' },
      { op: 'free', id: 2 ** 40 },
      { op: 'free', id: 5, note: 'x' },
    ] as unknown as HeapEvent[];
    const log = EventLog.from(odd);
    for (const [i, e] of odd.entries()) expect(log.at(i)).toBe(e);
  });

  it('with a store, hands over each full chunk and gives back every event and tag, lists and places included', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), fc.nat(40), (events, room) => {
        const all = [...filler(room), ...events, ...filler(0)];
        const tag = (i: number): number => ((i * 7919) % 100_003) - 50_000;
        const store = new CopyStore();
        const log = new EventLog(store);
        for (const [i, e] of all.entries()) log.push(e, tag(i));
        expect(store.records.size).toBe(Math.floor(all.length / 16_384));
        // The events on both sides of the chunk's end, and a tag from the stored chunk.
        expect(log.tags.at(3)).toBe(tag(3));
        for (let i = 16_384 - room - 2; i < 16_384 - room + events.length + 2; i++) {
          if (i < 0) continue;
          expect(JSON.stringify(log.at(i))).toBe(JSON.stringify(all[i]));
          expect(log.tags.at(i)).toBe(tag(i));
        }
      }),
      { numRuns: fcRuns(40) },
    );
  });

  it('with a store, keeps in memory the chunk being filled and at most four read back', () => {
    const events: HeapEvent[] = Array.from({ length: 16_384 * 7 + 5 }, (_, i) =>
      i % 2 === 0 ? { op: 'alloc', id: i, bytes: i % 300, sweep: [i, i + 1] } : { op: 'collect', freed: [i - 1] },
    );
    const store = new CopyStore();
    const log = EventLog.from(events, store);
    expect(log.chunksInMemory).toBe(1);
    for (const i of [5, 16_384 * 3, 16_384 * 6 + 9, 16_384 * 2, 16_384 * 4 + 1, 16_384 * 5, 1, 16_384 * 7 + 4]) expect(log.at(i)).toStrictEqual(events[i]);
    expect(log.chunksInMemory).toBe(5);
    expect(store.gets).toBe(7);
    // A chunk still held is not read again.
    expect(log.at(16_384 * 5 + 3)).toStrictEqual(events[16_384 * 5 + 3]);
    expect(store.gets).toBe(7);
    // In order, every event, the chunks read back one after another.
    expect(JSON.stringify([...log])).toBe(JSON.stringify(events));
    // Without a store every chunk stays.
    expect(EventLog.from(events).chunksInMemory).toBe(8);
  });

  it('refuses a tag that is not a 32-bit integer', () => {
    const log = new EventLog();
    for (const tag of [0.5, 2 ** 31, Number.NaN]) expect(() => log.push({ op: 'free', id: 1 }, tag)).toThrow(RangeError);
    const tags = log.tags;
    log.push({ op: 'free', id: 1 }, -(2 ** 31));
    // One view, that grows with the log.
    expect(log.tags).toBe(tags);
    expect(tags.length).toBe(1);
    expect(tags.at(0)).toBe(-(2 ** 31));
    expect(tags.at(-1)).toBe(-(2 ** 31));
    expect(tags.at(1)).toBeUndefined();
  });
});
