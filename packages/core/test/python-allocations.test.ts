/**
 * The allocations each Python object that `inspect --fits` models makes, in order: the table on
 * 32-bit and 64-bit builds, the request syntax, and the table checked against what the real
 * MicroPython v1.27.0 printed (fixtures/oracle/python-forms.mcu32k.out.txt: mem_info(1) before
 * and after each object; fixtures/oracle/full-heap.mcu20k.out.txt: a full heap on which the real
 * bytearray(640) failed while 640 bytes alone would fit). How they were made is in
 * fixtures/oracle/README.md.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  heapFromMemInfo,
  parseAllocationRequest,
  parseMemInfo,
  pythonAllocations,
  requestText,
  sizeTextBytes,
  wouldFit,
  wouldFitEach,
  type PlannedAllocation,
} from '@heaplab/core';
import { inputError } from './support/input-error.js';

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/oracle/${name}`, import.meta.url), 'utf8');

/** The plan of `typed` on a build of `wordBytes`-byte words, as [what, bytes, letter] rows. */
const plan = (typed: string, wordBytes: 4 | 8 = 4): [string, number, string][] =>
  pythonAllocations(parseAllocationRequest(typed), wordBytes).map((a) => [a.what, a.bytes, a.kind]);

describe('pythonAllocations: the table', () => {
  it('32-bit builds (16-byte objects)', () => {
    expect(plan('640')).toEqual([['the allocation', 640, 'h']]);
    expect(plan('bytearray(640)')).toEqual([
      ['bytearray object', 16, 'A'],
      ['buffer', 640, 'h'],
    ]);
    expect(plan('bytearray(0)')).toEqual([['bytearray object', 16, 'A']]);
    expect(plan('bytes(1744)')).toEqual([
      ['data buffer', 1745, 'h'],
      ['bytes object', 16, 'S'],
    ]);
    expect(plan('bytes(0)')).toEqual([
      ['data buffer', 1, 'h'],
      ['bytes object', 16, 'S'],
    ]);
    expect(plan('str(300)')).toEqual([
      ['data buffer', 301, 'h'],
      ['str object', 16, 'S'],
    ]);
    expect(plan('str(0)')).toEqual([]);
    expect(plan('list(100)')).toEqual([
      ['[None] list object', 16, 'L'],
      ['[None] item array', 16, 'h'],
      ['list object', 16, 'L'],
      ['item array', 400, 'h'],
    ]);
    expect(plan('list(0)').map((row) => row[1])).toEqual([16, 16, 16, 16]);
    expect(plan('dict(20)')).toEqual([
      ['dict object', 16, 'D'],
      ['hash table', 160, 'h'],
    ]);
    expect(plan('dict(0)')).toEqual([['dict object', 16, 'D']]);
    expect(plan("array('h', 50)")).toEqual([
      ['array object', 16, 'A'],
      ['item buffer', 100, 'h'],
    ]);
    const itemBytes = (typecode: string): number => plan(`array('${typecode}', 1)`)[1]![1];
    expect([...'bBhHiIlLqQfd'].map(itemBytes)).toEqual([1, 1, 2, 2, 4, 4, 4, 4, 8, 8, 4, 8]);
    expect(plan("array('d', 0)")).toEqual([['array object', 16, 'A']]);
  });

  it('64-bit builds (32-byte objects, 8-byte words)', () => {
    expect(plan('bytearray(640)', 8)).toEqual([
      ['bytearray object', 32, 'A'],
      ['buffer', 640, 'h'],
    ]);
    expect(plan('bytes(1744)', 8).map((row) => row[1])).toEqual([1745, 32]);
    expect(plan('str(300)', 8).map((row) => row[1])).toEqual([301, 32]);
    expect(plan('list(100)', 8).map((row) => row[1])).toEqual([32, 32, 32, 800]);
    expect(plan('list(2)', 8).map((row) => row[1])).toEqual([32, 32, 32, 32]);
    expect(plan('dict(20)', 8).map((row) => row[1])).toEqual([32, 320]);
    expect(plan("array('l', 50)", 8).map((row) => row[1])).toEqual([32, 400]);
    expect(plan("array('h', 50)", 8).map((row) => row[1])).toEqual([32, 100]);
  });
});

describe('parseAllocationRequest', () => {
  it('reads a number of bytes and the Python forms, with spaces and either quote', () => {
    expect(parseAllocationRequest('640')).toEqual({ form: 'bytes-raw', bytes: 640 });
    expect(parseAllocationRequest(' bytearray( 640 ) ')).toEqual({ form: 'bytearray', size: 640 });
    expect(parseAllocationRequest('array("h",50)')).toEqual({ form: 'array', typecode: 'h', size: 50 });
    for (const typed of ['640', 'bytearray(640)', 'bytes(0)', 'str(300)', 'list(100)', 'dict(20)', "array('h', 50)"]) {
      expect(requestText(parseAllocationRequest(typed))).toBe(typed);
    }
  });

  it("reads a number of bytes as a workload spec's size: a k (KiB) or m (MiB) suffix, in either case", () => {
    for (const [typed, bytes] of [
      ['1k', 1024],
      ['1.5k', 1536],
      [' 4 K ', 4096],
      ['2m', 2097152],
      ['2M', 2097152],
    ] as const) {
      expect(parseAllocationRequest(typed)).toEqual({ form: 'bytes-raw', bytes });
      expect(sizeTextBytes(typed)).toBe(bytes);
    }
  });

  it('refuses anything else, saying what it expects', () => {
    const expected =
      "expected a number of bytes (1 or more, e.g. 640 or 1k) or a Python object: bytearray(N), bytes(N), str(N), list(N), dict(N) or array('h', N)";
    for (const typed of [
      'lots',
      '0',
      '-5',
      '1.5',
      '0k',
      '1.3k',
      '4kb',
      '1g',
      'bytearray(1k)',
      'bytearray(-1)',
      'tuple(3)',
      'bytearray(640',
      'Bytes(3)',
      "array('h')",
    ]) {
      expect(inputError(() => parseAllocationRequest(typed)).detail).toBe(`${expected}, got ${JSON.stringify(typed)}`);
    }
    expect(inputError(() => parseAllocationRequest("array('x', 5)")).detail).toBe('expected an array typecode, one of bBhHiIlLqQfd, got "x"');
    // Too large, in every form, with the same words (a bare number of 17 or more digits too).
    for (const typed of [
      'list(1000000000000000)',
      '99999999999999999',
      '99999999999999999999',
      '99999999999999999k',
      'bytearray(99999999999999999999)',
      "array('h', 999999999999999999999)",
    ])
      expect(inputError(() => parseAllocationRequest(typed)).detail).toBe(`expected a size up to 2^48, got ${JSON.stringify(typed)}`);
  });
});

