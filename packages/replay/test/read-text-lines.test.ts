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
    const fromBytes = Array.from(batch.starts, (start, i) => batch.bytes.toString('utf8', start, batch.ends[i]));
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
    expect(batches.flat()).toStrictEqual(expected);
  });
});
