import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { describe, expect, it } from 'vitest';
import { inputError } from './support/input-error.js';
import {
  applyAll,
  createHeap,
  dumpAllocTable,
  gcInfo,
  heapFromMemInfo,
  HeapInputError,
  memInfoText,
  objectsByAddress,
  parseMemInfo,
  statsDisagreements,
  type AllocEvent,
  type DumpKind,
  type HeapConfigInput,
  type HeapEvent,
  type HeapFromMemInfoOptions,
  type HeapState,
  type MemInfoDump,
} from '@heaplab/core';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/oracle/${name}`, import.meta.url), 'utf8');

/** The table dump of a parsed block as printed, CRLF line ends made LF. */
function printedDump(text: string, dump: MemInfoDump): string {
  const lines = text.split('\n').slice(dump.areas[0]!.line - 1, dump.lines.last);
  return lines.map((line) => `${line.replace(/\r$/, '')}\n`).join('');
}

/** Objects to place: per area, [first block, blocks, letter]. */
type Layout = readonly (readonly (readonly [number, number, DumpKind])[])[];

/** A heap with objects exactly where `layout` puts them. */
function build(config: HeapConfigInput, layout: Layout): HeapState {
  const events: AllocEvent[] = [];
  const bpb = config.wordBytes === 8 ? 32 : 16;
  layout.forEach((objects, area) => {
    for (const [block, blocks, kind] of objects) {
      events.push({ op: 'alloc', id: events.length, bytes: blocks * bpb - 3, kind, at: { area, block } });
    }
  });
  const { state, outcomes } = applyAll(createHeap(config), events);
  expect(outcomes.every((o) => o.kind === 'placed')).toBe(true);
  return state;
}

const STACK = { used: 1712, limit: 64512 };

/** Renders `state`, parses it back and checks that the rebuilt heap prints and counts the same. */
function roundTrip(state: HeapState, options: HeapFromMemInfoOptions = {}): { text: string; dump: MemInfoDump; rebuilt: HeapState } {
  const text = memInfoText(state, { verbose: true, stack: STACK });
  const dump = parseMemInfo(text);
  const rebuilt = heapFromMemInfo(dump, options);
  expect(gcInfo(rebuilt)).toEqual(gcInfo(state));
  expect(dump.gc).toEqual(gcInfo(state));
  expect(dumpAllocTable(rebuilt)).toBe(dumpAllocTable(state));
  expect(memInfoText(rebuilt, { verbose: true, stack: STACK })).toBe(text);
  expect(rebuilt.config.areas.map((a) => [a.poolStart, a.blocks])).toEqual(state.config.areas.map((a) => [a.poolStart, a.blocks]));
  expect(rebuilt.config.blockBytes).toBe(state.config.blockBytes);
  const shape = (s: HeapState): unknown[] => objectsByAddress(s).map((o) => [o.area, o.block, o.blocks, o.kind]);
  expect(shape(rebuilt)).toEqual(shape(state));
  return { text, dump, rebuilt };
}

const dots = (n: number): string => '.'.repeat(n);

/** One 128-block area at 0x20000000 with a few objects of several kinds, the last at the area's end. */
function smallHeap(): HeapState {
  return build({ areas: [{ blocks: 128, start: 0x20000000 }] }, [
    [
      [0, 1, 'h'],
      [1, 3, 'L'],
      [4, 2, 'A'],
      [70, 5, 'D'],
      [127, 1, 'h'],
    ],
  ]);
}

describe('parseMemInfo: a split heap of 4 KiB and 8 KiB regions', () => {
  const text = [
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
    '',
  ].join('\n');

  it('reads the numbers and both areas', () => {
    const dump = parseMemInfo(text);
    expect(dump.stack).toEqual({ used: 1712, limit: 64512 });
    expect(dump.gc).toEqual({ total: 11904, used: 7472, free: 4432, n1: 6, n2: 1, maxBlock: 188, maxFree: 251 });
    expect(dump.memStats).toBeUndefined();
    expect(dump.maxNewSplit).toBeUndefined();
    expect(dump.blockBytes).toBe(16);
    expect(dump.offsetDigits).toBe(8);
    expect(dump.areas.map((a) => [a.address, a.blocks, a.line])).toEqual([
      [0x20000080, 248, 4],
      [0x30000100, 496, 9],
    ]);
    expect(dump.areas[1]!.map.slice(245)).toBe(dots(251));
    expect(dump.lines).toEqual({ first: 1, gc: 2, blocks: 3, last: 15 });
  });

  it('rebuilds the heap the dump shows, at the same addresses', () => {
    const rebuilt = heapFromMemInfo(text);
    expect(dumpAllocTable(rebuilt)).toBe(text.slice(text.indexOf('GC memory')));
    expect(memInfoText(rebuilt, { verbose: true, stack: { used: 1712, limit: 64512 } })).toBe(text);
    // The same heap made by the engine from the allocations that printed this dump.
    const events: HeapEvent[] = [16, 16, 40, 24, 100, 16, 32, 1200, 16, 64, 2000, 16, 900, 16].map((bytes, id) => ({ op: 'alloc', id, bytes }));
    events.push({ op: 'unroot', id: 3 }, { op: 'unroot', id: 8 }, { op: 'collect' }, { op: 'alloc', id: 14, bytes: 3000 }, { op: 'alloc', id: 15, bytes: 16 });
    const engine = applyAll(
      createHeap({
        areas: [
          { bytes: 4096, start: 0x20000000 },
          { bytes: 8192, start: 0x30000000 },
        ],
      }),
      events,
    ).state;
    expect(dumpAllocTable(rebuilt)).toBe(dumpAllocTable(engine));
    expect(rebuilt.config.areas.map((a) => a.poolStart)).toEqual(engine.config.areas.map((a) => a.poolStart));
    expect(objectsByAddress(rebuilt).map((o) => [o.area, o.block, o.blocks])).toEqual(objectsByAddress(engine).map((o) => [o.area, o.block, o.blocks]));
  });
});

describe('parseMemInfo: real interpreter output', () => {
  const cases = [
    { file: 'b_fragmentation.mcu.out.txt', areas: [[0x30000, 4000]], first: 6, maxNewSplit: 0, memStats: false },
    {
      file: 'fragmented.stock16k.out.txt',
      areas: [
        [0x2fb80, 1000],
        [0x33ea0, 1000],
      ],
      first: 1,
      maxNewSplit: 134217728,
      memStats: false,
    },
    { file: 'unix_b_lcg_frag_32k.stdout.txt', areas: [[0x565c94a0, 2000]], first: 5, maxNewSplit: undefined, memStats: true },
    {
      file: 'unix_e_frames_48k_split2.stdout.txt',
      areas: [
        [0x565ca2e0, 748],
        [0x565ce680, 2248],
      ],
      first: 12,
      maxNewSplit: undefined,
      memStats: true,
    },
  ] as const;
  for (const c of cases) {
    it(`${c.file}: statistics and dump come back exactly`, () => {
      const text = fixture(c.file);
      const dump = parseMemInfo(text, c.file);
      expect(dump.areas.map((a) => [a.address, a.blocks])).toEqual(c.areas);
      expect(dump.lines.first).toBe(c.first);
      expect(dump.maxNewSplit).toBe(c.maxNewSplit);
      expect(dump.memStats !== undefined).toBe(c.memStats);
      expect(dump.blockBytes).toBe(16);
      const state = heapFromMemInfo(dump, { file: c.file });
      expect(gcInfo(state)).toEqual(dump.gc);
      expect(dumpAllocTable(state)).toBe(printedDump(text, dump));
      expect(state.config.areas.map((a) => a.poolStart)).toEqual(c.areas.map(([address]) => address));
    });
  }

  it('reads the b_fragmentation figures', () => {
    const dump = parseMemInfo(fixture('b_fragmentation.mcu.out.txt'));
    expect(dump.stack).toEqual({ used: 720, limit: 32768 });
    expect(dump.gc).toEqual({ total: 64000, used: 32912, free: 31088, n1: 89, n2: 4, maxBlock: 30, maxFree: 31 });
    expect(dump.areas[0]!.map.slice(-32)).toBe('.............................h.h');
  });

  it('reads the mem: line of the unix build', () => {
    const dump = parseMemInfo(fixture('unix_e_frames_48k_split2.stdout.txt'));
    expect(dump.memStats).toEqual({ total: 6822187, current: 6816237, peak: 6816237 });
    expect(dump.stack).toEqual({ used: 608, limit: 40000 });
  });
});

describe('parseMemInfo: collapsed free lines', () => {
  const config = (blocks: readonly number[]): HeapConfigInput => ({ areas: blocks.map((n, i) => ({ blocks: n, start: 0x20000000 + i * 0x100000 })) });
  const dumpLines = (state: HeapState): string[] => dumpAllocTable(state).split('\n').slice(1, -1);

  it('P1: a 256-block area with only block 0 used ends in a collapse', () => {
    const state = build(config([256]), [[[0, 1, 'h']]]);
    expect(dumpLines(state)).toEqual([`00000000: h${dots(63)}`, '       (3 lines all free)']);
    const { dump } = roundTrip(state);
    expect(dump.areas[0]!.blocks).toBe(256);
  });

  it('P2: a free 256-block area is a header and one collapse', () => {
    const state = build(config([256]), [[]]);
    expect(dumpLines(state)).toEqual(['       (4 lines all free)']);
    expect(roundTrip(state).dump.areas[0]!.map).toBe(dots(256));
  });

  it('P3: a free 120-block area is not collapsed', () => {
    const state = build(config([120]), [[]]);
    expect(dumpLines(state)).toEqual([`00000000: ${dots(64)}`, `00000400: ${dots(56)}`]);
    expect(roundTrip(state).dump.areas[0]!.blocks).toBe(120);
  });

  it('a 120-block area with objects at both ends', () => {
    const state = build(config([120]), [
      [
        [0, 2, 'L'],
        [60, 8, 'h'],
        [119, 1, 'F'],
      ],
    ]);
    expect(roundTrip(state).dump.areas[0]!.map).toBe(`L=${dots(58)}h=======${dots(51)}F`);
  });

  it('a 248-block area whose collapse is followed by a short free line', () => {
    const state = build(config([248]), [[[0, 1, 'h']]]);
    expect(dumpLines(state)).toEqual([`00000000: h${dots(63)}`, '       (2 lines all free)', `00000c00: ${dots(56)}`]);
    expect(roundTrip(state).dump.areas[0]!.blocks).toBe(248);
  });

  it('a collapse in the middle, then a line that begins with the rest of the run', () => {
    const state = build(config([512]), [
      [
        [3, 2, 'D'],
        [64 * 4 + 10, 3, 'h'],
        [511, 1, 'S'],
      ],
    ]);
    expect(dumpLines(state)[1]).toBe('       (3 lines all free)');
    expect(dumpLines(state)[2]).toBe(`00001000: ${dots(10)}h==${dots(51)}`);
    roundTrip(state);
  });

  it('several areas: one ending in a collapse, then a 120-block one, then a fully free one', () => {
    const state = build(config([256, 120, 384]), [
      [[0, 1, 'h']],
      [
        [5, 3, 'T'],
        [100, 20, 'B'],
      ],
      [],
    ]);
    const { dump } = roundTrip(state);
    expect(dump.areas.map((a) => a.blocks)).toEqual([256, 120, 384]);
    expect(state.config.splitHeap).toBe(true);
  });

  it('a collapse that starts an area followed by used blocks', () => {
    const state = build(config([1024]), [
      [
        [700, 4, 'M'],
        [1020, 4, 'h'],
      ],
    ]);
    expect(dumpLines(state)[0]).toBe('       (10 lines all free)');
    roundTrip(state);
  });
});

describe('parseMemInfo: versions and block sizes', () => {
  it('v1.19 prints 5-digit offsets; the version is inferred from them', () => {
    const state = build({ mpyVersion: '1.19', areas: [{ blocks: 200, start: 0x3ffe8000 }] }, [
      [
        [0, 3, 'h'],
        [64, 1, 'S'],
        [150, 10, 'A'],
      ],
    ]);
    const { text, dump, rebuilt } = roundTrip(state);
    expect(text).toContain('\n00000: h==');
    expect(text).toContain('\n00400: S');
    expect(dump.offsetDigits).toBe(5);
    expect(rebuilt.config.profile.name).toBe('1.19');
  });

  it('v1.19 offsets wrap at 20 bits', () => {
    const state = build({ mpyVersion: '1.19', areas: [{ blocks: 66000, start: 0x20000000 }] }, [
      [
        [0, 1, 'h'],
        [65600, 2, 'L'],
      ],
    ]);
    const { text } = roundTrip(state);
    expect(text).toContain('\n       (1024 lines all free)\n00400: L=');
  });

  it('32-byte blocks (64-bit builds) are read from the offsets', () => {
    const state = build({ wordBytes: 8, areas: [{ blocks: 200 }] }, [
      [
        [1, 2, 'D'],
        [70, 9, 'h'],
      ],
    ]);
    const { text, dump, rebuilt } = roundTrip(state);
    expect(text).toContain('\n00000800: ');
    expect(dump.blockBytes).toBe(32);
    expect(rebuilt.config.wordBytes).toBe(8);
  });

  it('32-byte blocks are inferred from the total when every area fits on one line', () => {
    const state = build({ wordBytes: 8, areas: [{ blocks: 60 }] }, [[[1, 2, 'D']]]);
    const { dump, rebuilt } = roundTrip(state);
    expect(dump.blockBytes).toBe(32);
    expect(rebuilt.config.blockBytes).toBe(32);
  });

  it('builds with weakrefs and without finalisers lay out the same pools', () => {
    roundTrip(build({ mpyVersion: '1.28', weakref: true, areas: [{ blocks: 400 }, { blocks: 128 }] }, [[[10, 4, 'h']], [[0, 128, 'h']]]), {
      mpyVersion: '1.28',
      weakref: true,
    });
    roundTrip(build({ finaliser: false, areas: [{ blocks: 400 }, { blocks: 128 }] }, [[[10, 4, 'h']], [[0, 1, 'h']]]), { finaliser: false });
  });
});

describe('parseMemInfo: pasted text', () => {
  const state = smallHeap();
  const body = memInfoText(state, { verbose: true, stack: STACK });

  it('finds the block among REPL noise, with CRLF line ends and a BOM', () => {
    const text = `\uFEFFMicroPython v1.27.0 on 2025-12-09; OpenMV Cam H7\r\n>>> import micropython\r\n>>> micropython.mem_info(1)\r\n${body.replace(/\n/g, '\r\n')}>>> \r\n`;
    const dump = parseMemInfo(text);
    expect(dump.lines).toEqual({ first: 4, gc: 5, blocks: 6, last: 9 });
    expect(dumpAllocTable(heapFromMemInfo(dump))).toBe(dumpAllocTable(state));
  });

  it('reads the first of several blocks', () => {
    const other = memInfoText(build({ areas: [{ blocks: 64 }] }, [[]]), { verbose: true });
    const dump = parseMemInfo(`${body}>>> \n${other}`);
    expect(dump.areas.map((a) => a.blocks)).toEqual([128]);
  });

  it('reads the `mem:` line and a stack line without a limit', () => {
    const text = memInfoText(state, { verbose: true, stack: { used: 400 }, memStats: { total: 10, current: 9, peak: 11 } });
    const dump = parseMemInfo(text);
    expect(dump.memStats).toEqual({ total: 10, current: 9, peak: 11 });
    expect(dump.stack).toEqual({ used: 400 });
  });

  it('reads plain mem_info() output, which heapFromMemInfo cannot use', () => {
    const text = `>>> micropython.mem_info()\n${memInfoText(state)}>>> \n`;
    const dump = parseMemInfo(text);
    expect(dump.areas).toEqual([]);
    expect(dump.gc).toEqual(gcInfo(state));
    expect(dump.lines.last).toBe(4);
    const error = inputError(() => heapFromMemInfo(text, { file: 'plain.txt' }));
    expect(error.location).toEqual({ file: 'plain.txt', line: 4 });
    expect(error.message).toMatch(/^plain\.txt:4: .*mem_info\(1\)/);
  });

  it('a marked head (m, printed during a collection) comes back as h', () => {
    const text = body.replace('\n00000000: hL', '\n00000000: mL');
    expect(parseMemInfo(text).areas[0]!.map[0]).toBe('m');
    expect(objectsByAddress(heapFromMemInfo(text))[0]!.kind).toBe('h');
  });

  it('does not hang on huge input', () => {
    const noise = 'x'.repeat(80).concat('\n').repeat(200_000);
    const started = Date.now();
    expect(parseMemInfo(noise + body).areas[0]!.blocks).toBe(128);
    expect(inputError(() => parseMemInfo(noise)).location.line).toBe(1);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('parseMemInfo: a bare map (the table dump without the lines above it)', () => {
  const state = build(
    {
      areas: [
        { blocks: 248, start: 0x20000000 },
        { blocks: 496, start: 0x30000000 },
      ],
    },
    [
      [
        [0, 3, 'h'],
        [5, 1, 'L'],
        [100, 40, 'B'],
      ],
      [
        [0, 57, 'h'],
        [57, 188, 'A'],
      ],
    ],
  );
  const full = memInfoText(state, { verbose: true, stack: STACK });
  const map = dumpAllocTable(state);

  it('reads the areas; the statistics and the stack are absent', () => {
    const dump = parseMemInfo(map, 'map.txt');
    expect(dump.gc).toBeUndefined();
    expect(dump.stack).toBeUndefined();
    expect(dump.areas).toEqual(parseMemInfo(full).areas.map((a) => ({ ...a, line: a.line - 3 })));
    expect(dump.blockBytes).toBe(16);
    expect(dump.offsetDigits).toBe(8);
    expect(dump.lines).toEqual({ first: 1, last: map.split('\n').length - 1 });
  });

  it('heapFromMemInfo builds the same heap as from the whole output', () => {
    const rebuilt = heapFromMemInfo(map);
    expect(gcInfo(rebuilt)).toEqual(gcInfo(state));
    expect(dumpAllocTable(rebuilt)).toBe(map);
    expect(rebuilt.config.areas.map((a) => a.poolStart)).toEqual(state.config.areas.map((a) => a.poolStart));
  });

  it('is found among REPL noise, with CRLF line ends', () => {
    const text = `>>> micropython.mem_info(1)  # (the top was cut off)\r\n${map.replace(/\n/g, '\r\n')}>>> \r\n`;
    const dump = parseMemInfo(text);
    expect(dump.lines).toEqual({ first: 2, last: map.split('\n').length });
    expect(dumpAllocTable(heapFromMemInfo(dump))).toBe(map);
  });

  it('the first of a bare map and a whole block is read', () => {
    const other = memInfoText(build({ areas: [{ blocks: 64 }] }, [[]]), { verbose: true });
    expect(parseMemInfo(`${map}>>> \n${other}`).areas.map((a) => a.blocks)).toEqual([248, 496]);
    expect(parseMemInfo(`${other}>>> \n${map}`).areas.map((a) => a.blocks)).toEqual([64]);
  });

  it('without the GC total, a map of single lines does not show its block size; 16 bytes are assumed', () => {
    const small = dumpAllocTable(build({ wordBytes: 8, areas: [{ blocks: 60 }] }, [[[1, 2, 'D']]]));
    const dump = parseMemInfo(small);
    expect(dump.blockBytes).toBeUndefined();
    expect(heapFromMemInfo(dump).config.blockBytes).toBe(16);
    expect(heapFromMemInfo(dump, { wordBytes: 8 }).config.blockBytes).toBe(32);
  });

  it('v1.19 maps (5-digit offsets) are read as v1.19', () => {
    const v119 = dumpAllocTable(
      build({ mpyVersion: '1.19', areas: [{ blocks: 200 }] }, [
        [
          [0, 3, 'h'],
          [150, 10, 'A'],
        ],
      ]),
    );
    const dump = parseMemInfo(v119);
    expect(dump.offsetDigits).toBe(5);
    expect(heapFromMemInfo(dump).config.profile.name).toBe('1.19');
  });

  it('keeps its strictness: a bad line in a bare map is located', () => {
    const error = inputError(() => parseMemInfo(`>>> \n${map.replace('00000800: ', '00000c00: ')}`, 'map.txt'));
    expect(error.location).toEqual({ file: 'map.txt', line: 5, field: 'offset' });
    expect(error.detail).toBe('the offset does not follow: expected 00000800 (64-block line 2 of this area, 16-byte blocks), got 00000c00');
    const stackOnly = inputError(() => parseMemInfo(`stack: 10 out of 100\n${map}`, 'map.txt'));
    expect(stackOnly.location).toEqual({ file: 'map.txt', line: 1, field: 'GC' });
    expect(stackOnly.detail).toMatch(/^found part of mem_info\(\) output but no `GC: total:` line/);
  });
});