/** The `#form LABEL` blocks of python-forms.mcu32k.out.txt: each label with the text before and after. */
function oracleForms(): { label: string; before: string; after: string }[] {
  return fixture('python-forms.mcu32k.out.txt')
    .split('#form ')
    .slice(1)
    .map((part) => {
      const label = part.slice(0, part.indexOf('\n'));
      const body = part.slice(label.length + 1, part.indexOf('#end'));
      const second = body.indexOf('stack:', 1);
      return { label, before: body.slice(0, second), after: body.slice(second) };
    });
}

/** `map` with `placed` objects written in: each its letter, then tails. */
function withObjects(map: string, placed: readonly { block: number; blocks: number; kind: string }[]): string {
  let out = map;
  for (const { block, blocks, kind } of placed) out = out.slice(0, block) + kind + '='.repeat(blocks - 1) + out.slice(block + blocks);
  return out;
}

describe('pythonAllocations against the real interpreter (32-bit, v1.27.0)', () => {
  const forms = oracleForms();

  it('the fixture has every form, at 0 and at block boundaries', () => {
    expect(forms.map((f) => f.label)).toEqual([
      ...[0, 1, 16, 17, 640].map((n) => `bytearray(${n})`),
      ...[0, 15, 16, 1744].map((n) => `bytes(${n})`),
      ...[0, 1, 2, 15, 16, 300].map((n) => `str(${n})`),
      ...[0, 4, 5, 100].map((n) => `list(${n})`),
      ...[0, 1, 2, 3, 20].map((n) => `dict(${n})`),
      ...["('h', 0)", "('h', 9)", "('h', 50)", "('b', 17)", "('i', 5)", "('l', 5)", "('q', 3)", "('f', 5)", "('d', 3)"].map((a) => `array${a}`),
    ]);
  });

  it('placed in order by first fit on the map before, they give exactly the map after', () => {
    for (const { label, before, after } of forms) {
      const allocations: PlannedAllocation[] = pythonAllocations(parseAllocationRequest(label), 4);
      const state = heapFromMemInfo(before);
      const probe = wouldFitEach(state, allocations);
      if (!probe.fits) throw new Error(`${label}: did not fit`);
      const placed = probe.at.map((at, i) => ({ ...at, kind: allocations[i]!.kind }));
      // str(1) is '~' * 1, the interned '~': its buffer is made and freed, nothing stays.
      const expected = label === 'str(1)' ? parseMemInfo(before).areas[0]!.map : withObjects(parseMemInfo(before).areas[0]!.map, placed);
      expect(parseMemInfo(after).areas[0]!.map, label).toBe(expected);
    }
  });
});

describe('a full heap with one 40-block run (the real bytearray(640) failed there)', () => {
  const state = heapFromMemInfo(fixture('full-heap.mcu20k.out.txt'));
  const block = (address: number): number => (address - state.config.areas[0]!.poolStart) / 16;
  /** What the real interpreter did with each CASE of full-heap.py: null for a MemoryError, else id() of the object. */
  const REAL: readonly (readonly [string, number | null])[] = [
    ['bytearray(640)', null],
    ['bytearray(624)', 204496],
    ['bytes(623)', 205120],
    ['bytes(624)', null],
    ['str(623)', 205120],
    ['str(624)', null],
    ['list(148)', 204528],
    ['list(149)', null],
    ['dict(78)', 204496],
    ['dict(79)', null],
    ['array("h", 312)', 204496],
    ['array("h", 313)', null],
  ];

  it("640 bytes alone would fit, at the run; bytearray(640) would not: its object takes the run's first block", () => {
    expect(wouldFit(state, 640)).toEqual({ fits: true, at: { area: 0, block: 557, blocks: 40 } });
    const probe = wouldFitEach(state, pythonAllocations(parseAllocationRequest('bytearray(640)'), 4));
    expect(probe).toMatchObject({ fits: false, at: [{ area: 0, block: 557, blocks: 1 }], failed: 1, facts: { blocks: 40, largestFreeRun: [39] } });
  });

  it('every case gives what the real interpreter did, and puts the object where it was', () => {
    for (const [typed, address] of REAL) {
      const allocations = pythonAllocations(parseAllocationRequest(typed), 4);
      const probe = wouldFitEach(state, allocations);
      expect(probe.fits, typed).toBe(address !== null);
      if (!probe.fits || address === null) continue;
      const object = allocations.findIndex((a) => a.kind !== 'h' && !a.what.startsWith('[None]'));
      expect(probe.at[object]!.block, typed).toBe(block(address));
    }
  });
});
