import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { fcRuns } from '../../../test-support/fast-check-runs.js';
import { describe, expect, it } from 'vitest';
import { HeapInputError } from '@heaplab/core';
import { decodeDeviceLine } from '../src/trace/decode-device-line.js';
import { decodeKnownLine } from '../src/trace/decode-known-line.js';
import type { DeviceEvent } from '../src/trace/device-event.js';

const traces = join(import.meta.dirname, 'fixtures', 'traces');

/** The firmware's key order for each op (docs/device-trace.md and the real traces). */
const ORDER: Readonly<Record<DeviceEvent['op'], readonly string[]>> = {
  heap: ['area', 'bytes', 'pool_bytes', 'total_blocks', 'block_bytes', 'word_bytes', 'atb_bytes', 'ftb_bytes', 'wtb_bytes', 'pool_offset', 'struct_bytes'],
  alloc: ['bytes', 'blocks', 'area', 'block', 'fin', 'in_realloc', 'after_collect'],
  alloc_fail: ['bytes', 'blocks', 'stage', 'fin', 'in_realloc', 'in_collect', 'after_collect'],
  memory_error: ['bytes', 'heap_locked'],
  alloc_zero: [],
  free: ['area', 'block', 'blocks', 'in_realloc', 'in_collect'],
  free_ignored: ['area', 'block', 'reason', 'in_realloc'],
  collect_start: ['reason'],
  sweep_free: ['area', 'block', 'blocks'],
  collect_end: ['freed_objs', 'freed_blocks'],
  realloc: ['result', 'area', 'block', 'old_blocks', 'bytes', 'new_blocks', 'allow_move', 'new_area', 'new_block', 'reason', 'free_after'],
  info: ['total', 'used', 'free', 'max_free_blocks', 'n_1block', 'n_2block', 'max_block'],
  gap: ['v', 'lost'],
  sync: ['v', 'area', 'blocks'],
  sync_map: ['v', 'area', 'block', 'map'],
  sync_end: ['v'],
  mark: ['v', 'label'],
  threshold: ['v', 'bytes', 'off'],
};

type Fields = Record<string, unknown>;

// Valid events. Counts are mostly small, like a device's, and sometimes up to the largest safe integer.
const count = fc.oneof(fc.nat({ max: 5000 }), fc.nat({ max: 999_999_999_999_999 }), fc.maxSafeNat());
const flag = fc.constantFrom(0, 1);
const place = { area: count, block: count };
const FIELDS: Readonly<
  Record<DeviceEvent['op'], { readonly required: Record<string, fc.Arbitrary<unknown>>; readonly optional?: Record<string, fc.Arbitrary<unknown>> }>
> = {
  heap: {
    required: {
      area: count,
      bytes: count,
      pool_bytes: count,
      total_blocks: count,
      block_bytes: count,
      word_bytes: count,
      atb_bytes: count,
      ftb_bytes: count,
      wtb_bytes: count,
      pool_offset: count,
    },
    optional: { struct_bytes: count },
  },
  alloc: { required: { bytes: count, blocks: count, ...place, fin: flag, in_realloc: flag, after_collect: flag } },
  alloc_fail: {
    required: {
      bytes: count,
      blocks: count,
      stage: fc.constantFrom('pre_collect', 'final', 'locked'),
      fin: flag,
      in_realloc: flag,
      in_collect: flag,
      after_collect: flag,
    },
  },
  memory_error: { required: { bytes: count, heap_locked: flag } },
  alloc_zero: { required: {} },
  free: { required: { ...place, blocks: count, in_realloc: flag, in_collect: flag } },
  free_ignored: {
    required: { ...place, reason: fc.oneof(fc.constantFrom('locked', 'heap locked'), fc.string({ unit: 'binary', maxLength: 12 })), in_realloc: flag },
  },
  collect_start: { required: { reason: fc.constantFrom('alloc_fail', 'explicit', 'threshold', 'sweep_all') } },
  sweep_free: { required: { ...place, blocks: count } },
  collect_end: { required: { freed_objs: count, freed_blocks: count } },
  realloc: {
    required: {
      result: fc.constantFrom('same', 'shrink', 'grow', 'moved', 'fail', 'alloc', 'free'),
      ...place,
      old_blocks: count,
      bytes: count,
      new_blocks: count,
      allow_move: flag,
    },
    optional: { new_area: count, new_block: count, reason: fc.constantFrom('no_move', 'oom', 'locked', 'alloc_null'), free_after: count },
  },
  info: { required: { total: count, used: count, free: count, max_free_blocks: count, n_1block: count, n_2block: count, max_block: count } },
  gap: { required: { v: fc.constant(1), lost: count } },
  sync: { required: { v: fc.constant(1), area: count, blocks: count } },
  sync_map: { required: { v: fc.constant(1), ...place, map: fc.string({ unit: fc.constantFrom('.', '=', 'h', 'f', 'm'), minLength: 1, maxLength: 64 }) } },
  sync_end: { required: { v: fc.constant(1) } },
  mark: {
    required: {
      v: fc.constant(1),
      label: fc.oneof(
        fc.constantFrom('find_blobs', 'main.py:42', 'x'.repeat(64)),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }).filter((label) => Buffer.byteLength(label) <= 64),
      ),
    },
  },
  threshold: { required: { v: fc.constant(1), bytes: count, off: flag } },
};