describe('heapFromMemInfo: printed statistics that disagree with the map', () => {
  const state = build({ areas: [{ blocks: 128, start: 0x20000000 }] }, [
    [
      [0, 1, 'h'],
      [1, 3, 'L'],
      [70, 5, 'D'],
    ],
  ]);
  const text = memInfoText(state, { verbose: true, stack: STACK })
    .replace(/used: \d+/, 'used: 999')
    .replace(/max free sz: \d+/, 'max free sz: 7');

  it('fail by default, at the first one', () => {
    const error = inputError(() => heapFromMemInfo(text, { file: 'dump.txt' }));
    expect(error.location).toEqual({ file: 'dump.txt', line: 2, field: 'used' });
    expect(error.detail).toBe("printed 999, but the dump's map gives 144 bytes: the statistics and the map disagree (a corrupt or mixed-up paste?)");
  });

  it('checkStats: false builds the map, and statsDisagreements lists every one', () => {
    const dump = parseMemInfo(text);
    const rebuilt = heapFromMemInfo(dump, { checkStats: false });
    expect(gcInfo(rebuilt)).toEqual(gcInfo(state));
    expect(statsDisagreements(dump, gcInfo(rebuilt), 16)).toEqual([
      { key: 'used', field: 'used', printed: 999, computed: 144, line: 2, detail: "printed 999, but the dump's map gives 144 bytes" },
      { key: 'maxFree', field: 'max free sz', printed: 7, computed: 66, line: 3, detail: "printed 7, but the dump's map gives 66 blocks" },
    ]);
  });

  it('none for an agreeing dump or a bare map', () => {
    const agreeing = memInfoText(state, { verbose: true, stack: STACK });
    expect(statsDisagreements(parseMemInfo(agreeing), gcInfo(state), 16)).toEqual([]);
    expect(statsDisagreements(parseMemInfo(dumpAllocTable(state)), gcInfo(state), 16)).toEqual([]);
  });
});

