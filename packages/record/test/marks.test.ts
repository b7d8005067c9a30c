/**
 * Marks from a recorded script: the framing the `heaplab` module writes is taken out of the
 * script's output wherever it falls, and a label is cut as the firmware hook cuts it.
 */
import { describe, expect, it } from 'vitest';
import { MarkFilter } from '../src/mark-filter.js';
import { markLabel } from '../src/mark-label.js';
import { MARK_END, MARK_START } from '../src/mark-module.js';

/** The output and the labels `chunks` give, fed one chunk at a time. */
function filtered(chunks: readonly string[]): { output: string; labels: string[] } {
  const output: number[] = [];
  const labels: string[] = [];
  const filter = new MarkFilter(
    (byte) => output.push(byte),
    (label) => labels.push(Buffer.from(label).toString('utf8')),
  );
  for (const chunk of chunks) filter.write(Buffer.from(chunk, 'utf8'));
  return { output: Buffer.from(output).toString('utf8'), labels };
}

describe('marks in the interpreter output', () => {
  it('a mark is taken out wherever it falls, also split across writes; the rest passes through', () => {
    const mark = `${MARK_START}find_blobs${MARK_END}`;
    expect(filtered([`half${mark} line\n`])).toEqual({ output: 'half line\n', labels: ['find_blobs'] });
    expect(filtered([...`a${mark}b${MARK_START}é${MARK_END}`])).toEqual({ output: 'ab', labels: ['find_blobs', 'é'] });
  });

  it('the start of the framing that is not followed by the rest is output', () => {
    const partial = MARK_START.slice(0, 5);
    expect(filtered([`${partial}x\n`, `\x1e\x1e${MARK_START}m${MARK_END}`])).toEqual({ output: `${partial}x\n\x1e\x1e`, labels: ['m'] });
  });
});

describe('mark labels', () => {
  it('are cut to 64 bytes of UTF-8, never inside a character; bytes that are no character become ?', () => {
    expect(markLabel(Buffer.from('x'.repeat(100)))).toBe('x'.repeat(64));
    expect(markLabel(Buffer.from('é'.repeat(40)))).toBe('é'.repeat(32));
    expect(markLabel(Buffer.from(`${'x'.repeat(63)}é`))).toBe('x'.repeat(63));
    expect(markLabel(Uint8Array.from([0x61, 0xff, 0xc3, 0x62, 0xe2, 0x82, 0xac]))).toBe('a??b€');
    expect(markLabel(new Uint8Array(0))).toBeNull();
  });
});
