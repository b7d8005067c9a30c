/**
 * The fast path of trace decoding: a line written exactly as the firmware writes it is read
 * straight from the file's bytes, without making a string of it and without JSON.parse.
 *
 * The firmware writes every line the same way: no spaces, its own key order (the one in
 * `DEVICE_FORMAT` and `docs/device-trace.md`), whole numbers in plain decimal, strings in plain
 * ASCII, every field it knows. A line in that shape is decoded here, and every field is checked
 * as `decodeDeviceLine` checks it. Anything else — other spacing or key order, an extra or a
 * missing field, a number written as `1.0`, `-0`, `1e3`, `007` or with more than 15 digits, an
 * escape or a non-ASCII character in a string, a value out of range, a line that is not JSON at
 * all — gives null, and the caller decodes the line with the full parser, which accepts it or
 * throws the error that names what is wrong. A line this decoder accepts gives an event equal to
 * the full parser's, key order included.
 */
import type { DeviceEvent } from './device-event.js';
import { DEVICE_FORMAT, LABEL_MAX_BYTES, type DeviceOp, type FieldKind, type LineFormat } from './device-format.js';

/**
 * The event of the line `bytes[start]` up to (not including) `bytes[end]` (UTF-8, no line end)
 * when it is in the firmware's exact shape; null when the full parser must decide.
 */
export function decodeKnownLine(bytes: Uint8Array, start: number, end: number): DeviceEvent | null {
  scan.bytes = bytes;
  scan.at = start;
  scan.end = end;
  scan.ok = true;
  if (!literal(OPEN_OP)) return null;
  const name = scan.at;
  // Most common first, each from a call of its own (one the compiler can inline): a trace is
  // mostly alloc and sweep_free lines.
  if (literal(ALLOC.name)) return ALLOC.read();
  if (again(name, SWEEP_FREE.name)) return SWEEP_FREE.read();
  if (again(name, FREE.name)) return FREE.read();
  if (again(name, REALLOC.name)) return REALLOC.read();
  for (let i = 0; i < OTHERS.length; i++) if (again(name, OTHERS[i]!.name)) return OTHERS[i]!.read();
  return null;
}

/** A line kind as the fast path reads it. */
interface KnownOp {
  /** The op's name with its closing quote (so `alloc"` is not the start of `alloc_fail"`). */
  readonly name: Uint8Array;
  /** Reads the rest of the line, after the op. */
  readonly read: () => DeviceEvent | null;
}

/** The scan's readers (below), given to the code `reader` makes under these names. */
const READERS = { count, flag, ascii, label, oneOf, next, consume, closes };

/**
 * The reader of one line kind, made from its format when the module loads: the code one would
 * write for it by hand, a call for each field and one object literal, so that each kind's events
 * have one fixed shape and the hot path has no loop over fields. For `sweep_free`:
 *
 *     const f0 = count(a0); const f1 = count(a1); const f2 = count(a2);
 *     return closes() ? { "op": "sweep_free", "area": f0, "block": f1, "blocks": f2 } : null;
 *
 * where `a0` is the bytes of `,"area":` and so on. The fields up to the last required one are
 * all expected, in order: an optional one among them (the firmware always writes it) that is
 * missing leaves the line to the full parser. Optional fields after it are read when their key
 * comes next; then those with an `absent` value that the line left out get it, after the line's
 * own fields, as the full parser adds them. The code names nothing but the readers, its own
 * locals and `a0`, `a1`, …; field names appear in it only as quoted strings.
 */
function reader(op: DeviceOp, { v, fields }: LineFormat): () => DeviceEvent | null {
  const values: unknown[] = [];
  /** The name, in the code, of a value it uses (a key's bytes, a list of choices). */
  const value = (x: unknown): string => `a${values.push(x) - 1}`;
  const entries = Object.entries(fields).map(([name, spec]) => {
    const optional = typeof spec === 'object' && 'optional' in spec;
    return {
      prop: JSON.stringify(name),
      k: value(key(name)),
      optional,
      kind: optional ? spec.optional : spec,
      absent: optional ? spec.absent : undefined,
    };
  });
  /** The call that reads a field's key (`k`, its name in the code) and value. */
  const read = (kind: FieldKind, k: string): string =>
    kind === 'count'
      ? `count(${k})`
      : kind === 'flag'
        ? `flag(${k})`
        : kind === 'string'
          ? `ascii(${k})`
          : kind === 'label'
            ? `label(${k})`
            : `oneOf(${k}, ${value(choices(kind))})`;
  const expected = entries.findLastIndex((field) => !field.optional) + 1;
  const code: string[] = [];
  const props = [`"op": ${JSON.stringify(op)}`];
  if (v !== undefined) {
    code.push(`consume(${value(encode(`,"v":${v}`))});`);
    props.push(`"v": ${v}`);
  }
  entries.slice(0, expected).forEach(({ prop, k, kind }, i) => {
    code.push(`const f${i} = ${read(kind, k)};`);
    props.push(`${prop}: f${i}`);
  });
  const rest = entries.slice(expected);
  if (rest.length === 0) code.push(`return closes() ? { ${props.join(', ')} } : null;`);
  else {
    code.push(`const event = { ${props.join(', ')} };`);
    for (const { prop, k, kind } of rest) code.push(`if (next(${k})) event[${prop}] = ${read(kind, k)};`);
    for (const { prop, absent } of rest) if (absent !== undefined) code.push(`if (event[${prop}] === undefined) event[${prop}] = ${absent};`);
    code.push('return closes() ? event : null;');
  }
  const names = [...Object.keys(READERS), ...values.map((_, i) => `a${i}`)];
  const make = new Function(...names, `return function () {\n${code.join('\n')}\n};`) as (...args: unknown[]) => () => DeviceEvent | null;
  return make(...Object.values(READERS), ...values);
}

