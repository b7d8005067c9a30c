import { describe, expect, it } from 'vitest';
import { parseOps, runOps } from '@heaplab/core';
import { inputError } from './support/input-error.js';

describe('.ops scripts: errors name the file and line', () => {
  it.each([
    ['init 8192 0\nalloc 1 16\nfrob 2\n', 3, /unknown command "frob"/],
    ['init 8192 0\nalloc 1\n', 2, /alloc takes 2 to 3 arguments; usage: alloc ID BYTES \[FIN\]/],
    ['init 8192 0\nalloc x 16\n', 2, /argument 1 is "x"; expected a slot number/],
    ['init 8192 0\nalloc 1 -5\n', 2, /argument 2 is "-5"; expected a whole number of bytes/],
    ['init 8192 0\nrealloc 1 16 2\n', 2, /argument 3 is "2"; expected 0 or 1/],
    ['init 8192 0\ninfo now\n', 2, /info takes no arguments/],
    ['alloc 1 16\n', 1, /before init/],
    ['init 8192 0\nalloc 1 16\nadd 4096 0\n', 3, /add must follow init/],
    ['init 8192 0\ninit 8192 0\n', 2, /init must be the first command/],
    ['# nothing\n\n', 1, /no init line/],
    ['init 8192 0\nthreshold 1e3\n', 2, /expected a whole number/],
  ])('%j → line %i', (text, line, message) => {
    const error = inputError(() => parseOps(text, 'x.ops'));
    expect(error.location).toMatchObject({ file: 'x.ops', line });
    expect(error.message).toMatch(message);
    expect(error.message.startsWith(`x.ops:${line}: `)).toBe(true);
  });

  it('a command the heap rejects is reported at its line', () => {
    const error = inputError(() => runOps(parseOps('init 8192 0\nalloc 1 16\nunlock\n', 'y.ops'), { file: 'y.ops' }));
    expect(error.message).toBe('y.ops:3: unlock: the heap is not locked');
  });

  it('a region too small or an old version without gc_add is reported at the setup line', () => {
    expect(inputError(() => runOps(parseOps('init 32 0\n'), { file: 'z.ops' })).message).toBe(
      'z.ops:1: a region of 32 bytes is too small to hold a single block',
    );
    expect(inputError(() => runOps(parseOps('init 4096 0\nadd 4096 0\n'), { file: 'z.ops', mpyVersion: '1.19' })).message).toMatch(
      /^z\.ops:2: v1\.19 has no split heap/,
    );
  });

  it('comments, blank lines, CRLF and a BOM are fine', () => {
    const { transcript } = runOps(parseOps('\uFEFF# a comment\r\ninit 1024 0\r\n\r\nalloc 1 16\r\n'));
    expect(transcript).toBe('init size=1024 off=0\nalloc 1 16 -> area0+64 nbytes=16\n');
  });
});