const event: fc.Arbitrary<Fields> = fc.oneof(
  ...(Object.keys(FIELDS) as DeviceEvent['op'][]).map((op) => {
    const { required, optional = {} } = FIELDS[op];
    return fc
      .record({ ...required, ...optional }, { requiredKeys: Object.keys(required) })
      .map((fields): Fields => ({ op, ...Object.fromEntries(ORDER[op].filter((key) => key in fields).map((key) => [key, (fields as Fields)[key]])) }));
  }),
);

/** The line the firmware writes for an event. */
const firmware = (fields: Fields): string => JSON.stringify(fields);

/** Changes to a line: each keeps it valid JSON or not, valid for its op or not. */
type Edit = (line: string) => string;

/** Applies `change` to the line's object (a line that is no longer a JSON object stays as it is). */
function onObject(change: (fields: Fields) => Fields, indent?: number): Edit {
  return (line) => {
    let fields: unknown;
    try {
      fields = JSON.parse(line);
    } catch {
      return line;
    }
    return typeof fields === 'object' && fields !== null && !Array.isArray(fields) ? JSON.stringify(change(fields as Fields), null, indent) : line;
  };
}

/** A number from a text, the same each time. */
function hash(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = (h * 33 + text.charCodeAt(i)) % 1_000_003;
  return h;
}

/** The character offsets of the line's numbers (runs of digits after a colon). */
function numberSpans(line: string): [number, number][] {
  return [...line.matchAll(/:(-?\d+)/g)].map((m) => [m.index + 1, m.index + 1 + m[1]!.length]);
}

const NUMBERS = [
  '1.0',
  '0.0',
  '-0',
  '1e3',
  '1E0',
  '0e0',
  '2.5',
  '-1',
  '007',
  '00',
  '01',
  '123456789012345678',
  '9007199254740991',
  '9007199254740993',
  '1234567890123456',
  '999999999999999',
  '"1"',
  'true',
  'null',
];
const ODD_CHARACTERS = [
  ' ',
  '\t',
  '\n',
  '"',
  '\\',
  '{',
  '}',
  ',',
  ':',
  '0',
  '9',
  '-',
  '.',
  'e',
  'é',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u2028',
  '\uD800',
  '\uFEFF',
];

