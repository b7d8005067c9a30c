import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gcInfo, HeapInputError } from '@heaplab/core';
import { replayTrace } from '../src/index.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');
const scratch = (): string => mkdtempSync(join(tmpdir(), 'heaplab-replay-'));

describe('real device traces replay exactly', () => {
  it.each([
    ['a_big_list_64k.ndjson', 9, null],
    ['b_lcg_frag_32k.ndjson', 4, 2464],
    ['c_buffer_reuse_32k.ndjson', 21, null],
    ['e_frames_48k_split2.ndjson.gz', 11, 4480],
  ] as const)('%s: no divergence, every checkpoint matched', async (name, checkpoints, memoryErrorBytes) => {
    const report = await replayTrace(join(traces, name));
    expect(report.divergences).toBe(0);
    expect(report.firstDivergence).toBeNull();
    expect(report.checkpoints).toEqual({ matched: checkpoints, total: checkpoints });
    expect(report.memoryError?.bytes ?? null).toBe(memoryErrorBytes);
    if (memoryErrorBytes !== null) expect(report.memoryError?.reproduced).toBe(true);
  });

  it('b_lcg_frag_32k: the MemoryError with 20 KiB free, reproduced at its event and line', async () => {
    const report = await replayTrace(join(traces, 'b_lcg_frag_32k.ndjson'));
    const lines = readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'), 'utf8').split('\n');
    const error = report.memoryError!;
    // The failed request's line, which the device's memory_error line follows.
    expect(JSON.parse(lines[error.line - 1]!)).toMatchObject({ op: 'alloc_fail', bytes: 2464, stage: 'final' });
    expect(JSON.parse(lines[error.line]!)).toEqual({ op: 'memory_error', bytes: 2464, heap_locked: 0 });
    expect(error.facts).toMatchObject({ bytes: 2464, blocks: 154, largestFreeRun: [147], locked: false });
    expect(error.facts!.freeBytes).toBeGreaterThan(8 * error.bytes);
    expect(error.facts!.collection?.reason).toBe('alloc-fail');
  });

  it('the engine state after the trace has the statistics of the last checkpoint when nothing followed it', async () => {
    const report = await replayTrace(join(traces, 'a_big_list_64k.ndjson'));
    // The script ends with gc.collect() and micropython.mem_info(): 64000 total, 976 used.
    expect(gcInfo(report.state)).toMatchObject({ total: 64000, used: 976, free: 63024, maxFree: 3846 });
  });

  it('plain and gzip, LF and CRLF, with or without a BOM, give the same report', async () => {
    const dir = scratch();
    const text = readFileSync(join(traces, 'a_big_list_64k.ndjson'), 'utf8');
    writeFileSync(join(dir, 'crlf.ndjson'), `\uFEFF${text.replaceAll('\n', '\r\n')}`);
    writeFileSync(join(dir, 'gz.ndjson.gz'), gzipSync(text));
    writeFileSync(join(dir, 'no-final-newline.ndjson'), text.trimEnd());
    const plain = await replayTrace(join(traces, 'a_big_list_64k.ndjson'));
    for (const name of ['crlf.ndjson', 'gz.ndjson.gz', 'no-final-newline.ndjson']) {
      const other = await replayTrace(join(dir, name));
      expect({ ...other, file: null, state: null }).toEqual({ ...plain, file: null, state: null });
    }
  });
});

