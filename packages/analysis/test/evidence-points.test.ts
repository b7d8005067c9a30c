/**
 * The points the evidence is drawn from (`Diagnosis.points`): the failing request's series, one
 * point per request, and the bytes in use after each collection with the accumulation's line.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseFailure, type Cause, type CauseKind, type Diagnosis } from '../src/index.js';
import { bufferSeries, growingList, leak, tooSmall } from './support/diagnosis-streams.js';
import { StreamBuilder, type BuiltStream } from './support/stream-builder.js';

function diagnose(stream: BuiltStream, withMarks = true): Diagnosis {
  const diagnosis = diagnoseFailure(stream.config, stream.events, withMarks ? { marks: stream.marks } : {});
  expect(diagnosis).not.toBeNull();
  return diagnosis!;
}

function cause<K extends CauseKind>(diagnosis: Diagnosis, kind: K): Extract<Cause, { kind: K }> {
  const found = diagnosis.causes.find((c): c is Extract<Cause, { kind: K }> => c.kind === kind);
  if (found === undefined) throw new Error(`no ${kind}`);
  return found;
}

describe('the failing request series', () => {
  it('a growing buffer: every request of the series, its size at each, the failing one last', () => {
    const diagnosis = diagnose(bufferSeries(1, (k) => 1024 + 16 * k));
    const { evidence } = cause(diagnosis, 'growing-request');
    const requests = diagnosis.points.requests!;
    expect(requests.kind).toBe('growing-request');
    expect(requests.events).toHaveLength(evidence.occurrences);
    expect(requests.events).toEqual(diagnosis.allocations['growing-request']);
    expect(requests.bytes).toEqual(requests.events.map((_, k) => 1024 + 16 * k));
    expect(requests.events.at(-1)).toBe(diagnosis.failure.event);
    expect(requests.bytes.at(-1)).toBe(diagnosis.failure.bytes);
    // The one collection is the one the failing request ran; no line without an accumulation.
    expect(diagnosis.points.collections).toEqual({ events: [diagnosis.failure.event], liveBytes: [diagnosis.failure.liveBytes], trend: null });
  });

  it('a list grown by realloc: its sizes, from its allocation', () => {
    const diagnosis = diagnose(growingList(1));
    const { evidence } = cause(diagnosis, 'growing-request');
    const requests = diagnosis.points.requests!;
    expect(evidence.series).toBe('realloc');
    expect(requests.kind).toBe('growing-request');
    expect(requests.bytes).toHaveLength(evidence.occurrences);
    expect(requests.bytes.slice(0, 3)).toEqual([64, 96, 128]);
    expect(requests.events[0]).toBe(1);
  });

  it('without a growing series: the failing realloc object sizes, or the allocations under its mark', () => {
    const object = new StreamBuilder({ areas: [{ blocks: 64 }] });
    const list = object.alloc(100)!;
    object.alloc(16);
    object.realloc(list, 200);
    object.realloc(list, 5000);
    const reallocs = diagnose(object.built()).points.requests;
    expect(reallocs).toEqual({ kind: 'object', events: [1, 3, 4], bytes: [100, 200, 5000] });

    const marked = new StreamBuilder({ areas: [{ blocks: 64 }] });
    marked.mark('setup');
    marked.alloc(64);
    marked.mark('scan');
    marked.free(marked.alloc(300)!);
    marked.free(marked.alloc(40)!);
    marked.mark('setup');
    marked.alloc(32);
    marked.mark('scan');
    marked.alloc(2000);
    const stream = marked.built();
    expect(diagnose(stream).points.requests).toEqual({ kind: 'mark', mark: 'scan', events: [2, 4, 7], bytes: [300, 40, 2000] });
    // Without the marks, an allocation has no series of its own.
    expect(diagnose(stream, false).points.requests).toBeNull();
  });
});

describe('live bytes after each collection', () => {
  it('an accumulation: every collection, the bytes in use after it, and the fitted line', () => {
    const diagnosis = diagnose(leak());
    const { evidence } = cause(diagnosis, 'accumulation');
    const { events, liveBytes, trend } = diagnosis.points.collections;
    expect(events).toHaveLength(evidence.collections);
    expect(liveBytes).toHaveLength(evidence.collections);
    expect([events[0], events.at(-1)]).toEqual([evidence.fromEvent, evidence.toEvent]);
    expect([liveBytes[0], liveBytes.at(-1)]).toEqual([evidence.firstLiveBytes, evidence.lastLiveBytes]);
    expect(trend).not.toBeNull();
    expect([trend!.fromEvent, trend!.toEvent]).toEqual([evidence.fromEvent, evidence.toEvent]);
    expect(Math.abs(trend!.toBytes - trend!.fromBytes - evidence.riseBytes)).toBeLessThanOrEqual(1);
    const slope = ((trend!.toBytes - trend!.fromBytes) * 1000) / (trend!.toEvent - trend!.fromEvent);
    expect(Math.abs(slope - evidence.slopePerKiloEvent)).toBeLessThan(1);
  });

  it('a leak with a cap: the collections are drawn, but no line when accumulation is not a cause', () => {
    const diagnosis = diagnose(leak({ cap: 100, finalBytes: 60_000 }));
    expect(diagnosis.causes.map((c) => c.kind)).not.toContain('accumulation');
    expect(diagnosis.points.collections.events.length).toBeGreaterThanOrEqual(5);
    expect(diagnosis.points.collections.trend).toBeNull();
  });

  it('a heap simply too small: only the collection the failing request ran, and no series', () => {
    expect(diagnose(tooSmall()).points).toEqual({ requests: null, collections: { events: [13], liveBytes: [12 * 256], trend: null } });
  });
});