const edit: fc.Arbitrary<Edit> = fc.oneof(
  // Whitespace JSON allows between tokens, or anywhere.
  fc.constantFrom<Edit>(
    onObject((fields) => fields, 1),
    (line) => ` ${line}`,
    (line) => `${line} `,
    (line) => line.replaceAll(',', ', '),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(' ', '\t', '\r')).map(
    ([at, space]): Edit =>
      (line) =>
        line.slice(0, at % (line.length + 1)) + space + line.slice(at % (line.length + 1)),
  ),
  // Other key orders.
  fc.nat().map((seed): Edit => onObject((fields) => Object.fromEntries(Object.entries(fields).sort((a, b) => hash(a[0], seed) - hash(b[0], seed))))),
  fc.constant<Edit>(onObject((fields) => Object.fromEntries(Object.entries(fields).reverse()))),
  // Extra fields: unknown ones, and ones another op has.
  fc
    .tuple(fc.constantFrom('extra', 'stage', 'reason', 'new_area', 'struct_bytes', 'x', ''), fc.jsonValue({ maxDepth: 1 }))
    .map(([key, value]): Edit => onObject((fields) => ({ ...fields, [key]: value }))),
  // A duplicate key, or a `__proto__` key, written into the text.
  fc.tuple(fc.constantFrom('op', 'area', 'bytes', 'blocks', 'result', '__proto__', 'free_after'), fc.constantFrom('0', '1', '"alloc"', '"moved"', '{}')).map(
    ([key, value]): Edit =>
      (line) =>
        line.endsWith('}') ? `${line.slice(0, -1)},"${key}":${value}}` : line,
  ),
  // A missing field, or a field of another type.
  fc.nat().map((n): Edit => onObject((fields) => Object.fromEntries(Object.entries(fields).filter((_, i, all) => i !== n % all.length)))),
  fc
    .tuple(fc.nat(), fc.jsonValue({ maxDepth: 1 }))
    .map(
      ([n, value]): Edit => onObject((fields) => Object.fromEntries(Object.entries(fields).map(([key, v], i, all) => [key, i === n % all.length ? value : v]))),
    ),
  // Numbers written another way.
  fc.tuple(fc.nat(), fc.constantFrom(...NUMBERS)).map(
    ([n, number]): Edit =>
      (line) => {
        const spans = numberSpans(line);
        if (spans.length === 0) return line;
        const [from, to] = spans[n % spans.length]!;
        return line.slice(0, from) + number + line.slice(to);
      },
  ),
  // A character written as a unicode escape (inside a key or a string).
  fc.nat().map(
    (n): Edit =>
      (line) => {
        const letters = [...line.matchAll(/[a-z_]/g)];
        if (letters.length === 0) return line;
        const at = letters[n % letters.length]!.index;
        return `${line.slice(0, at)}\\u${line.charCodeAt(at).toString(16).padStart(4, '0')}${line.slice(at + 1)}`;
      },
  ),
  // A line cut short, or a character replaced.
  fc.nat().map(
    (n): Edit =>
      (line) =>
        line.slice(0, n % (line.length + 1)),
  ),
  fc.tuple(fc.nat(), fc.constantFrom(...ODD_CHARACTERS)).map(
    ([n, c]): Edit =>
      (line) => {
        const at = n % Math.max(line.length, 1);
        return line.slice(0, at) + c + line.slice(at + 1);
      },
  ),
);

/** What a decoder made of a line: the event, or the error it threw. */
type Result = { readonly event: DeviceEvent } | { readonly error: string };

function attempt(decode: () => DeviceEvent): Result {
  try {
    return { event: decode() };
  } catch (error) {
    if (!(error instanceof HeapInputError)) throw error;
    return { error: `${error.message} @ ${JSON.stringify(error.location)}` };
  }
}

/** The full parser's result. */
const full = (line: string): Result => attempt(() => decodeDeviceLine(line, 7, 'trace.ndjson'));

/**
 * The fast path on the line's bytes inside a larger buffer (other bytes before and after it, as
 * in a file), with the full parser as its fallback; and whether the fast path took it.
 */
function fast(line: string, before = '', after = '\n'): { readonly result: Result; readonly known: boolean } {
  const bytes = Buffer.from(before + line + after, 'utf8');
  const start = Buffer.byteLength(before);
  const known = decodeKnownLine(bytes, start, start + Buffer.byteLength(line));
  return { result: known === null ? full(line) : { event: known }, known: known !== null };
}