describe('bad traces: one located error', () => {
  const base = readFileSync(join(traces, 'a_big_list_64k.ndjson'), 'utf8').split('\n').slice(0, 20);

  async function errorFor(lines: string[] | Buffer, name = 'bad.ndjson'): Promise<HeapInputError> {
    const file = join(scratch(), name);
    writeFileSync(file, Array.isArray(lines) ? lines.join('\n') : lines);
    try {
      await replayTrace(file);
    } catch (error) {
      if (error instanceof HeapInputError) return error;
      throw error;
    }
    throw new Error('expected the replay to fail');
  }

  const edit = (index: number, line: string): string[] => base.map((l, i) => (i === index ? line : l));

  it.each([
    ['a line that is not JSON', edit(5, '{"op":"alloc",'), 6, /not a JSON object/],
    ['an unknown op', edit(5, '{"op":"compact"}'), 6, /op: unknown op "compact"/],
    ['a missing field', edit(5, '{"op":"alloc","bytes":8,"blocks":1,"area":0,"fin":0,"in_realloc":0,"after_collect":0}'), 6, /block: missing in an alloc line/],
    [
      'a negative field',
      edit(5, '{"op":"alloc","bytes":-8,"blocks":1,"area":0,"block":9,"fin":0,"in_realloc":0,"after_collect":0}'),
      6,
      /bytes: expected a whole number ≥ 0, got -8/,
    ],
    [
      'a number too large (JSON.parse reads it as Infinity)',
      edit(5, '{"op":"alloc","bytes":1e400,"blocks":1,"area":0,"block":9,"fin":0,"in_realloc":0,"after_collect":0}'),
      6,
      /bytes: expected a whole number ≥ 0, got Infinity \(a number too large\)$/,
    ],
    [
      'a free of a block that is no head',
      edit(5, '{"op":"free","area":0,"block":1,"blocks":1,"in_realloc":0,"in_collect":0}'),
      6,
      /block: area 0 block 1 is not the head of a live object/,
    ],
    [
      'an alloc onto the head of a live object (caught there, not where a later line finds the object gone)',
      edit(5, '{"op":"alloc","bytes":16,"blocks":1,"area":0,"block":2,"fin":0,"in_realloc":0,"after_collect":0}'),
      6,
      /block: area 0 block 2 overlaps a live object, the one at block 2 \(1 block, as line 3 left it\): the device places a new object only on free blocks$/,
    ],
    [
      "an alloc onto a live object's tail",
      edit(5, '{"op":"alloc","bytes":16,"blocks":1,"area":0,"block":1,"fin":0,"in_realloc":0,"after_collect":0}'),
      6,
      /block: area 0 block 1 overlaps a live object, the one at block 0 \(2 blocks, as line 2 left it\)/,
    ],
    ['an array instead of an object', edit(3, '[1,2]'), 4, /expected a JSON object/],
    ['a heap line in the middle', edit(7, base[0]!), 8, /a heap line after the first event/],
    ['no heap line', base.slice(1), 1, /no heap line/],
    ['a sweep outside a collection', edit(5, '{"op":"sweep_free","area":0,"block":0,"blocks":2}'), 6, /outside a collection/],
  ])('%s', async (_name, lines, line, message) => {
    const error = await errorFor(lines);
    expect(error.location.line).toBe(line);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`bad\\.ndjson:${line}: `));
  });

  it('a trace cut off mid-line', async () => {
    const text = base.join('\n');
    const error = await errorFor(Buffer.from(text.slice(0, text.length - 10)));
    expect(error.location.line).toBe(20);
    expect(error.message).toMatch(/not a JSON object/);
  });

  it('a gzip file cut short before its first whole line', async () => {
    const gz = gzipSync(readFileSync(join(traces, 'b_lcg_frag_32k.ndjson')));
    const error = await errorFor(gz.subarray(0, 20), 'cut.ndjson.gz');
    expect(error.message).toMatch(/cut\.ndjson\.gz:1: cannot read: the gzip stream is cut short or corrupt/);
  });

  it('a binary file, a missing file, a directory, -, an empty file, a line over the limit', async () => {
    expect((await errorFor(Buffer.from([0, 1, 2, 255, 10]))).message).toMatch(/bad\.ndjson: this is a binary file, not text$/);
    expect((await errorFor(gzipSync(Buffer.from([0x7b, 0, 0x7d, 10])), 'bad.ndjson.gz')).message).toMatch(/bad\.ndjson\.gz: this is a binary file, not text$/);
    await expect(replayTrace('/no/such/trace.ndjson')).rejects.toThrow(/\/no\/such\/trace\.ndjson: cannot read: no such file/);
    const dir = scratch();
    await expect(replayTrace(dir)).rejects.toThrow(new RegExp(`${dir}: cannot read: is a directory$`));
    await expect(replayTrace('-')).rejects.toThrow(/^-: cannot read: standard input \(-\) is not read here; give a file$/);
    writeFileSync(join(dir, 'empty.ndjson'), '');
    await expect(replayTrace(join(dir, 'empty.ndjson'))).rejects.toThrow(/empty\.ndjson: the file is empty; expected a device trace/);
    writeFileSync(join(dir, 'long.ndjson'), `${base[0]}\n${'x'.repeat(2 << 20)}\n`);
    await expect(replayTrace(join(dir, 'long.ndjson'))).rejects.toThrow(/long\.ndjson:2: line is longer than 1048576 characters/);
  });

  it('a layout the engine would compute differently is refused at its heap line', async () => {
    const error = await errorFor(edit(0, base[0]!.replace('"total_blocks":4000', '"total_blocks":4004')));
    expect(error.message).toMatch(/bad\.ndjson:1: area 0: heaplab lays out 4000 blocks/);
  });
});

