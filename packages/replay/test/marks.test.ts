/**
 * Marks: `mark` lines a program writes into its trace to name a point of its run (a phase, a
 * `file:line`). They are no engine event; each reaches the report, the timeline and the what-if
 * stream with the number of that stream's events before it, through gaps, syncs and collections.
 * Engine traces carry them too, written by `formatEngineTrace`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gcInfo, HeapInputError, stateHash } from '@heaplab/core';
import { diagnoseFailure } from '@heaplab/analysis';
import type { HeapEvent } from '@heaplab/core';
import {
  buildTimeline,
  decodeDeviceLine,
  firstFailureDiagnosis,
  decodeEngineEvent,
  decodeEngineLine,
  formatEngineTrace,
  replayTrace,
  traceEvents,
} from '../src/index.js';

const HEAP =
  '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
const alloc = (bytes: number, block: number): string =>
  `{"op":"alloc","bytes":${bytes},"blocks":${Math.ceil(bytes / 16)},"area":0,"block":${block},"fin":0,"in_realloc":0,"after_collect":0}`;
const free = (block: number, blocks: number): string => `{"op":"free","area":0,"block":${block},"blocks":${blocks},"in_realloc":0,"in_collect":0}`;
const mark = (label: string): string => JSON.stringify({ op: 'mark', v: 1, label });
const SYNC_START = '{"op":"sync","v":1,"area":0,"blocks":60}';
const syncMap = (start: string): string => `{"op":"sync_map","v":1,"area":0,"block":0,"map":"${start.padEnd(60, '.')}"}`;
const SYNC_END = '{"op":"sync_end","v":1}';

function write(lines: readonly string[], name = 'trace.ndjson'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-marks-')), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** A trace with marks before the first event, between events, inside a collection and around a MemoryError. */
const PROGRAM = [
  HEAP,
  mark('setup'),
  alloc(32, 0),
  alloc(48, 2),
  mark('main.py:12'),
  free(0, 2),
  '{"op":"collect_start","reason":"explicit"}',
  '{"op":"sweep_free","area":0,"block":2,"blocks":3}',
  mark('in a finaliser'),
  '{"op":"collect_end","freed_objs":1,"freed_blocks":3}',
  mark('frame_buffer'),
  '{"op":"alloc_fail","bytes":2000,"blocks":125,"stage":"pre_collect","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0}',
  '{"op":"collect_start","reason":"alloc_fail"}',
  '{"op":"collect_end","freed_objs":0,"freed_blocks":0}',
  '{"op":"alloc_fail","bytes":2000,"blocks":125,"stage":"final","fin":0,"in_realloc":0,"in_collect":0,"after_collect":1}',
  mark('between the failure and its error'),
  '{"op":"memory_error","bytes":2000,"heap_locked":0}',
  mark('the end'),
];