/** Both paths give the same event (same keys in the same order, same values, -0 ≠ 0) or the same error. */
function expectSame(actual: Result, expected: Result): void {
  expect(actual).toStrictEqual(expected);
  if ('event' in actual && 'event' in expected) expect(Object.keys(actual.event)).toEqual(Object.keys(expected.event));
}

/** What can come after a line in a file: a line end, then anything (even the rest of the line). */
const after = fc.oneof(
  fc.constantFrom('', '\n', '\r\n', '\r', '}', '0', '1', ',"x":1}'),
  fc.string({ unit: fc.constantFrom(...'0123456789,}"\n\r{'.split('')), maxLength: 4 }),
);
const before = fc.constantFrom('', '\n', '{"op":"alloc"', '9');

/** Whether the firmware's serialisation is one the fast path must take (ASCII strings, ≤ 15 digits). */
function plain(fields: Fields): boolean {
  return Object.values(fields).every((value) =>
    typeof value === 'number' ? String(value).length <= 15 : /^[\x20-\x7e]*$/.test(String(value)) && !/["\\]/.test(String(value)),
  );
}

describe('decodeKnownLine (the fast path) agrees with the full parser', () => {
  it('on lines in the firmware shape: the same event, and the fast path takes every plain one (property)', () => {
    fc.assert(
      fc.property(event, before, after, (fields, head, tail) => {
        const line = firmware(fields);
        const { result, known } = fast(line, head, tail);
        const expected = full(line);
        expect('event' in expected).toBe(true);
        expectSame(result, expected);
        if (plain(fields)) expect(known).toBe(true);
      }),
      { numRuns: fcRuns(3000) },
    );
  });

  it('on changed lines (spacing, key order, extra or missing fields, numbers, escapes, cuts): the same event or the same error (property)', () => {
    fc.assert(
      fc.property(event, fc.array(edit, { minLength: 1, maxLength: 3 }), before, after, (fields, edits, head, tail) => {
        const line = edits.reduce((text, change) => change(text), firmware(fields));
        expectSame(fast(line, head, tail).result, full(line));
      }),
      { numRuns: fcRuns(5000) },
    );
  });

  it('on a prefix of a line, read from the whole line’s bytes (property)', () => {
    fc.assert(
      fc.property(event, fc.nat(), (fields, n) => {
        const line = firmware(fields);
        const cut = n % (line.length + 1);
        const bytes = Buffer.from(line, 'utf8');
        // For ASCII lines a character offset is a byte offset.
        fc.pre(bytes.length === line.length);
        const known = decodeKnownLine(bytes, 0, cut);
        expectSame(known === null ? full(line.slice(0, cut)) : { event: known }, full(line.slice(0, cut)));
      }),
      { numRuns: fcRuns(2000) },
    );
  });

  it.each([
    ['{"op":"alloc","bytes":24,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}', true],
    ['{"op":"alloc","bytes":24,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0,"extra":1}', false],
    ['{"op":"alloc", "bytes":24,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}', false],
    ['{"op":"alloc","bytes":24.0,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}', false],
    ['{"op":"alloc","bytes":-0,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}', false],
    ['{"op":"alloc","bytes":2e1,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}', false],
    ['{"op":"alloc","bytes":024,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}', false],
    ['{"op":"alloc","bytes":-24,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}', false],
    ['{"op":"alloc","bytes":24,"blocks":2,"area":0,"block":0,"fin":2,"in_realloc":0,"after_collect":0}', false],
    ['{"op":"alloc","bytes":24,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0}', false],
    ['{"op":"\\u0061lloc","bytes":24,"blocks":2,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}', false],
    ['{"op":"alloc_fail","bytes":85,"blocks":6,"stage":"pre_collect","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0}', true],
    ['{"op":"alloc_fail","bytes":85,"blocks":6,"stage":"pre","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0}', false],
    [
      '{"op":"realloc","result":"moved","area":0,"block":9,"old_blocks":2,"bytes":40,"new_blocks":3,"allow_move":1,"new_area":0,"new_block":40,"free_after":0}',
      true,
    ],
    ['{"op":"realloc","result":"fail","area":0,"block":90,"old_blocks":9,"bytes":148,"new_blocks":10,"allow_move":0,"reason":"no_move","free_after":0}', true],
    ['{"op":"realloc","result":"fail","area":0,"block":90,"old_blocks":9,"bytes":148,"new_blocks":10,"allow_move":0,"free_after":0,"reason":"no_move"}', false],
    [
      '{"op":"heap","area":0,"bytes":65536,"pool_bytes":64000,"total_blocks":4000,"block_bytes":16,"word_bytes":4,"atb_bytes":1000,"ftb_bytes":500,"wtb_bytes":0,"pool_offset":1536}',
      true,
    ],
    ['{"op":"free_ignored","area":0,"block":3,"reason":"locked","in_realloc":0}', true],
    ['{"op":"free_ignored","area":0,"block":3,"reason":"l\\u006fcked","in_realloc":0}', false],
    ['{"op":"alloc_zero"}', true],
    ['{"op":"gap","v":1,"lost":37}', true],
    ['{"op":"gap","v":2,"lost":37}', false],
    ['{"op":"gap","v":12,"lost":37}', false],
    ['{"op":"gap","lost":37,"v":1}', false],
    ['{"op":"gap","v":1,"lost":0}', true],
    ['{"op":"sync","v":1,"area":1,"blocks":16692}', true],
    ['{"op":"sync_map","v":1,"area":0,"block":64,"map":"h=f..m"}', true],
    ['{"op":"sync_map","v":1,"area":0,"block":64,"map":"h\\u003d"}', false],
    ['{"op":"sync_end","v":1}', true],
    ['{"op":"sync_end"}', false],
    ['{"op":"mark","v":1,"label":"find_blobs"}', true],
    ['{"op":"mark","v":1,"label":"main.py:42 frame_buffer"}', true],
    [`{"op":"mark","v":1,"label":"${'x'.repeat(64)}"}`, true],
    [`{"op":"mark","v":1,"label":"${'x'.repeat(65)}"}`, false],
    [`{"op":"mark","v":1,"label":"${'é'.repeat(32)}"}`, false],
    [`{"op":"mark","v":1,"label":"${'é'.repeat(33)}"}`, false],
    ['{"op":"mark","v":1,"label":""}', false],
    ['{"op":"mark","v":1,"label":"a\\"b"}', false],
    ['{"op":"mark","v":1,"label":7}', false],
    ['{"op":"mark","label":"find_blobs"}', false],
    ['{"op":"compact"}', false],
    ['{"op":"alloc"', false],
    ['', false],
  ])('%s (fast path: %s)', (line, known) => {
    const decoded = fast(line);
    expect(decoded.known).toBe(known);
    expectSame(decoded.result, full(line));
  });
});

describe('decodeKnownLine on the real traces', () => {
  it.each(['a_big_list_64k.ndjson', 'b_lcg_frag_32k.ndjson', 'c_buffer_reuse_32k.ndjson', 'e_frames_48k_split2.ndjson.gz'])(
    '%s: every line takes the fast path and decodes as the full parser does',
    (name) => {
      const raw = readFileSync(join(traces, name));
      const bytes = name.endsWith('.gz') ? gunzipSync(raw) : raw;
      const lines = bytes.toString('utf8').trimEnd().split('\n');
      const known: (DeviceEvent | null)[] = [];
      let start = 0;
      for (const line of lines) {
        const end = start + Buffer.byteLength(line);
        known.push(decodeKnownLine(bytes, start, end));
        start = end + 1;
      }
      const expected = lines.map((line, i) => decodeDeviceLine(line, i + 1, name));
      expect(known.indexOf(null)).toBe(-1);
      expect(known).toStrictEqual(expected);
      expect(known.map((event) => Object.keys(event!).join())).toEqual(expected.map((event) => Object.keys(event).join()));
      expect(lines.length).toBeGreaterThan(100);
    },
  );
});
