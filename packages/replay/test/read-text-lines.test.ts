import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { from, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { decodeDeviceLines, readTextLines } from '../src/index.js';
import { decodeDeviceLine } from '../src/trace/decode-device-line.js';

const scratch = (): string => mkdtempSync(join(tmpdir(), 'heaplab-lines-'));

/** The lines as the reader promises them: split on LF, one CR before it dropped, no BOM. */
function expectedLines(text: string): string[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/**
 * Every batch's lines, and whether each batch's bytes say the same. The per-batch checks are
 * gathered and asserted once: an expect per batch made 80,000 of them on the long texts.
 */
async function readAll(file: string, batchLines?: number): Promise<{ lines: string[]; mismatches: number[] }> {
  const lines: string[] = [];
  const mismatches: number[] = [];
  for await (const batch of readTextLines(file, batchLines === undefined ? {} : { batchLines })) {
    const fromBytes = Array.from(batch.starts, (start, i) => Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset).toString('utf8', start, batch.ends[i]));
    if (batch.first !== lines.length + 1 || fromBytes.length !== batch.lines.length || fromBytes.some((line, i) => line !== batch.lines[i])) {
      mismatches.push(batch.first);
    }
    lines.push(...batch.lines);
  }
  return { lines, mismatches };
}

describe('readTextLines', () => {
  // Over 2 MiB, so lines and multibyte characters straddle the reader's 1 MiB chunks.
  const long = Array.from({ length: 40_000 }, (_, i) => `{"op":"info","n":${i},"text":"${'é€😀x'.repeat(i % 13)}"}`).join('\r\n');

  it.each([
    ['empty', ''],
    ['one line, no line end', 'abc'],
    ['a BOM only', '\uFEFF'],
    ['a BOM and lines', '\uFEFFa\nb\n'],
    ['CRLF, a lone CR, blank lines', 'a\r\n\r\n\rb\r\r\nc\r'],
    ['multibyte characters', 'é\n€\r\n😀\n\uFFFD'],
    ['long, CRLF, over several chunks', long],
    ['long, no final line end', `${long}\r\nlast`],
  ])('%s: the same lines, plain and gzip, in any batch size', async (_, text) => {
    const dir = scratch();
    writeFileSync(join(dir, 'plain.txt'), text);
    writeFileSync(join(dir, 'packed.txt.gz'), gzipSync(text));
    for (const name of ['plain.txt', 'packed.txt.gz']) {
      for (const batchLines of [undefined, 1, 7]) {
        const { lines, mismatches } = await readAll(join(dir, name), batchLines);
        expect(mismatches).toEqual([]);
        expect(lines).toEqual(expectedLines(text));
      }
    }
  });

  it('a file that ends inside a line marks its last batch unended, and only then', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'cut.txt'), 'a\nb\nhalf a li');
    writeFileSync(join(dir, 'whole.txt'), 'a\nb\n');
    const last = async (name: string) => {
      const batches = [];
      for await (const batch of readTextLines(join(dir, name))) batches.push(batch);
      return batches.at(-1)!;
    };
    expect(await last('cut.txt')).toMatchObject({ first: 3, lines: ['half a li'], unended: true });
    expect((await last('whole.txt')).unended).toBeUndefined();
  });

  describe('a gzip stream that breaks off', () => {
    const text = Array.from({ length: 3000 }, (_, i) => `line ${i + 1} ${'x'.repeat(i % 50)}`).join('\n');
    const whole = gzipSync(text);
    const cutFile = (bytes: number): string => {
      const file = join(scratch(), 'cut.txt.gz');
      writeFileSync(file, whole.subarray(0, bytes));
      return file;
    };

    it('with keepCut: every whole line before the break, then a batch that says where and why', async () => {
      const file = cutFile(whole.length >> 1);
      const lines: string[] = [];
      let cut: unknown = null;
      for await (const batch of readTextLines(file, { keepCut: true, batchLines: 100 })) {
        lines.push(...batch.lines);
        if (batch.cut !== undefined) cut = { ...batch.cut, lines: batch.lines.length, first: batch.first };
      }
      expect(lines.length).toBeGreaterThan(100);
      expect(lines).toEqual(expectedLines(text).slice(0, lines.length));
      expect(cut).toEqual({ afterLine: lines.length, reason: 'the gzip stream is cut short', lines: 0, first: lines.length + 1 });
    });

    it('without keepCut, or before the first whole line, it is an error naming the file and line', async () => {
      const read = async (file: string, keepCut: boolean): Promise<void> => {
        for await (const _ of readTextLines(file, { keepCut })) void _;
      };
      await expect(read(cutFile(whole.length >> 1), false)).rejects.toThrow(/cut\.txt\.gz:\d+: cannot read: the gzip stream is cut short or corrupt/);
      await expect(read(cutFile(12), true)).rejects.toThrow(/cut\.txt\.gz:1: cannot read: the gzip stream is cut short or corrupt/);
    });
  });

  it('invalid UTF-8 reads as replacement characters, as a stream decoder would', async () => {
    const dir = scratch();
    const bytes = Buffer.concat([Buffer.from('a'), Buffer.from([0xff, 0xe2, 0x82]), Buffer.from('\nb'), Buffer.from([0xf0, 0x9f]), Buffer.from('\n')]);
    writeFileSync(join(dir, 'bad.txt'), bytes);
    expect((await readAll(join(dir, 'bad.txt'))).lines).toEqual(expectedLines(bytes.toString('utf8')));
  });
});

describe('decodeDeviceLines', () => {
  it('skips blank lines, takes the fast path or the full parser, and locates each event', async () => {
    const dir = scratch();
    const lines = [
      '{"op":"heap","area":0,"bytes":65536,"pool_bytes":64000,"total_blocks":4000,"block_bytes":16,"word_bytes":4,"atb_bytes":1000,"ftb_bytes":500,"wtb_bytes":0,"pool_offset":1536}',
      '',
      '   \t',
      '{"op":"alloc","bytes":24,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}',
      ' { "op" : "alloc", "after_collect":0, "bytes":8,"blocks":1,"area":0,"block":2,"fin":0,"in_realloc":0, "note": "é" } ',
      '{"op":"free","area":0,"block":2,"blocks":1,"in_realloc":0,"in_collect":0}',
    ];
    writeFileSync(join(dir, 't.ndjson'), `${lines.join('\r\n')}\r\n`);
    const batches = await lastValueFrom(from(readTextLines(join(dir, 't.ndjson'), { batchLines: 2 })).pipe(decodeDeviceLines('t.ndjson'), toArray()));
    const expected = [1, 4, 5, 6].map((line) => ({ line, event: decodeDeviceLine(lines[line - 1]!, line, 't.ndjson') }));
    expect(batches.flatMap((batch) => batch.lines)).toStrictEqual(expected);
  });
});