describe('parseMemInfo: bad input says where and what was expected', () => {
  // Line 1 prompt, 2 stack, 3 GC, 4 No. of, 5 header, 6 and 7 dump lines, 8 prompt.
  const state = smallHeap();
  const lines = `>>> micropython.mem_info(1)\n${memInfoText(state, { verbose: true, stack: STACK })}>>> `.split('\n');
  const edit = (line: number, text: string | null): string => lines.flatMap((l, i) => (i === line - 1 ? (text === null ? [] : [text]) : [l])).join('\n');
  const parseError = (text: string): HeapInputError => inputError(() => parseMemInfo(text, 'dump.txt'));
  const buildError = (text: string, options: HeapFromMemInfoOptions = {}): HeapInputError =>
    inputError(() => heapFromMemInfo(text, { file: 'dump.txt', ...options }));

  it('the test text is laid out as the cases below assume', () => {
    expect(lines[4]).toBe('GC memory layout; from 20000040:');
    expect(lines[5]).toBe(`00000000: hL==A=${dots(58)}`);
    expect(lines[6]).toBe(`00000400: ${dots(6)}D====${dots(52)}h`);
    expect(gcInfo(heapFromMemInfo(lines.join('\n')))).toEqual(gcInfo(state));
  });

  it('a dump line whose offset does not follow', () => {
    const error = parseError(edit(7, lines[6]!.replace('00000400', '00000800')));
    expect(error.location).toEqual({ file: 'dump.txt', line: 7, field: 'offset' });
    expect(error.message).toMatch(/^dump\.txt:7: offset: the offset does not follow: expected 00000400 .* got 00000800$/);
    // With a total that fits neither block size, 00000800 reads as 32-byte blocks; the total then disagrees.
    const text = edit(7, lines[6]!.replace('00000400', '00000800')).replace('total: 2048', 'total: 2050');
    expect(parseMemInfo(text).blockBytes).toBe(32);
    expect(buildError(text).location).toEqual({ file: 'dump.txt', line: 3, field: 'total' });
    expect(parseError(edit(7, lines[6]!.replace('00000400', '00000c00')).replace('total: 2048', 'total: 2050')).detail).toMatch(
      /expected 00000400 \(64-block line 1 of this area, 16-byte blocks\), got 00000c00$/,
    );
  });

  it('a first line whose offset is not 0', () => {
    const error = parseError(edit(6, lines[5]!.replace('00000000', '00000010')));
    expect(error.location.line).toBe(6);
    expect(error.detail).toMatch(/expected 00000000/);
  });

  it('a character that is not one of .=hTLDSAFBMm', () => {
    const error = parseError(edit(6, lines[5]!.replace('hL==A=', 'hL==x=')));
    expect(error.location.line).toBe(6);
    expect(error.detail).toBe('unexpected character "x" for block 4 (column 15): expected one of .=hTLDSAFBMm');
  });

  it('a tail after a free block, or at the start of an area', () => {
    expect(parseError(edit(7, lines[6]!.replace('......D', '.....=D'))).detail).toMatch(/^a tail '=' for block 69 .* not a free block$/);
    const error = parseError(edit(6, lines[5]!.replace('hL==', '=L==')));
    expect(error.location.line).toBe(6);
    expect(error.detail).toMatch(/not the start of the area$/);
  });

  it('a line with more than 64 blocks', () => {
    const error = parseError(edit(6, `${lines[5]!}.`));
    expect(error.location.line).toBe(6);
    expect(error.detail).toBe('expected at most 64 block characters on a line, got 65');
  });

  it('a missing stack line', () => {
    const error = parseError(edit(2, null));
    expect(error.location).toEqual({ file: 'dump.txt', line: 2, field: 'stack' });
    expect(error.detail).toMatch(/expected a `stack: N` or `stack: N out of M` line/);
  });

  it('a malformed stack line', () => {
    expect(parseError(edit(2, 'stack: lots')).location).toEqual({ file: 'dump.txt', line: 2, field: 'stack' });
  });

  it('a missing No. of line', () => {
    const error = parseError(edit(4, null));
    expect(error.location).toEqual({ file: 'dump.txt', line: 4, field: 'No. of 1-blocks' });
    expect(error.detail).toMatch(/expected ` No\. of 1-blocks: N, 2-blocks: N/);
  });

  it('a malformed GC line', () => {
    const error = parseError(edit(3, 'GC: total: 2048, used: lots, free: 1'));
    expect(error.location).toEqual({ file: 'dump.txt', line: 3, field: 'GC' });
    expect(error.detail).toMatch(/^expected `GC: total: N, used: N, free: N`/);
  });

  it('no mem_info output at all', () => {
    expect(parseError('hello\nworld\n').location).toEqual({ file: 'dump.txt', line: 1, field: 'GC' });
    // A map right after the ` No. of` line is a block that lost its GC line, not a bare map.
    expect(parseError(lines.slice(3).join('\n')).location).toEqual({ file: 'dump.txt', line: 1, field: 'GC' });
    expect(parseError(lines.slice(3).join('\n')).detail).toMatch(/found part of mem_info\(\) output but no `GC: total:` line/);
    expect(parseError(lines.slice(1, 2).join('\n')).detail).toMatch(/found part of mem_info\(\) output/);
  });

  it('a number too large to be exact', () => {
    expect(parseError(edit(3, 'GC: total: 9999999999999999, used: 0, free: 0')).location).toEqual({ file: 'dump.txt', line: 3, field: 'total' });
  });

  it('a header without dump lines', () => {
    const error = parseError(lines.slice(0, 5).join('\n'));
    expect(error.location.line).toBe(5);
    expect(error.detail).toMatch(/expected dump lines/);
  });

  it('a malformed header', () => {
    expect(parseError(edit(5, 'GC memory layout; from 0x20000070:')).location).toEqual({ file: 'dump.txt', line: 5, field: 'address' });
  });

  it('a line after a short line of the same area', () => {
    const text = edit(7, `00000400: ${dots(6)}D====${dots(20)}\n00000800: h`);
    const error = parseError(text);
    expect(error.location.line).toBe(8);
    expect(error.detail).toMatch(/shorter than 64 blocks, so its area ended there/);
  });

  it('offsets of mixed widths', () => {
    const error = parseError(edit(7, lines[6]!.replace('00000400', '00400')));
    expect(error.location.line).toBe(7);
    expect(error.detail).toBe("expected an offset of 8 hex digits like the dump's other lines, got 00400");
  });

  it('collapses that gc.c would not print', () => {
    const head = lines.slice(0, 5).join('\n');
    const one = parseError(`${head}\n00000000: h${dots(63)}\n       (1 lines all free)\n`);
    expect(one.location.line).toBe(7);
    expect(one.detail).toMatch(/at least 2 lines/);
    const twoFree = parseError(`${head}\n00000000: ${dots(64)}\n00000400: ${dots(64)}\n00000800: h\n`);
    expect(twoFree.location.line).toBe(7);
    expect(twoFree.detail).toMatch(/second all-free line in a row/);
    const afterFree = parseError(`${head}\n00000000: ${dots(64)}\n       (2 lines all free)\n`);
    expect(afterFree.location.line).toBe(7);
    const afterCollapse = parseError(`${head}\n       (2 lines all free)\n00000800: ${dots(64)}\n`);
    expect(afterCollapse.location.line).toBe(7);
    const huge = parseError(`${head}\n       (99999999999 lines all free)\n`);
    expect(huge.location.line).toBe(6);
    expect(huge.detail).toMatch(/at most 268435456 blocks/);
  });

  it('statistics that disagree with the map', () => {
    const used = buildError(edit(3, lines[2]!.replace(/used: \d+/, 'used: 999')));
    expect(used.location).toEqual({ file: 'dump.txt', line: 3, field: 'used' });
    expect(used.detail).toMatch(/^printed 999, but the dump's map gives 192 bytes: the statistics and the map disagree/);
    const maxFree = buildError(edit(4, lines[3]!.replace(/max free sz: \d+/, 'max free sz: 7')));
    expect(maxFree.location).toEqual({ file: 'dump.txt', line: 4, field: 'max free sz' });
    const total = buildError(edit(3, lines[2]!.replace(/total: \d+/, 'total: 4000')));
    expect(total.location).toEqual({ file: 'dump.txt', line: 3, field: 'total' });
    expect(total.detail).toMatch(/gives 2048 bytes \(128 blocks of 16 bytes\)/);
    // A total of 32 bytes a block contradicts the offsets, which the parser already reports.
    const conflict = parseError(edit(3, lines[2]!.replace(/total: \d+/, 'total: 4096')));
    expect(conflict.location).toEqual({ file: 'dump.txt', line: 7, field: 'offset' });
    expect(conflict.detail).toBe(
      'the offset does not follow: expected 00000800 (64-block line 1 of this area, 32-byte blocks, as the GC total of 4096 bytes for 128 blocks says), got 00000400',
    );
  });

  it('build settings that contradict the dump', () => {
    expect(buildError(lines.join('\n'), { wordBytes: 8 }).location).toEqual({ file: 'dump.txt', line: 5, field: 'wordBytes' });
    const v119 = memInfoText(build({ mpyVersion: '1.19', areas: [{ blocks: 128 }] }, [[[0, 1, 'h']]]), { verbose: true });
    expect(buildError(v119, { mpyVersion: '1.27' }).location.field).toBe('mpyVersion');
    // Two areas printed with v1.19's 5-digit offsets: v1.19 has no split heap.
    const twoAreas = `${lines.slice(0, 7).join('\n')}\nGC memory layout; from 30000000:\n00000000: h...\n`;
    const split = buildError(twoAreas.replace(/^000([0-9a-f]{5}): /gm, '$1: '));
    expect(split.location).toEqual({ file: 'dump.txt', line: 8, field: 'splitHeap' });
    expect(buildError(lines.join('\n'), { mpyVersion: 'banana' }).location.field).toBe('mpyVersion');
  });

  it('pool addresses that no heap can have', () => {
    expect(buildError(edit(5, 'GC memory layout; from 20000048:')).location).toEqual({ file: 'dump.txt', line: 5, field: 'address' });
    expect(buildError(edit(5, 'GC memory layout; from 10:')).detail).toMatch(/leaves no room for the area's \d+ bytes of tables/);
    const overlapping = `${lines.slice(0, 7).join('\n')}\nGC memory layout; from 20000080:\n00000000: ${dots(64)}\n`;
    const error = buildError(overlapping);
    expect(error.location).toEqual({ file: 'dump.txt', line: 8, field: 'areas[1]' });
    expect(error.detail).toMatch(/^cannot build this heap: region overlaps area 0/);
  });

  it('an area that is not a multiple of 4 blocks', () => {
    const error = buildError(edit(7, `00000400: ${dots(6)}D====${dots(2)}`));
    expect(error.location).toEqual({ file: 'dump.txt', line: 5, field: 'blocks' });
  });

  it('not a string', () => {
    expect(inputError(() => parseMemInfo(42 as unknown as string)).detail).toMatch(/expected the text/);
  });
});

describe('parseMemInfo: properties', () => {
  const kinds: readonly DumpKind[] = ['h', 'T', 'L', 'D', 'S', 'A', 'F', 'B', 'M'];
  const segment = fc.record({
    gap: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 400 })),
    blocks: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 150 })),
    kind: fc.constantFrom(...kinds),
  });
  const area = fc.record({
    blocks: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 400 })).map((n) => n * 4),
    startSlack: fc.integer({ min: 0, max: 31 }),
    segments: fc.array(segment, { maxLength: 25 }),
  });
  const heap = fc.record({
    wordBytes: fc.constantFrom(4 as const, 8 as const),
    version: fc.constantFrom('1.19', '1.20', '1.27', '1.28'),
    finaliser: fc.boolean(),
    weakref: fc.boolean(),
    areas: fc.array(area, { minLength: 1, maxLength: 3 }),
  });

  type HeapShape = typeof heap extends fc.Arbitrary<infer T> ? T : never;

  /** The heap an arbitrary layout describes: objects placed one after another, gaps between. */
  function layoutHeap(h: HeapShape): { state: HeapState; options: HeapFromMemInfoOptions } {
    const areas = h.version === '1.19' ? h.areas.slice(0, 1) : h.areas;
    const weakref = h.version === '1.28' && h.weakref;
    const config: HeapConfigInput = {
      wordBytes: h.wordBytes,
      mpyVersion: h.version,
      finaliser: h.finaliser,
      weakref,
      areas: areas.map((a, i) => ({ blocks: a.blocks, start: 0x20000000 + i * 0x01000000 + a.startSlack })),
    };
    const layout = areas.map((a) => {
      const objects: [number, number, DumpKind][] = [];
      let at = 0;
      for (const s of a.segments) {
        if (at + s.gap + s.blocks > a.blocks) break;
        objects.push([at + s.gap, s.blocks, s.kind]);
        at += s.gap + s.blocks;
      }
      return objects;
    });
    // 1.19 is inferred from the 5-digit offsets, the block size from the dump.
    const options: HeapFromMemInfoOptions = { finaliser: h.finaliser, weakref, ...(h.version === '1.19' ? {} : { mpyVersion: h.version }) };
    return { state: build(config, layout), options };
  }

  it('random layouts round-trip through the text', () => {
    fc.assert(
      fc.property(heap, (h) => {
        const { state, options } = layoutHeap(h);
        roundTrip(state, options);
      }),
      { numRuns: fcRuns(300) },
    );
  });

  it('mangled dumps and random text throw only HeapInputError', () => {
    // No collapse lines, so no edit can make the text describe a heap of millions of blocks.
    const segments = [3, 100, 100, 100].map((gap, i) => ({ gap, blocks: i + 1, kind: kinds[i]! }));
    const { state } = layoutHeap({ wordBytes: 4, version: '1.27', finaliser: true, weakref: false, areas: [{ blocks: 400, startSlack: 0, segments }] });
    const text = memInfoText(state, { verbose: true, stack: STACK });
    expect(text).not.toContain('lines all free');
    const alphabet = fc.constantFrom(...'.=hLm0123456789abcdef: ()\n\r\tGCxX-'.split(''));
    const edit = fc.record({ at: fc.nat({ max: text.length }), cut: fc.nat({ max: 5 }), insert: fc.string({ unit: alphabet, maxLength: 6 }) });
    const tryAll = (input: string): void => {
      for (const run of [() => parseMemInfo(input), () => heapFromMemInfo(input)]) {
        try {
          run();
        } catch (error) {
          if (!(error instanceof HeapInputError)) throw error;
          expect(error.location.line).toBeGreaterThanOrEqual(1);
        }
      }
    };
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let mangled = text;
        for (const e of edits) mangled = mangled.slice(0, e.at) + e.insert + mangled.slice(e.at + e.cut);
        tryAll(mangled);
      }),
      { numRuns: fcRuns(500) },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => tryAll(s)),
      { numRuns: fcRuns(200) },
    );
  });
});
