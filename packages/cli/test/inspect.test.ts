import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { apply, createHeap, heapFromMemInfo, memInfoText, parseMemInfo, type Outcome } from '@heaplab/core';
import { inspect } from '../src/commands/inspect/index.js';
import { runCli as run } from './support/run-cli.js';

const oracle = join(import.meta.dirname, '..', '..', 'core', 'test', 'fixtures', 'oracle');
const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
const fixtures = join(import.meta.dirname, 'fixtures');

/** One area, 4000 blocks, printed statistics, badly fragmented (largest free run 31 blocks). */
const FRAGMENTED = join(oracle, 'b_fragmentation.mcu.out.txt');
/** Two areas (split heap), the `mem:` line, program output before the dump. */
const SPLIT = join(traces, 'e_frames_48k_split2.stdout.txt');
/** The spec's split-heap example as a bare map (no stack:/GC: lines). */
const BARE = join(fixtures, 'split-heap-map.txt');

/** The statistics the map of each fixture gives; the GC: lines printed the same (for BARE, beside it: see fixtures/README.md). */
const STATS = {
  fragmented: { total: 64000, used: 32912, free: 31088, n1: 89, n2: 4, maxBlock: 30, maxFreeBlocks: 31 },
  split: { total: 47936, used: 32656, free: 15280, n1: 1596, n2: 42, maxBlock: 256, maxFreeBlocks: 279 },
  bare: { total: 11904, used: 7472, free: 4432, n1: 6, n2: 1, maxBlock: 188, maxFreeBlocks: 251 },
};

/** Runs `inspect --json` and parses what it printed. */
async function json(...args: string[]): Promise<Record<string, unknown> & InspectJson> {
  const { status, out, err } = await run('inspect', ...args, '--json');
  expect(err).toBe('');
  expect(status === 0 || status === 1).toBe(true);
  return JSON.parse(out) as Record<string, unknown> & InspectJson;
}

/** Runs `inspect` and returns what it printed; it must succeed with nothing on stderr. */
async function inspectText(...args: string[]): Promise<string> {
  const { status, out, err } = await run('inspect', ...args);
  expect(status).toBe(0);
  expect(err).toBe('');
  return out;
}

interface InspectJson {
  total: number;
  used: number;
  free: number;
  n1: number;
  n2: number;
  maxBlock: number;
  maxFreeBlocks: number;
  fragmentation: number;
  largestFreeRunArea: number | null;
  printed: Record<string, number> | null;
  mismatches: { field: string; printedAs: string; printed: number; computed: number; line: number }[];
  areas: {
    area: number;
    address: number;
    blocks: number;
    trusted: boolean;
    free: number;
    freeBlocks: number;
    largestFreeRun: number;
    largestFreeRunAt: number | null;
    fragmentation: number;
    histogram: { runs: number; blocks: number }[];
  }[];
  strayLines: number[];
  fits?: {
    ok: boolean;
    request: string;
    failed: number | null;
    allocations: { what: string; bytes: number; blocks: number; outcome: string; area?: number; block?: number; address?: number }[];
    forced: boolean;
    doubt: { line: number; reason: string } | null;
    bytes: number;
    blocks: number;
    area?: number;
    block?: number;
    address?: number;
    largestFreeRun?: number;
    largestFreeRunArea?: number | null;
  };
}

function tempFile(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'heaplab-')), name);
  writeFileSync(file, content);
  return file;
}

/** The engine's answer, asked directly: first fit on the dumped heap with collections off. */
function engineAlloc(file: string, bytes: number): Outcome {
  const state = heapFromMemInfo(readFileSync(file, 'utf8'));
  return apply(apply(state, { op: 'disable' }).state, { op: 'alloc', id: 1_000_000, bytes }).outcome;
}

/** First fit by hand on the printed maps: the first area with `blocks` free blocks in a row, and where. */
function scanFirstFit(file: string, blocks: number): { area: number; block: number } | null {
  const { areas } = parseMemInfo(readFileSync(file, 'utf8'));
  for (const [area, { map }] of areas.entries()) {
    const block = map.indexOf('.'.repeat(blocks));
    if (block >= 0) return { area, block };
  }
  return null;
}