/** A key as it appears after a value: comma, quoted name, colon. */
function key(name: string): Uint8Array {
  return encode(`,"${name}":`);
}

const OPEN_OP = encode('{"op":"');

/** Every line kind's name and reader. */
const KNOWN = Object.fromEntries(
  Object.entries(DEVICE_FORMAT).map(([op, format]): [string, KnownOp] => [op, { name: encode(`${op}"`), read: reader(op as DeviceOp, format) }]),
) as Record<DeviceOp, KnownOp>;
const { alloc: ALLOC, sweep_free: SWEEP_FREE, free: FREE, realloc: REALLOC } = KNOWN;
/** The other line kinds, in the table's order. */
const OTHERS = Object.values(KNOWN).filter((known) => ![ALLOC, SWEEP_FREE, FREE, REALLOC].includes(known));

/** `text` as the bytes of its ASCII text. */
function encode(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** The values a string field may take, each with the bytes of its quoted text. */
interface Choices {
  readonly values: readonly string[];
  readonly quoted: readonly Uint8Array[];
}

function choices(values: readonly string[]): Choices {
  return { values, quoted: values.map((value) => encode(`"${value}"`)) };
}

/** Numbers with more digits may not be safe integers; the full parser checks them. */
const MAX_DIGITS = 15;
const ZERO = 0x30;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const CLOSE = 0x7d;

/**
 * The scan: the line, the position reached, and whether everything so far was as expected.
 * Once `ok` is false the readers below return placeholders and the line's result is discarded.
 *
 * The readers do not check for the line's end as they go: they may read past it (the next
 * line's bytes, or `undefined` past the buffer), but the position only moves forward, and a
 * line is accepted only when the scan stops exactly on its last byte, so a match that ran past
 * the end is never accepted.
 */
const scan: { bytes: Uint8Array; at: number; end: number; ok: boolean } = { bytes: new Uint8Array(0), at: 0, end: 0, ok: true };

/** Moves past `text` if it comes next; otherwise stays. */
function literal(text: Uint8Array): boolean {
  const { bytes, at } = scan;
  const length = text.length;
  for (let i = 0; i < length; i++) if (bytes[at + i] !== text[i]) return false;
  scan.at = at + length;
  return true;
}

/** Goes back to `at` and tries `text` there. */
function again(at: number, text: Uint8Array): boolean {
  scan.at = at;
  return literal(text);
}

/** The key comes next (the scan stays where it is). */
function next(key: Uint8Array): boolean {
  if (!scan.ok || !literal(key)) return false;
  scan.at -= key.length;
  return true;
}

/** Moves past `key`, or fails the scan. */
function consume(key: Uint8Array): boolean {
  if (scan.ok && literal(key)) return true;
  scan.ok = false;
  return false;
}

/** `key` and a whole number ≥ 0 in plain decimal: `0`, or a non-zero digit and at most 14 more. */
function count(key: Uint8Array): number {
  if (!consume(key)) return 0;
  const bytes = scan.bytes;
  let at = scan.at;
  let digit = bytes[at]! - ZERO;
  if (digit === 0) {
    scan.at = at + 1;
    return 0;
  }
  if (!(digit > 0 && digit <= 9)) return fail();
  const first = at;
  let value = 0;
  do {
    value = value * 10 + digit;
    at++;
    digit = bytes[at]! - ZERO;
  } while (digit >= 0 && digit <= 9);
  scan.at = at;
  return at - first <= MAX_DIGITS ? value : fail();
}

/** `key` and `0` or `1`. */
function flag(key: Uint8Array): 0 | 1 {
  if (!consume(key)) return 0;
  const at = scan.at;
  const digit = scan.bytes[at]! - ZERO;
  if (digit !== 0 && digit !== 1) return fail();
  scan.at = at + 1;
  return digit;
}

/** `key` and one of the choices, quoted. */
function oneOf(key: Uint8Array, choices: Choices): string {
  if (consume(key)) {
    const at = scan.at;
    for (let i = 0; i < choices.quoted.length; i++) if (again(at, choices.quoted[i]!)) return choices.values[i]!;
  }
  scan.ok = false;
  return choices.values[0]!;
}

/** `key` and a string of printable ASCII characters without escapes. */
function ascii(key: Uint8Array): string {
  if (consume(key) && scan.at < scan.end && scan.bytes[scan.at] === QUOTE) {
    const { bytes, end } = scan;
    const first = scan.at + 1;
    for (let at = first; at < end; at++) {
      const byte = bytes[at]!;
      if (byte === QUOTE) {
        scan.at = at + 1;
        return String.fromCharCode.apply(null, bytes.subarray(first, at) as unknown as number[]);
      }
      if (byte === BACKSLASH || byte < 0x20 || byte > 0x7e) break;
    }
  }
  scan.ok = false;
  return '';
}

/** `key` and a label: as `ascii`, of 1 to `LABEL_MAX_BYTES` characters (one byte each). */
function label(key: Uint8Array): string {
  const text = ascii(key);
  if (text.length === 0 || text.length > LABEL_MAX_BYTES) scan.ok = false;
  return text;
}

/** The object closes, and the line ends there. */
function closes(): boolean {
  return scan.ok && scan.at === scan.end - 1 && scan.bytes[scan.at] === CLOSE;
}

/** Fails the scan; the placeholder it returns is never used. */
function fail(): 0 {
  scan.ok = false;
  return 0;
}
