/**
 * Traces cut short, as a crash or a full disk leaves them: a gzip stream that breaks off is
 * replayed up to its last whole line and reported as cut there; a plain file that ends inside
 * a line that does not decode is an error that says so, or with `onBadLine` the same cut.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { HeapInputError, type HeapEvent } from '@heaplab/core';
import { buildTimeline, formatEngineTrace, minimizeTrace, replayTrace, traceEvents } from '../src/index.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');
/** The real split-heap trace's first 24,000 bytes: it breaks off inside line 6276, in a collection. */
const CUT = join(traces, 'e_frames_48k_split2_cut.ndjson.gz');
const scratch = (name: string, content: string | Buffer): string => {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-cut-')), name);
  writeFileSync(file, content);
  return file;
};

/** The lines zlib can inflate from a cut stream, the last one whole or not. */
function inflatable(file: string): string[] {
  return gunzipSync(readFileSync(file), { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8').split('\n');
}

describe('a gzip trace cut short', () => {
  it('replays every whole line before the cut and says where it was cut; the collection the cut left open is not an error', async () => {
    const lines = inflatable(CUT);
    const whole = lines.length - 1;
    expect(lines.at(-1)).not.toBe('');
    // The cut falls inside a collection: its collect_start is whole, its collect_end never came.
    expect(lines.slice(0, whole).findLastIndex((l) => l.includes('collect_start'))).toBeGreaterThan(
      lines.slice(0, whole).findLastIndex((l) => l.includes('collect_end')),
    );
    const report = await replayTrace(CUT);
    expect(report.truncated).toEqual({ afterLine: whole, reason: 'the gzip stream is cut short' });
    expect(report).toMatchObject({ lines: whole, divergences: 0, memoryError: null });
    expect(report.events).toBeGreaterThan(3000);
  });

  it('a MemoryError before the cut is found and explained as in the whole trace', async () => {
    const gz = gzipSync(readFileSync(join(traces, 'b_lcg_frag_32k.ndjson')));
    const file = scratch('b.ndjson.gz', gz.subarray(0, gz.length - 40));
    const [cut, whole] = await Promise.all([replayTrace(file), replayTrace(join(traces, 'b_lcg_frag_32k.ndjson'))]);
    expect(cut.truncated?.afterLine).toBeLessThan(whole.lines);
    expect(cut.memoryError).toEqual(whole.memoryError);
  });

  it('what-ifs, time travel and minimisation get the events before the cut, and know they were cut', async () => {
    const [events, timeline] = await Promise.all([traceEvents(CUT), buildTimeline(CUT)]);
    expect(events.truncated).toEqual(timeline.report.truncated);
    expect(events.events.length).toBeGreaterThan(3000);
    expect(timeline.length).toBe(timeline.report.events);
    await expect(minimizeTrace(CUT)).rejects.toThrow(
      /no MemoryError that the engine reproduces \(it is cut short after line 6275: a MemoryError after that was not read\)/,
    );
  });

  it('an engine trace cut short replays up to its cut', async () => {
    const events: HeapEvent[] = Array.from({ length: 2000 }, (_, i) => ({ op: 'alloc', id: i, bytes: 16 + (i % 7) }));
    const gz = gzipSync(formatEngineTrace({ config: { areas: [{ bytes: 65536 }] } }, events));
    const report = await replayTrace(scratch('e.events.gz', gz.subarray(0, gz.length >> 1)));
    expect(report.truncated?.reason).toBe('the gzip stream is cut short');
    expect(report.events).toBe(report.truncated!.afterLine - 1);
  });
});

describe('a plain trace that ends inside a line', () => {
  const text = readFileSync(join(traces, 'a_big_list_64k.ndjson'), 'utf8').split('\n').slice(0, 30).join('\n');
  const cut = text.slice(0, text.length - 12);

  it('is an error at that line that says the file ends there and how to replay the lines before it', async () => {
    const error = await replayTrace(scratch('t.ndjson', cut)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).location.line).toBe(30);
    expect((error as HeapInputError).message).toMatch(
      /not a JSON object: .*; the file ends inside this line \(cut short\?\): replay with --skip-bad-lines to use the lines before it$/,
    );
  });

  it("as its only line, is the line's own error: there are no lines before it to replay", async () => {
    const error = await replayTrace(scratch('hello.ndjson', 'hello')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).message).toMatch(/hello\.ndjson:1: not a JSON object: "hello"$/);
  });

  it('with onBadLine is cut after the line before, not a bad line', async () => {
    const bad: HeapInputError[] = [];
    const report = await replayTrace(scratch('t.ndjson', cut), { onBadLine: (e) => bad.push(e) });
    expect(bad).toEqual([]);
    expect(report.truncated).toEqual({ afterLine: 29, reason: 'the file ends inside line 30' });
  });

  it('whose last line decodes, or that ends in a line end, is whole', async () => {
    expect((await replayTrace(scratch('t.ndjson', text))).truncated).toBeNull();
    expect((await replayTrace(scratch('t.ndjson', `${text}\n`))).truncated).toBeNull();
  });

  it('a bad line that is not the last keeps its own error', async () => {
    const lines = text.split('\n');
    lines[10] = lines[10]!.slice(0, -12);
    const error = await replayTrace(scratch('t.ndjson', lines.join('\n'))).catch((e: unknown) => e);
    expect((error as HeapInputError).message).toMatch(/:11: not a JSON object: /);
    expect((error as HeapInputError).message).not.toMatch(/ends inside/);
  });

  it('an engine trace: the same error, and with onBadLine the same cut', async () => {
    const engine = formatEngineTrace({ config: { areas: [{ bytes: 4096 }] } }, [
      { op: 'alloc', id: 1, bytes: 100 },
      { op: 'alloc', id: 2, bytes: 200 },
    ]).trimEnd();
    const file = scratch('e.events', engine.slice(0, -5));
    await expect(replayTrace(file)).rejects.toThrow(/e\.events:3: .*the file ends inside this line/);
    expect((await replayTrace(file, { onBadLine: () => undefined })).truncated).toEqual({ afterLine: 2, reason: 'the file ends inside line 3' });
  });
});