describe('heaplab inspect: statistics from the map', () => {
  it('a real dump: the map gives exactly the printed statistics, and they are checked', async () => {
    const out = await inspectText(FRAGMENTED);
    expect(out).toContain('micropython.mem_info(1) output, lines 6-72');
    expect(out).toContain('heap 64000 bytes (4000 blocks of 16 bytes)');
    expect(out).toMatch(/used +32912 bytes \(51%\) in 163 objects: 89 of 1 block, 4 of 2 blocks, the longest 30 blocks/);
    expect(out).toMatch(/free +31088 bytes \(49%\) in 89 runs/);
    expect(out).toMatch(/largest run +31 blocks \(496 bytes\) in area 0 at block 1920/);
    expect(out).toMatch(/fragmentation +98% .*one request can use 496 of the 31088 free bytes/);
    expect(out).toContain('the printed GC: statistics (lines 7-8) agree with the map');
    expect(out).not.toContain('--fits');

    const result = await json(FRAGMENTED);
    expect(result).toMatchObject({ ...STATS.fragmented, blockBytes: 16, objects: 163, mismatches: [] });
    expect(result.printed).toEqual(STATS.fragmented);
    expect(result.fragmentation).toBeCloseTo(1 - 31 / (31088 / 16), 12);
    expect(result).not.toHaveProperty('fits');
  });

  it('per area: address, blocks, free bytes, largest run, fragmentation and a free-run histogram', async () => {
    const result = await json(SPLIT);
    expect(result).toMatchObject({ ...STATS.split, lines: { first: 12, last: 62 } });
    expect(result.areas.map((a) => [a.area, a.address, a.blocks])).toEqual([
      [0, 0x565ca2e0, 748],
      [1, 0x565ce680, 2248],
    ]);
    expect(result.areas.reduce((sum, a) => sum + a.free, 0)).toBe(15280);
    expect(Math.max(...result.areas.map((a) => a.largestFreeRun))).toBe(279);
    expect(result.largestFreeRunArea).toBe(result.areas.findIndex((a) => a.largestFreeRun === 279));
    for (const a of result.areas) {
      expect(a.fragmentation).toBeCloseTo(1 - a.largestFreeRun / a.freeBlocks, 12);
      expect(a.histogram.reduce((sum, b) => sum + b.blocks, 0)).toBe(a.freeBlocks);
      expect(a.histogram).toHaveLength(7);
    }

    const out = await inspectText(SPLIT);
    expect(out).toContain('heap 47936 bytes (748 + 2248 blocks of 16 bytes)');
    expect(out).toContain('\narea 0 at 0x565ca2e0: 748 blocks (11968 bytes)');
    expect(out).toContain('\narea 1 at 0x565ce680: 2248 blocks (35968 bytes)');
    expect(out).toMatch(/ +length +runs +free blocks +share\n +1 +\d+ +\d+ +\d+%/);
    expect(out).toMatch(/\n +256\+ +1 +279 /);
  });

  it('pictures: a small area is its map as printed, a large one K blocks a character in at most 16 lines', async () => {
    const split = await inspectText(SPLIT);
    // Area 0 (748 blocks) prints as the dump does, with block numbers instead of byte offsets.
    expect(split).toContain('\n    704  TShShThSTSTThhSThhhSTTSTSTShTSThShSSThhSThSS\n');
    expect(split).toContain('map, 3 blocks a character (# no free block, + some free, - half or more free, . all free):');
    const big = await inspectText(FRAGMENTED);
    const picture = big.slice(big.indexOf('map, 4 blocks a character')).split('\n').slice(1, -1);
    expect(picture).toHaveLength(16);
    expect(picture[0]).toMatch(/^ {7}0 {2}[#+\-.]{64}$/);
    expect(picture.at(-1)).toMatch(/^ {4}3840 {2}[#+\-.]{40}$/);
  });

  it("a bare map (no mem:, stack: or GC: lines): the statistics are the map's", async () => {
    const result = await json(BARE);
    expect(result).toMatchObject({ ...STATS.bare, printed: null, mismatches: [], blockBytes: 16 });
    expect(result.areas.map((a) => [a.address, a.blocks])).toEqual([
      [0x20000080, 248],
      [0x30000100, 496],
    ]);
    const out = await inspectText(BARE);
    expect(out).toContain("a heap map without the GC: lines (the statistics are the map's), lines 2-13");
    expect(out).not.toContain('printed GC:');
  });

  it('a real dump cut down to its map gives the same figures as the whole of it', async () => {
    const text = readFileSync(SPLIT, 'utf8');
    const bare = tempFile('bare.txt', text.slice(text.indexOf('GC memory layout')));
    const { printed: _, lines: __, file: ___, ...whole } = await json(SPLIT);
    const { printed, lines: ____, file: _____, ...fromMap } = await json(bare);
    expect(printed).toBeNull();
    expect(fromMap).toEqual(whole);
  });
});

describe('heaplab inspect --fits', () => {
  it('an allocation that fits: where the engine and a scan of the map put it (exit 0)', async () => {
    for (const [file, bytes] of [
      [FRAGMENTED, 496],
      [FRAGMENTED, 100],
      [SPLIT, 4464],
      [BARE, 4000],
      [BARE, 300],
    ] as const) {
      const result = await json(file, '--fits', String(bytes));
      const outcome = engineAlloc(file, bytes);
      if (outcome.kind !== 'placed') throw new Error(`the engine did not place ${bytes} bytes`);
      expect(result.fits).toMatchObject({ ok: true, bytes, blocks: Math.ceil(bytes / 16), area: outcome.at.area, block: outcome.at.block });
      expect(scanFirstFit(file, Math.ceil(bytes / 16))).toEqual({ area: result.fits!.area, block: result.fits!.block });
      expect(result.fits!.address).toBe(result.areas[outcome.at.area]!.address + outcome.at.block * 16);
    }
  });

  it("a number of bytes written as a workload spec's size (1k, 1.5k): the same answer as the bytes", async () => {
    for (const [typed, bytes] of [
      ['1k', 1024],
      ['1.5K', 1536],
    ] as const) {
      const { status, out, err } = await run('inspect', SPLIT, '--fits', typed, '--json');
      expect([status, err]).toEqual([0, '']);
      expect(out).toBe((await run('inspect', SPLIT, '--fits', String(bytes), '--json')).out);
    }
  });

  it('first fit goes past an area that has room in all but not in a row', async () => {
    // Area 0 has 25 free blocks in a row at most; 1000 bytes (63 blocks) go to area 1.
    const out = await inspectText(BARE, '--fits', '1000');
    expect(out).toContain('\n--fits 1000: an allocation of 1000 bytes (63 blocks) would go to area 1 block 245 (address 0x30001050)\n');
    expect(out).toContain('no collection: every object in the dump counts as live');
  });

  it('an allocation that does not fit: the largest run and what it needs (exit 1)', async () => {
    const { status, out, err } = await run('inspect', FRAGMENTED, '--fits', '600');
    expect(status).toBe(1);
    expect(err).toBe('');
    expect(out).toContain('\n--fits 600: an allocation of 600 bytes (38 blocks) would fail: largest free run is 31 blocks in area 0 (needs 38)\n');
    expect(out).toContain('31088 bytes are free in all, but not 38 blocks in a row');
    expect(engineAlloc(FRAGMENTED, 600).kind).toBe('memory-error');
    expect(scanFirstFit(FRAGMENTED, 38)).toBeNull();

    const result = await json(SPLIT, '--fits', '4465');
    expect(result.fits).toEqual({
      ok: false,
      bytes: 4465,
      blocks: 280,
      largestFreeRun: 279,
      largestFreeRunArea: result.largestFreeRunArea,
      freeBytes: 15280,
      request: '4465',
      allocations: [{ what: 'the allocation', bytes: 4465, blocks: 280, outcome: 'failed' }],
      failed: 0,
      forced: false,
      doubt: null,
    });
  });

  it('a build that can grow its heap says so when the request would fail', async () => {
    const { status, out } = await run('inspect', join(oracle, 'fragmented.stock16k.out.txt'), '--fits', '9000');
    expect(status).toBe(1);
    expect(out).toContain('this build can grow its heap (max new split: 134217728 bytes)');
  });

  it('a request that is neither a number of bytes (1 or more) nor a Python object is bad input (exit 2, nothing printed)', async () => {
    for (const bad of ['lots', '0', '-5', '1.5', '1.3k', '4kb', 'tuple(3)', 'bytearray(-1)']) {
      const { status, out, err } = await run('inspect', FRAGMENTED, '--fits', bad);
      expect(status).toBe(2);
      expect(out).toBe('');
      expect(err).toBe(
        `heaplab: --fits: expected a number of bytes (1 or more, e.g. 640 or 1k) or a Python object: bytearray(N), bytes(N), str(N), list(N), dict(N) or array('h', N), got ${JSON.stringify(bad)}\n`,
      );
    }
    expect(await run('inspect', FRAGMENTED, '--fits', '99999999999999999')).toMatchObject({
      status: 2,
      out: '',
      err: 'heaplab: --fits: expected a size up to 2^48, got "99999999999999999"\n',
    });
  });
});

describe('heaplab inspect --fits for Python objects: their allocations, placed in order', () => {
  /** A real full heap (v1.27.0, 32-bit) whose only free run is 40 blocks at block 557; the real bytearray(640) failed there. */
  const FULL = join(oracle, 'full-heap.mcu20k.out.txt');

  it('bytearray(640) would fail where 640 bytes would fit: its object takes the run first (exit 1)', async () => {
    expect((await json(FULL, '--fits', '640')).fits).toMatchObject({ ok: true, area: 0, block: 557, request: '640', failed: null });
    const { status, out, err } = await run('inspect', FULL, '--fits', 'bytearray(640)');
    expect([status, err]).toEqual([1, '']);
    expect(out).toContain(
      [
        '--fits bytearray(640): would fail at allocation 2 of 2, the buffer of 640 bytes (40 blocks): largest free run is 39 blocks in area 0 (needs 40)',
        '  1. bytearray object   16 bytes (1 block)    area 0 block 557 (address 0x31ed0)',
        '  2. buffer            640 bytes (40 blocks)  fails',
        '  624 bytes are free in all by then, but not 40 blocks in a row',
        "  (MicroPython's allocations for this object, in order: docs/python-objects.md)",
      ].join('\n'),
    );
    const result = await json(FULL, '--fits', 'bytearray(640)');
    expect(result.fits).toEqual({
      ok: false,
      bytes: 656,
      blocks: 41,
      largestFreeRun: 39,
      largestFreeRunArea: 0,
      freeBytes: 624,
      request: 'bytearray(640)',
      allocations: [
        { what: 'bytearray object', bytes: 16, blocks: 1, outcome: 'placed', area: 0, block: 557, address: 0x31ed0 },
        { what: 'buffer', bytes: 640, blocks: 40, outcome: 'failed' },
      ],
      failed: 1,
      forced: false,
      doubt: null,
    });
  });

  it('an object that fits: each allocation where it goes (exit 0)', async () => {
    const out = await inspectText(FULL, '--fits', "array('h', 312)");
    expect(out).toContain(
      [
        "--fits array('h', 312): 2 allocations, 640 bytes (40 blocks) in all, would go to:",
        '  1. array object   16 bytes (1 block)    area 0 block 557 (address 0x31ed0)',
        '  2. item buffer   624 bytes (39 blocks)  area 0 block 558 (address 0x31ee0)',
      ].join('\n'),
    );
    const list = (await json(FULL, '--fits', 'list(148)')).fits!;
    expect(list).toMatchObject({ ok: true, bytes: 640, blocks: 40, request: 'list(148)', failed: null });
    expect(list).not.toHaveProperty('block');
    expect(list.allocations.map((a) => [a.what, a.bytes, a.block])).toEqual([
      ['[None] list object', 16, 557],
      ['[None] item array', 16, 558],
      ['list object', 16, 559],
      ['item array', 592, 560],
    ]);
  });

  it('a later allocation that is never made is "not tried"; an empty str makes none', async () => {
    const result = await json(FULL, '--fits', 'list(300)');
    expect(result.fits).toMatchObject({ ok: false, failed: 3 });
    expect(result.fits!.allocations.map((a) => a.outcome)).toEqual(['placed', 'placed', 'placed', 'failed']);
    const first = await json(FULL, '--fits', 'bytes(700)');
    expect(first.fits!.allocations.map((a) => a.outcome)).toEqual(['failed', 'not tried']);
    expect(await inspectText(FULL, '--fits', 'str(0)')).toContain('\n--fits str(0): makes no heap allocation\n');
    expect((await json(FULL, '--fits', 'str(0)')).fits).toMatchObject({ ok: true, bytes: 0, blocks: 0, allocations: [], failed: null });
  });

  it('on a 64-bit build (32-byte blocks) the objects are 32 bytes', async () => {
    const state = apply(createHeap({ wordBytes: 8, areas: [{ blocks: 64, start: 0x7f0000000000 }] }), { op: 'alloc', id: 0, bytes: 32 }).state;
    const dump = tempFile('dump64.txt', memInfoText(state, { verbose: true, stack: { used: 100 } }));
    const { fits } = await json(dump, '--fits', 'bytearray(100)');
    expect(fits!.allocations.map((a) => [a.what, a.bytes, a.blocks, a.block])).toEqual([
      ['bytearray object', 32, 1, 1],
      ['buffer', 100, 4, 2],
    ]);
  });

  it('on a map that cannot be trusted, it cannot tell, naming the object', async () => {
    const { status, err } = await run('inspect', join(fixtures, 'split-dump-cut-off.txt'), '--fits', 'bytearray(640)');
    expect(status).toBe(2);
    expect(err).toMatch(/: --fits: cannot tell whether bytearray\(640\) would fit: the map ends at line 33 /);
  });
});

describe('heaplab inspect: printed statistics that disagree with the map', () => {
  const text = readFileSync(FRAGMENTED, 'utf8');
  const file = tempFile('mismatch.txt', text.replace('used: 32912', 'used: 30000').replace('max free sz: 31', 'max free sz: 496'));

  it('make --fits unable to tell, without --force', async () => {
    const { status, out, err } = await run('inspect', file, '--fits', '16');
    expect([status, out]).toEqual([2, '']);
    expect(err).toBe(
      `heaplab: ${file}:7: --fits: cannot tell whether 16 bytes would fit: the printed GC: statistics disagree with the map (line 7, used: printed 30000, but the dump's map gives 32912 bytes) (--force answers on the map as read)\n`,
    );
  });

  it("are reported as a warning; the heap's figures are not given as facts, unless --force (exit status unchanged)", async () => {
    const out = await inspectText(file);
    expect(out).toContain('WARNING: the printed GC: statistics (lines 7-8) disagree with the map (a corrupt or mixed-up paste?);');
    expect(out).toContain("    line 7, used: printed 30000, but the dump's map gives 32912 bytes\n");
    expect(out).toContain("    line 8, max free sz: printed 496, but the dump's map gives 31 blocks\n");
    expect(out).toContain(
      "\n  not given      the heap's used and free bytes, free runs, largest run and fragmentation: they depend on a map that cannot be trusted",
    );
    expect(out).not.toMatch(/used +32912 bytes|largest run {4}/);
    expect(await inspectText(file, '--force')).toMatch(/used +32912 bytes/);
  });

  it('--json lists them', async () => {
    const result = await json(file, '--fits', '16', '--force');
    const reason = "the printed GC: statistics disagree with the map (line 7, used: printed 30000, but the dump's map gives 32912 bytes)";
    expect(result).toMatchObject({ used: 32912, maxFreeBlocks: 31, fits: { ok: true, forced: true, doubt: { line: 7, reason } } });
    expect(result.printed).toMatchObject({ used: 30000, maxFreeBlocks: 496 });
    expect(result.mismatches).toEqual([
      { field: 'used', printedAs: 'used', printed: 30000, computed: 32912, line: 7 },
      { field: 'maxFreeBlocks', printedAs: 'max free sz', printed: 496, computed: 31, line: 8 },
    ]);
  });
});

describe('heaplab inspect --fits on a map that cannot be trusted', () => {
  /** The split-heap dump of SPLIT as printed (its lines 12-62), intact. */
  const intact = tempFile('intact.txt', readFileSync(SPLIT, 'utf8').split('\n').slice(11).join('\n'));
  /** The same with a 3-line traceback pasted into area 1's map (lines 34-36). */
  const TRACEBACK = join(fixtures, 'split-dump-traceback.txt');
  /** The same, its paste cut off after line 33, in the middle of area 1. */
  const CUT_OFF = join(fixtures, 'split-dump-cut-off.txt');
  const cannotTell = (file: string, line: number, reason: string): string =>
    `heaplab: ${file}:${line}: --fits: cannot tell whether 2000 bytes would fit: ${reason} (--force answers on the map as read)\n`;
  const traceback = 'lines 34-36 inside the map are not part of it, so the map may be damaged';
  const cutOff =
    'the map ends at line 33 after 1708 blocks (27328 bytes), but the GC: total on line 3 is 47936 bytes: part of the map is missing (a cut-off paste?)';

  it('an intact dump: answered, not forced', async () => {
    const result = await json(intact, '--fits', '2000');
    expect(result.strayLines).toEqual([]);
    expect(result.fits).toMatchObject({ ok: true, area: 1, block: 1410, forced: false, doubt: null });
    expect((await json(intact, '--fits', '2000', '--force')).fits).toMatchObject({ ok: true, block: 1410, forced: false, doubt: null });
    expect(await inspectText(intact, '--fits', '2000')).not.toContain('--force');
  });

  it('lines pasted into the map: reported and skipped; --fits cannot tell (exit 2, one line, nothing on stdout)', async () => {
    const report = await inspectText(TRACEBACK);
    expect(report).toContain('\n  WARNING: lines 34-36 are inside the map but not part of it (pasted into the dump?): skipped, and the map may be damaged\n');
    expect(report).toContain('the printed GC: statistics (lines 3-4) agree with the map');
    expect((await json(TRACEBACK)).strayLines).toEqual([34, 35, 36]);
    for (const args of [[], ['--json']]) {
      expect(await run('inspect', TRACEBACK, '--fits', '2000', ...args)).toEqual({ status: 2, out: '', err: cannotTell(TRACEBACK, 34, traceback) });
    }
  });

  it('lines pasted into the map: --force answers on the map read past them, and says so', async () => {
    const out = await inspectText(TRACEBACK, '--fits', '2000', '--force');
    expect(out).toContain(
      `\n--force: the answer below is on the map as read, which cannot be trusted: ${traceback}\n--fits 2000: an allocation of 2000 bytes (125 blocks) would go to area 1 block 1410 (address 0x565d3ea0)\n`,
    );
    const result = await json(TRACEBACK, '--fits', '2000', '--force');
    expect(result.fits).toMatchObject({ ok: true, area: 1, block: 1410, forced: true, doubt: { line: 34, reason: traceback } });
  });

  it('a paste cut off: --fits cannot tell; --force answers on the part there is (exit 1 here), and says so', async () => {
    for (const args of [[], ['--json']]) {
      expect(await run('inspect', CUT_OFF, '--fits', '2000', ...args)).toEqual({ status: 2, out: '', err: cannotTell(CUT_OFF, 33, cutOff) });
    }
    const { status, out, err } = await run('inspect', CUT_OFF, '--fits', '2000', '--force');
    expect([status, err]).toEqual([1, '']);
    expect(out).toContain(`\n--force: the answer below is on the map as read, which cannot be trusted: ${cutOff}\n--fits 2000: an allocation of 2000 bytes`);
    expect(out).toContain('would fail: largest free run is 4 blocks in area 0 (needs 125)');
    expect((await json(CUT_OFF, '--fits', '2000', '--force')).fits).toMatchObject({ ok: false, forced: true, doubt: { line: 33, reason: cutOff } });
  });

  it('without --fits: what the part read shows, the cut named, no figure of the whole heap (exit 5); --force gives them (exit 0)', async () => {
    const { status, out, err } = await run('inspect', CUT_OFF);
    expect([status, err]).toEqual([5, '']);
    expect(out).toContain(`\n  WARNING: the map is cut off after line 33: ${cutOff}\n`);
    expect(out).toContain('\n  map read       27328 bytes (748 + 960 blocks of 16 bytes), ');
    expect(out).toContain(
      "\n  printed        GC: total 47936, used 32656, free 15280 bytes; max free sz 279 blocks, max blk sz 256 blocks (lines 3-4: the device's figures)\n",
    );
    expect(out).toContain('they depend on the part of the map that is missing (--force gives them for the map as read)\n');
    expect(out).toContain('WARNING: the printed GC: statistics (lines 3-4) disagree with the map (part of the map is missing: a cut-off paste?);');
    expect(out).not.toContain('mixed-up');
    expect(out).not.toMatch(/largest run {4}|used {11}|fragmentation {2}/);
    expect(out).toContain('\narea 0 at 0x565ca2e0: 748 blocks (11968 bytes), ');
    expect(out).toContain(
      '\narea 1 at 0x565ce680: 960 blocks (15360 bytes) read, up to the cut after line 33; its free space is not given, as for the whole heap\n',
    );
    const cut = await run('inspect', CUT_OFF, '--json');
    expect(cut.status).toBe(5);
    const result = JSON.parse(cut.out) as Record<string, unknown> & InspectJson;
    expect(result).toMatchObject({ doubt: { kind: 'cut-off', line: 33, reason: cutOff }, forced: false, total: null, free: null, maxFreeBlocks: null });
    expect(result.printed).toMatchObject({ total: 47936, maxFreeBlocks: 279 });
    expect(result.areas.map((a) => [a.trusted, a.largestFreeRunAt])).toEqual([
      [true, 49],
      [false, null],
    ]);
    const forced = await run('inspect', CUT_OFF, '--force');
    expect([forced.status, forced.err]).toEqual([0, '']);
    expect(forced.out).toContain(`\n  --force: the figures below are of the map as read, which cannot be trusted: ${cutOff}\n`);
    expect(forced.out).toMatch(/largest run {4}4 blocks/);
    expect(await json(CUT_OFF, '--force')).toMatchObject({ forced: true, total: 27328 });
    expect(await json(intact)).toMatchObject({ doubt: null, forced: false, total: 47936 });
  });
});

describe('heaplab inspect: bad input (exit 2, one located line, nothing on stdout)', () => {
  it('text without mem_info output', async () => {
    const file = tempFile('notes.txt', 'hello\nworld\n');
    expect(await run('inspect', file)).toEqual({
      status: 2,
      out: '',
      err: `heaplab: ${file}:1: GC: no micropython.mem_info() output found: expected \`GC: total: N, used: N, free: N\` (optionally \`, max new split: N\`)\n`,
    });
  });

  it('plain mem_info() output has no map', async () => {
    const file = join(traces, 'a_big_list_64k.stdout.txt');
    const { status, out, err } = await run('inspect', file);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(new RegExp(`^heaplab: ${file}:8: .*use micropython\\.mem_info\\(1\\)\\n$`));
  });

  it('a corrupt map line', async () => {
    const file = tempFile('corrupt.txt', readFileSync(FRAGMENTED, 'utf8').replace('\n00000400: =', '\n00000400: ?'));
    const { status, out, err } = await run('inspect', file);
    expect(status).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(new RegExp(`^heaplab: ${file}:11: unexpected character "\\?" for block 64 \\(column 11\\): expected one of \\.=hTLDSAFBMm\\n$`));
  });

  it('missing and binary files', async () => {
    expect(await run('inspect', '/no/such/dump.txt')).toMatchObject({ status: 2, out: '', err: 'heaplab: /no/such/dump.txt: cannot read: no such file\n' });
    const binary = tempFile('dump.bin', Buffer.from([0x47, 0x43, 0x00, 0xff]));
    expect(await run('inspect', binary)).toMatchObject({ status: 2, out: '', err: `heaplab: ${binary}: this is a binary file, not text\n` });
  });
});

describe('heaplab inspect - (standard input)', () => {
  async function viaStdin(input: Readable, ...args: string[]): Promise<{ status: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const status = await inspect(
      '-',
      { json: args.includes('--json') },
      {
        out: (t) => {
          out += t;
        },
        err: (t) => {
          err += t;
        },
        progressStream: null,
      },
      input,
    );
    return { status, out, err };
  }

  it('reads a pasted dump', async () => {
    const text = readFileSync(SPLIT, 'utf8');
    const { status, out } = await viaStdin(Readable.from([text.slice(0, 5000), text.slice(5000)]), '--json');
    expect(status).toBe(0);
    const result = JSON.parse(out) as InspectJson & { file: string };
    expect(result.file).toBe('<stdin>');
    expect(result.total).toBe(47936);
  });

  it('on a terminal, says how to end the paste', async () => {
    const terminal = Object.assign(Readable.from([readFileSync(BARE, 'utf8')]), { isTTY: true });
    const { status, err } = await viaStdin(terminal);
    expect(status).toBe(0);
    expect(err).toBe('heaplab: paste the micropython.mem_info(1) output, then press Ctrl-D on a line of its own\n');
  });

  it('bad input names <stdin>', async () => {
    await expect(viaStdin(Readable.from(['GC memory layout; from 20000080:\n00000000: h=x\n']))).rejects.toThrow(/^<stdin>:2: unexpected character "x"/);
    await expect(viaStdin(Readable.from([Buffer.from([0x41, 0x00])]))).rejects.toThrow('<stdin>: this is a binary file, not text');
    await expect(viaStdin(Readable.from([]))).rejects.toThrow(/^<stdin>:1: GC: no micropython\.mem_info\(\) output found/);
  });

  it('the built binary reads standard input (heaplab inspect -)', () => {
    const bin = join(import.meta.dirname, '..', 'bin', 'heaplab.js');
    const ok = spawnSync(process.execPath, [bin, 'inspect', '-', '--fits', '1000'], { input: readFileSync(BARE), encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('would go to area 1 block 245');
    const bad = spawnSync(process.execPath, [bin, 'inspect', '-'], { input: 'nothing here\n', encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^heaplab: <stdin>:1: GC: no micropython\.mem_info\(\) output found/);
  });
});

describe('heaplab inspect --help', () => {
  it('has examples, says what a disagreement does, and lists the exit statuses', async () => {
    const { status, out } = await run('inspect', '--help');
    expect(status).toBe(0);
    expect(out).toContain('heaplab inspect dump.txt --fits 4096');
    expect(out).toContain('a disagreement is reported as a');
    expect(out).toMatch(/--force +with --fits: answer even on a map that cannot be trusted\n/);
    expect(out).toContain('--fits cannot tell, and says why (exit status\n2); --force answers on the map as read');
    expect(out).toContain("heaplab inspect dump.txt --fits 'bytearray(640)'");
    for (const form of ['bytearray(N) ', 'bytes(N) ', 'str(N) ', 'list(N) ', 'dict(N) ', "array('h', N) "]) expect(out).toContain(`\n  ${form}`);
    expect(out).toContain('Exit status:\n  0  ok (with --fits: the allocation would succeed)\n  1  --fits: the allocation would fail\n  2  bad input');
    expect((await run('--help')).out).toContain('heaplab inspect dump.txt');
  });
});