describe('mark lines in a device trace', () => {
  it('are decoded, checked and bounded: 1 to 64 bytes of UTF-8', () => {
    expect(decodeDeviceLine(mark('find_blobs'), 1)).toEqual({ op: 'mark', v: 1, label: 'find_blobs' });
    expect(decodeDeviceLine(mark('é'.repeat(32)), 1)).toEqual({ op: 'mark', v: 1, label: 'é'.repeat(32) });
    const refused = (line: string): string => {
      try {
        decodeDeviceLine(line, 3, 'trace.ndjson');
      } catch (error) {
        if (error instanceof HeapInputError) return error.message;
      }
      return 'accepted';
    };
    expect(refused(mark('é'.repeat(33)))).toBe('trace.ndjson:3: label: expected a label: text of 1 to 64 bytes (UTF-8), got 66 bytes');
    expect(refused(mark(''))).toBe('trace.ndjson:3: label: expected a label: text of 1 to 64 bytes (UTF-8), got an empty string');
    expect(refused('{"op":"mark","v":1,"label":7}')).toBe('trace.ndjson:3: label: expected a label: text of 1 to 64 bytes (UTF-8), got 7');
    expect(refused('{"op":"mark","label":"x"}')).toMatch(/^trace\.ndjson:3: v: missing in a mark line/);
  });

  it('reach the report numbered by the replay’s events, and change nothing else', async () => {
    const report = await replayTrace(write(PROGRAM));
    // Events: alloc, alloc, free, the collection, the failed request.
    expect(report.events).toBe(5);
    expect(report.marks).toEqual([
      { event: 0, line: 2, label: 'setup' },
      { event: 2, line: 5, label: 'main.py:12' },
      // The collection is one event, applied at its collect_end: a mark inside it comes before.
      { event: 3, line: 9, label: 'in a finaliser' },
      { event: 4, line: 11, label: 'frame_buffer' },
      { event: 5, line: 16, label: 'between the failure and its error' },
      { event: 5, line: 18, label: 'the end' },
    ]);
    expect(report).toMatchObject({ lines: 18, divergences: 0, memoryError: { line: 15, event: 5, reproduced: true } });
    const without = await replayTrace(write(PROGRAM.filter((line) => !line.startsWith('{"op":"mark"'))));
    expect(without.marks).toEqual([]);
    const figures = (r: typeof report) => ({ events: r.events, allocs: r.allocs, skipped: r.skipped, failed: r.failedRequests, error: r.memoryError?.event });
    expect(figures(report)).toEqual(figures(without));
    expect(stateHash(report.state)).toBe(stateHash(without.state));
  });

  it('reach the timeline: the heap a mark stands at is stateAt(its event)', async () => {
    const timeline = await buildTimeline(write(PROGRAM), { every: 2 });
    expect(timeline.marks).toEqual(timeline.report.marks);
    const at = timeline.marks.find((m) => m.label === 'main.py:12')!;
    expect(gcInfo(timeline.stateAt(at.event)).used).toBe(80);
  });

  it('reach the what-if stream numbered by its own events (a swept object is a drop event of its own)', async () => {
    const { events, marks } = await traceEvents(write(PROGRAM));
    // alloc, alloc, free, the swept object's drop, the collection, the failed request.
    expect(events.map((e) => e.op)).toEqual(['alloc', 'alloc', 'free', 'unroot', 'collect', 'alloc']);
    expect(marks).toEqual([
      { event: 0, line: 2, label: 'setup' },
      { event: 2, line: 5, label: 'main.py:12' },
      { event: 3, line: 9, label: 'in a finaliser' },
      { event: 5, line: 11, label: 'frame_buffer' },
      { event: 6, line: 16, label: 'between the failure and its error' },
      { event: 6, line: 18, label: 'the end' },
    ]);
  });

  it('after a gap: a mark in the lost stretch is kept where it was recorded, one inside a sync too', async () => {
    const errors: HeapInputError[] = [];
    const report = await replayTrace(
      write([
        HEAP,
        alloc(32, 0),
        '{"op":"gap","v":1,"lost":2}',
        mark('seen while blind'),
        alloc(16, 9),
        SYNC_START,
        mark('inside the sync'),
        syncMap('h=..h'),
        SYNC_END,
        mark('after the sync'),
        alloc(16, 2),
      ]),
      { onBadLine: (error) => void errors.push(error) },
    );
    expect(errors).toEqual([]);
    expect(report.gaps).toEqual([{ line: 3, lost: 2, resyncLine: 9, memoryErrors: [] }]);
    // The resync is one event (every object dropped) and one placement per object of the map.
    expect(report.marks).toEqual([
      { event: 1, line: 4, label: 'seen while blind' },
      { event: 1, line: 7, label: 'inside the sync' },
      { event: 4, line: 10, label: 'after the sync' },
    ]);
    expect(report.events).toBe(5);
  });

  it('a sync on a trace that lost nothing is still checked with a mark inside it', async () => {
    const report = await replayTrace(write([HEAP, alloc(32, 0), SYNC_START, mark('m'), syncMap('h='), SYNC_END]));
    expect(report.maps).toEqual({ matched: 1, total: 1 });
    expect(report.marks).toEqual([{ event: 1, line: 4, label: 'm' }]);
  });

  it('a bad mark line ends the replay at its line; with --skip-bad-lines it is reported and skipped', async () => {
    const file = write([HEAP, alloc(32, 0), mark('x'.repeat(65)), mark('kept'), alloc(16, 2)]);
    await expect(replayTrace(file)).rejects.toThrow(`${file}:3: label: expected a label: text of 1 to 64 bytes (UTF-8), got 65 bytes`);
    const errors: HeapInputError[] = [];
    const report = await replayTrace(file, { onBadLine: (error) => void errors.push(error) });
    expect(errors.map((e) => e.location.line)).toEqual([3]);
    expect(report.marks).toEqual([{ event: 1, line: 4, label: 'kept' }]);
    expect(report.events).toBe(2);
  });

  it('a mark must come after the heap lines, like any line but heap', async () => {
    await expect(replayTrace(write([mark('early'), HEAP, alloc(32, 0)]))).rejects.toThrow(/:1: the trace has no heap line/);
  });
});