describe('a real trace with one line that cannot have happened: an error at that line, never a replay that matches', () => {
  const lines = readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'), 'utf8').split('\n');

  /** The trace with line `number` (from 1) made to read `edit(line)`; what replaying it throws. */
  async function errorWith(number: number, edit: (line: string) => string): Promise<unknown> {
    const file = join(scratch(), 'mutant.ndjson');
    writeFileSync(file, lines.map((line, i) => (i === number - 1 ? edit(line) : line)).join('\n'));
    return replayTrace(file, { verify: true }).catch((error: unknown) => error);
  }

  it.each([
    [
      22,
      '"blocks":1,"in_realloc"',
      '"blocks":7,"in_realloc"',
      /mutant\.ndjson:22: blocks: expected 1, the length of the live object at area 0 block 2 \(as line 3 left it\), got 7$/,
    ],
    [
      379,
      '"blocks":1}',
      '"blocks":40}',
      /mutant\.ndjson:379: blocks: expected 1, the length of the live object at area 0 block 32 \(as line 14 left it\), got 40$/,
    ],
  ])('line %i (a free or a sweep) with another length than its object has', async (number, from, to, message) => {
    expect(lines[number - 1]).toContain(from);
    const error = await errorWith(number, (line) => line.replace(from, to));
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).message).toMatch(message);
  });

  it.each([
    [
      "an alloc onto a live object's tail",
      '{"op":"alloc","bytes":16,"blocks":1,"area":0,"block":95,"fin":0,"in_realloc":0,"after_collect":0}',
      /mutant\.ndjson:50: block: area 0 block 95 overlaps a live object, the one at block 90 \(33 blocks, as line 49 left it\)/,
    ],
    [
      'an alloc whose run covers the tail of one live object and the head of another',
      '{"op":"alloc","bytes":48,"blocks":3,"area":0,"block":88,"fin":0,"in_realloc":0,"after_collect":0}',
      /mutant\.ndjson:50: block: area 0 blocks 88–90 overlap a live object, the one at block 82 \(8 blocks, as line 24 left it\): the device places a new object only on free blocks$/,
    ],
  ])('%s: an error at its own line, not a divergence or an error further on', async (_name, alloc, message) => {
    const error = await errorWith(50, () => alloc);
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).message).toMatch(message);
  });

  it('a collect_end whose freed_blocks are not the sum of its sweeps', async () => {
    expect(lines[498]).toBe('{"op":"collect_end","freed_objs":120,"freed_blocks":1314}');
    const error = await errorWith(499, (line) => line.replace('"freed_blocks":1314', '"freed_blocks":5'));
    expect(error).toBeInstanceOf(HeapInputError);
    expect((error as HeapInputError).message).toMatch(
      /mutant\.ndjson:499: freed_blocks: collect_end counts 5 blocks but its 120 sweep_free lines freed 1314 blocks$/,
    );
  });
});
