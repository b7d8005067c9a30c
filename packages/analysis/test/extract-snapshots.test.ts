/**
 * Reading a framed snapshot's lines: the dump must take every mem_info line between the
 * markers, so a line noise turned into another kind of line cannot cut the dump short unseen.
 * The extractor keeps the lines the dump parser takes for mem_info lines, mangled or not, so a
 * mangled line is reported where `inspect` reports it.
 */
import { describe, expect, it } from 'vitest';
import { applyAll, createHeap, memInfoText, parseMemInfo, type AllocEvent, type HeapInputError } from '@heaplab/core';
import { extractSnapshots } from '../src/index.js';

/** The engine's mem_info(1) lines of a 256-block heap with objects at blocks 0–2 and 100–101. */
function dumpLines(): string[] {
  const events: AllocEvent[] = [
    { op: 'alloc', id: 0, bytes: 48, at: { area: 0, block: 0 } },
    { op: 'alloc', id: 1, bytes: 32, at: { area: 0, block: 100 } },
  ];
  const state = applyAll(createHeap({ areas: [{ blocks: 256 }] }), events).state;
  return memInfoText(state, { verbose: true, stack: { used: 512, limit: 32768 } })
    .trimEnd()
    .split('\n');
}

const framed = (lines: readonly string[]): string => ['#heaplab-snapshot v1 seq=1 ticks=0 label="x"', ...lines, '#heaplab-end v1 seq=1'].join('\n');

describe('a framed snapshot', () => {
  it('reads the whole of an intact dump', () => {
    const lines = dumpLines();
    expect(lines[3]).toMatch(/^GC memory layout; from /);
    const { snapshots, damaged } = extractSnapshots(framed(lines));
    expect(damaged).toEqual([]);
    expect(snapshots[0]!.dump.areas.map((a) => a.blocks)).toEqual([256]);
  });

  it('is damaged, not read without its map, when a mem_info-like line comes before the map', () => {
    const lines = dumpLines();
    const noisy = [...lines.slice(0, 3), 'stack: 12 out of 99', ...lines.slice(3)];
    expect(extractSnapshots(framed(noisy))).toMatchObject({
      snapshots: [],
      damaged: [{ seq: 1, line: 5, field: null, message: 'the dump ended at the line before, but the snapshot goes on (line noise in the dump?)' }],
    });
  });

  it('is damaged, not read short, when a bare map loses a row to such a line', () => {
    const map = dumpLines().slice(3);
    expect(map).toHaveLength(4);
    const noisy = [map[0]!, map[1]!, 'stack: 1 out of 2', map[3]!];
    expect(extractSnapshots(framed(noisy))).toMatchObject({ snapshots: [], damaged: [{ seq: 1, line: 4, field: null }] });
  });
});

describe('a mangled mem_info line', () => {
  it('is kept in a framed snapshot and reported at its own line, as the parser reports it', () => {
    const lines = dumpLines();
    const noisy = ['stack:512 out of 32768', ...lines.slice(1)];
    const parsed = (() => {
      try {
        parseMemInfo(noisy.join('\n'));
      } catch (error) {
        return error as HeapInputError;
      }
      throw new Error('expected a HeapInputError');
    })();
    expect(parsed.location).toEqual({ line: 1, field: 'stack' });
    // The marker is line 1 of the capture, the mangled line 2.
    expect(extractSnapshots(framed(noisy)).damaged).toEqual([{ seq: 1, line: 2, field: 'stack', message: parsed.detail, label: 'x', error: null }]);
  });

  it('is kept when a dump row lost its blocks: the snapshot is damaged there, not read short', () => {
    const lines = dumpLines();
    expect(lines[5]).toMatch(/^00000400: /);
    const noisy = [...lines.slice(0, 5), '00000400:', ...lines.slice(6)];
    expect(extractSnapshots(framed(noisy))).toEqual(
      expect.objectContaining({
        snapshots: [],
        damaged: [{ seq: 1, line: 7, field: null, message: 'expected 1 to 64 block characters after the offset', label: 'x', error: null }],
      }),
    );
  });

  it('starts a damaged block in a plain series when it is a GC line, and its map is not read as a bare map', () => {
    const lines = dumpLines();
    const mangled = [lines[0]!, lines[1]!.replace('GC: total: ', 'GC:total: '), ...lines.slice(2)];
    const prompt = '>>> micropython.mem_info(1)';
    const { snapshots, damaged } = extractSnapshots([prompt, ...lines, prompt, ...mangled, prompt, ...lines].join('\n'));
    expect(damaged).toEqual([
      { seq: null, line: 11, field: 'GC', message: 'expected `GC: total: N, used: N, free: N` (optionally `, max new split: N`)', label: null, error: null },
    ]);
    // Lines 2–8 and 18–24: the good blocks; lines 10–16, the damaged one.
    expect(snapshots.map((s) => [s.line, s.dump.gc === undefined ? 'bare map' : 'block'])).toEqual([
      [2, 'block'],
      [18, 'block'],
    ]);
  });
});

describe("the capture's line count", () => {
  it('counts the lines a text editor shows: a final line end starts no line', () => {
    const text = framed(dumpLines());
    const count = text.split('\n').length;
    expect(extractSnapshots(text).lines).toBe(count);
    expect(extractSnapshots(`${text}\n`).lines).toBe(count);
    expect(extractSnapshots(`${text}\r\n`).lines).toBe(count);
    expect(extractSnapshots(`\uFEFF${text}\n`).lines).toBe(count);
    expect(extractSnapshots(`${text}\n\n`).lines).toBe(count + 1);
  });
});