describe('mark lines in an engine trace', () => {
  const config = { areas: [{ bytes: 1024 }] };
  const events: HeapEvent[] = [
    { op: 'alloc', id: 1, bytes: 100 },
    { op: 'alloc', id: 2, bytes: 900 },
    // About the object whose request failed: skipped by the replay, not counted as its event.
    { op: 'free', id: 2 },
    { op: 'alloc', id: 3, bytes: 16 },
  ];

  it('formatEngineTrace writes each mark after the events before it, in the order given', () => {
    const text = formatEngineTrace({ config }, events, [
      { event: 0, label: 'setup' },
      { event: 1, label: 'a' },
      { event: 1, label: 'b' },
      { event: 4, label: 'the end' },
    ]);
    expect(text.split('\n').slice(1)).toEqual([
      '{"op":"mark","label":"setup"}',
      '{"op":"alloc","id":1,"bytes":100}',
      '{"op":"mark","label":"a"}',
      '{"op":"mark","label":"b"}',
      '{"op":"alloc","id":2,"bytes":900}',
      '{"op":"free","id":2}',
      '{"op":"alloc","id":3,"bytes":16}',
      '{"op":"mark","label":"the end"}',
      '',
    ]);
    expect(formatEngineTrace({ config }, events)).toBe(formatEngineTrace({ config }, events, []));
    expect(() => formatEngineTrace({ config }, events, [{ event: 5, label: 'past' }])).toThrow(RangeError);
    expect(() =>
      formatEngineTrace({ config }, events, [
        { event: 2, label: 'x' },
        { event: 1, label: 'y' },
      ]),
    ).toThrow(/mark 2 \(event 1\) is out of order/);
    expect(() => formatEngineTrace({ config }, events, [{ event: 1, label: '' }])).toThrow(/mark 1 has an empty label/);
  });

  it('replay, the timeline and traceEvents read them, numbered as the events written', async () => {
    const file = write(
      formatEngineTrace({ config }, events, [
        { event: 1, label: 'first' },
        { event: 3, label: 'after the free' },
      ])
        .trimEnd()
        .split('\n'),
      'run.events',
    );
    const report = await replayTrace(file);
    expect(report.memoryError).toMatchObject({ event: 2, line: 4 });
    // The free of the object never made changes nothing, but it is the trace's third event.
    expect(report.marks).toEqual([
      { event: 1, line: 3, label: 'first' },
      { event: 3, line: 6, label: 'after the free' },
    ]);
    expect((await buildTimeline(file)).marks).toEqual(report.marks);
    expect((await traceEvents(file)).marks).toEqual(report.marks);
  });

  it('decodeEngineLine reads a mark (optional v 1) and refuses an empty or missing label; decodeEngineEvent refuses a mark', () => {
    expect(decodeEngineLine('{"op":"mark","label":"x"}', 2)).toEqual({ kind: 'mark', label: 'x' });
    expect(decodeEngineLine('{"op":"mark","v":1,"label":"x"}', 2)).toEqual({ kind: 'mark', label: 'x' });
    expect(decodeEngineLine('{"op":"free","id":3}', 2)).toEqual({ kind: 'event', event: { op: 'free', id: 3 } });
    const refused = (decode: () => unknown): string => {
      try {
        decode();
      } catch (error) {
        if (error instanceof HeapInputError) return error.message;
      }
      return 'accepted';
    };
    expect(refused(() => decodeEngineLine('{"op":"mark","label":""}', 4, 'run.events'))).toBe(
      'run.events:4: label: expected a label (text, not empty), got ""',
    );
    expect(refused(() => decodeEngineLine('{"op":"mark"}', 4, 'run.events'))).toBe('run.events:4: label: expected a label (text, not empty), got nothing');
    expect(refused(() => decodeEngineLine('{"op":"mark","v":2,"label":"x"}', 4, 'run.events'))).toBe('run.events:4: v: event version 2 is not 1');
    expect(refused(() => decodeEngineLine('{"op":"?"}', 4))).toMatch(/; expected one of alloc, .*, unlock, mark$/);
    expect(refused(() => decodeEngineEvent('{"op":"mark","label":"x"}', 4))).toMatch(/unknown op "mark"; expected one of alloc, .*, unlock$/);
  });
});

describe("marks in a diagnosis recorded in the replay's own pass", () => {
  it('name the failure and its objects as a second pass over the events does', async () => {
    const file = write(PROGRAM);
    const recorded = await buildTimeline(file, { diagnose: true });
    const plain = await buildTimeline(file);
    const once = firstFailureDiagnosis(recorded);
    expect(once?.failure.mark).toBe('frame_buffer');
    expect(once).toEqual(diagnoseFailure(plain.config, plain.events, { lines: plain.lines, marks: plain.marks }));
  });
});
