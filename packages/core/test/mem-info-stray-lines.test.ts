/**
 * Text pasted into the middle of a `mem_info(1)` map (a traceback line, a log line) is not part
 * of it: the parser skips it, lists it in `strayLines`, and reads the map on, so a reader can
 * tell an interrupted map from an intact one. What follows a complete map is not read.
 */
import { describe, expect, it } from 'vitest';
import { dumpAllocTable, gcInfo, heapFromMemInfo, parseMemInfo } from '@heaplab/core';
import { inputError } from './support/input-error.js';

/** A split heap of 4 KiB and 8 KiB areas (lines 1-15), with a collapse in area 1. */
const LINES = [
  'stack: 1712 out of 64512',
  'GC: total: 11904, used: 7472, free: 4432',
  ' No. of 1-blocks: 6, 2-blocks: 1, max blk sz: 188, max free sz: 251',
  'GC memory layout; from 20000080:',
  '00000000: hhh==h.h======hh=h==============================================',
  '00000400: ============================.h===h==============================',
  '00000800: ================================================================',
  '00000c00: ==============================hh........................',
  'GC memory layout; from 30000100:',
  '00000000: h========================================================h======',
  '00000400: ================================================================',
  '00000800: ================================================================',
  '00000c00: =====================================================...........',
  '       (3 lines all free)',
  '00001c00: ................................................',
];
const TRACEBACK = ['Traceback (most recent call last):', '  File "<stdin>", line 1, in <module>', "NameError: name 'x' isn't defined"];

/** LINES with `inserted` put before line `before` (1-based). */
const withLines = (before: number, inserted: readonly string[], lines: readonly string[] = LINES): string =>
  [...lines.slice(0, before - 1), ...inserted, ...lines.slice(before - 1)].join('\n');

const intact = parseMemInfo(LINES.join('\n'));

describe('parseMemInfo: lines pasted into the map', () => {
  it('an intact dump has none', () => {
    expect(intact.strayLines).toEqual([]);
  });

  it('inside an area: skipped and listed, the map read whole', () => {
    const dump = parseMemInfo(withLines(6, TRACEBACK));
    expect(dump.strayLines).toEqual([6, 7, 8]);
    expect(dump.areas.map((a) => a.map)).toEqual(intact.areas.map((a) => a.map));
    expect(dump.lines).toEqual({ first: 1, gc: 2, blocks: 3, last: 18 });
    expect(gcInfo(heapFromMemInfo(dump))).toEqual(dump.gc);
  });

  it('before a collapse, and between two areas while the GC total wants more blocks', () => {
    const beforeCollapse = parseMemInfo(withLines(14, ['>>> ']));
    expect(beforeCollapse.strayLines).toEqual([14]);
    expect(beforeCollapse.areas.map((a) => a.blocks)).toEqual([248, 496]);
    const between = parseMemInfo(withLines(9, ['', '>>> print(1)', '1']));
    expect(between.strayLines).toEqual([9, 10, 11]);
    expect(dumpAllocTable(heapFromMemInfo(between))).toBe(dumpAllocTable(heapFromMemInfo(intact)));
  });

  it('in a bare map: skipped when the next dump line follows on', () => {
    const bare = LINES.slice(3);
    const dump = parseMemInfo(withLines(3, ['W (8813) task_wdt: reset'], bare));
    expect(dump.strayLines).toEqual([3]);
    expect(dump.areas.map((a) => a.map)).toEqual(intact.areas.map((a) => a.map));
  });

  it('a line that replaced a dump line ends the map there: the next offset does not follow', () => {
    const lost = [...LINES.slice(0, 6), 'Traceback (most recent call last):', ...LINES.slice(7)].join('\n');
    const dump = parseMemInfo(lost);
    expect(dump.strayLines).toEqual([]);
    expect(dump.areas.map((a) => a.blocks)).toEqual([128]);
    expect(dump.lines.last).toBe(6);
  });

  it("…unless the next line's offset follows for the other block size: then the offsets say where", () => {
    // 00000800 would be line 1 of 32-byte blocks; the line after it shows they are not.
    const lost = [...LINES.slice(0, 5), 'Traceback (most recent call last):', ...LINES.slice(6)].join('\n');
    const error = inputError(() => parseMemInfo(lost, 'dump.txt'));
    expect(error.location).toEqual({ file: 'dump.txt', line: 8, field: 'offset' });
    expect(error.detail).toBe(
      'the offset does not follow: expected 00001000 (64-block line 2 of this area, 32-byte blocks), got 00000c00; line 6, pasted into the map, may have taken the place of a dump line',
    );
  });

  it('after a complete map, nothing is read: not a dump line of other output, nor a bare map', () => {
    const after = parseMemInfo([...LINES, '>>> hexdump(buf)', '00000400: 41 42 43 44', '>>> ', ...LINES.slice(3)].join('\n'));
    expect(after.strayLines).toEqual([]);
    expect(after.areas.map((a) => a.blocks)).toEqual([248, 496]);
    expect(after.lines.last).toBe(15);
  });

  it('after the last line of an area that ended short, a dump line does not go on with it', () => {
    const bare = LINES.slice(3, 8);
    const dump = parseMemInfo([...bare, '>>> ', '00001000: hh'].join('\n'));
    expect(dump.strayLines).toEqual([]);
    expect(dump.areas.map((a) => a.blocks)).toEqual([248]);
  });
});
