/**
 * The fast path of trace decoding: a line written exactly as the firmware writes it is read
 * straight from the file's bytes, without making a string of it and without JSON.parse.
 *
 * The firmware writes every line the same way: no spaces, its own key order (the one in
 * `docs/device-trace.md`), whole numbers in plain decimal, strings in plain ASCII. A line
 * in that shape is decoded here, and every field is checked as `decodeDeviceLine` checks it.
 * Anything else — other spacing or key order, an extra or a missing field, a number written as
 * `1.0`, `-0`, `1e3`, `007` or with more than 15 digits, an escape or a non-ASCII character in a
 * string, a value out of range, a line that is not JSON at all — gives null, and the caller
 * decodes the line with the full parser, which accepts it or throws the error that names what is
 * wrong. A line this decoder accepts gives an event equal to the full parser's, key order
 * included.
 */
import type {
  AllocFailLine,
  AllocLine,
  CollectEndLine,
  CollectStartLine,
  DeviceEvent,
  FreeIgnoredLine,
  FreeLine,
  GapLine,
  HeapLine,
  InfoLine,
  MemoryErrorLine,
  ReallocLine,
  SweepFreeLine,
  SyncEndLine,
  SyncLine,
  SyncMapLine,
} from './device-event.js';

/**
 * The event of the line `bytes[start]` up to (not including) `bytes[end]` (UTF-8, no line end)
 * when it is in the firmware's exact shape; null when the full parser must decide.
 */
export function decodeKnownLine(bytes: Buffer, start: number, end: number): DeviceEvent | null {
  scan.bytes = bytes;
  scan.at = start;
  scan.end = end;
  scan.ok = true;
  if (!literal(OPEN_OP)) return null;
  const name = scan.at;
  // Most common first: a trace is mostly alloc and sweep_free lines.
  if (literal(OP.alloc)) return alloc();
  if (again(name, OP.sweep_free)) return sweepFree();
  if (again(name, OP.free)) return free();
  if (again(name, OP.realloc)) return realloc();
  if (again(name, OP.alloc_fail)) return allocFail();
  if (again(name, OP.collect_start)) return collectStart();
  if (again(name, OP.collect_end)) return collectEnd();
  if (again(name, OP.info)) return info();
  if (again(name, OP.memory_error)) return memoryError();
  if (again(name, OP.heap)) return heap();
  if (again(name, OP.alloc_zero)) return closes() ? { op: 'alloc_zero' } : null;
  if (again(name, OP.free_ignored)) return freeIgnored();
  if (again(name, OP.sync_map)) return syncMap();
  if (again(name, OP.sync)) return sync();
  if (again(name, OP.sync_end)) return syncEnd();
  if (again(name, OP.gap)) return gap();
  return null;
}

function alloc(): AllocLine | null {
  const bytes = count(KEY.bytes);
  const blocks = count(KEY.blocks);
  const area = count(KEY.area);
  const block = count(KEY.block);
  const fin = flag(KEY.fin);
  const in_realloc = flag(KEY.in_realloc);
  const after_collect = flag(KEY.after_collect);
  return closes() ? { op: 'alloc', bytes, blocks, area, block, fin, in_realloc, after_collect } : null;
}

function sweepFree(): SweepFreeLine | null {
  const area = count(KEY.area);
  const block = count(KEY.block);
  const blocks = count(KEY.blocks);
  return closes() ? { op: 'sweep_free', area, block, blocks } : null;
}

function free(): FreeLine | null {
  const area = count(KEY.area);
  const block = count(KEY.block);
  const blocks = count(KEY.blocks);
  const in_realloc = flag(KEY.in_realloc);
  const in_collect = flag(KEY.in_collect);
  return closes() ? { op: 'free', area, block, blocks, in_realloc, in_collect } : null;
}

/** The object's fields come first; the result's own fields, each when it applies, last. */
function realloc(): ReallocLine | null {
  const result = oneOf(KEY.result, RESULTS);
  const area = count(KEY.area);
  const block = count(KEY.block);
  const old_blocks = count(KEY.old_blocks);
  const bytes = count(KEY.bytes);
  const new_blocks = count(KEY.new_blocks);
  const allow_move = flag(KEY.allow_move);
  const event: Writable<ReallocLine> = { op: 'realloc', result, area, block, old_blocks, bytes, new_blocks, allow_move };
  if (next(KEY.new_area)) event.new_area = count(KEY.new_area);
  if (next(KEY.new_block)) event.new_block = count(KEY.new_block);
  if (next(KEY.reason)) event.reason = oneOf(KEY.reason, REALLOC_REASONS);
  if (next(KEY.free_after)) event.free_after = count(KEY.free_after);
  return closes() ? event : null;
}

function allocFail(): AllocFailLine | null {
  const bytes = count(KEY.bytes);
  const blocks = count(KEY.blocks);
  const stage = oneOf(KEY.stage, STAGES);
  const fin = flag(KEY.fin);
  const in_realloc = flag(KEY.in_realloc);
  const in_collect = flag(KEY.in_collect);
  const after_collect = flag(KEY.after_collect);
  return closes() ? { op: 'alloc_fail', bytes, blocks, stage, fin, in_realloc, in_collect, after_collect } : null;
}

function collectStart(): CollectStartLine | null {
  const reason = oneOf(KEY.reason, COLLECT_REASONS);
  return closes() ? { op: 'collect_start', reason } : null;
}

function collectEnd(): CollectEndLine | null {
  const freed_objs = count(KEY.freed_objs);
  const freed_blocks = count(KEY.freed_blocks);
  return closes() ? { op: 'collect_end', freed_objs, freed_blocks } : null;
}

function info(): InfoLine | null {
  const total = count(KEY.total);
  const used = count(KEY.used);
  const free = count(KEY.free);
  const max_free_blocks = count(KEY.max_free_blocks);
  const n_1block = count(KEY.n_1block);
  const n_2block = count(KEY.n_2block);
  const max_block = count(KEY.max_block);
  return closes() ? { op: 'info', total, used, free, max_free_blocks, n_1block, n_2block, max_block } : null;
}

function memoryError(): MemoryErrorLine | null {
  const bytes = count(KEY.bytes);
  const heap_locked = flag(KEY.heap_locked);
  return closes() ? { op: 'memory_error', bytes, heap_locked } : null;
}

/** `struct_bytes` is only in split-heap traces; without it the area has no struct (0). */
function heap(): HeapLine | null {
  const area = count(KEY.area);
  const bytes = count(KEY.bytes);
  const pool_bytes = count(KEY.pool_bytes);
  const total_blocks = count(KEY.total_blocks);
  const block_bytes = count(KEY.block_bytes);
  const word_bytes = count(KEY.word_bytes);
  const atb_bytes = count(KEY.atb_bytes);
  const ftb_bytes = count(KEY.ftb_bytes);
  const wtb_bytes = count(KEY.wtb_bytes);
  const pool_offset = count(KEY.pool_offset);
  const struct_bytes = next(KEY.struct_bytes) ? count(KEY.struct_bytes) : 0;
  return closes()
    ? { op: 'heap', area, bytes, pool_bytes, total_blocks, block_bytes, word_bytes, atb_bytes, ftb_bytes, wtb_bytes, pool_offset, struct_bytes }
    : null;
}

function freeIgnored(): FreeIgnoredLine | null {
  const area = count(KEY.area);
  const block = count(KEY.block);
  const reason = ascii(KEY.reason);
  const in_realloc = flag(KEY.in_realloc);
  return closes() ? { op: 'free_ignored', area, block, reason, in_realloc } : null;
}

/** Extension lines start with their version, which must be 1 (a failed `consume` fails the scan). */
function gap(): GapLine | null {
  consume(V1);
  const lost = count(KEY.lost);
  return closes() ? { op: 'gap', v: 1, lost } : null;
}

function sync(): SyncLine | null {
  consume(V1);
  const area = count(KEY.area);
  const blocks = count(KEY.blocks);
  return closes() ? { op: 'sync', v: 1, area, blocks } : null;
}

function syncMap(): SyncMapLine | null {
  consume(V1);
  const area = count(KEY.area);
  const block = count(KEY.block);
  const map = ascii(KEY.map);
  return closes() ? { op: 'sync_map', v: 1, area, block, map } : null;
}

function syncEnd(): SyncEndLine | null {
  consume(V1);
  return closes() ? { op: 'sync_end', v: 1 } : null;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** `name` as the bytes of its ASCII text. */
function encode(name: string): Uint8Array {
  return Uint8Array.from(name, (c) => c.charCodeAt(0));
}

/** A key as it appears after a value: comma, quoted name, colon. */
function key(name: string): Uint8Array {
  return encode(`,"${name}":`);
}

const OPEN_OP = encode('{"op":"');
/** An extension line's version, right after its op. */
const V1 = encode(',"v":1');

/** Each op's name with its closing quote (so `alloc"` is not the start of `alloc_fail"`). */
const OP = Object.fromEntries(
  (
    [
      'alloc',
      'sweep_free',
      'free',
      'realloc',
      'alloc_fail',
      'collect_start',
      'collect_end',
      'info',
      'memory_error',
      'heap',
      'alloc_zero',
      'free_ignored',
      'gap',
      'sync',
      'sync_map',
      'sync_end',
    ] as const
  ).map((op) => [op, encode(`${op}"`)]),
) as Record<DeviceEvent['op'], Uint8Array>;

const KEY_NAMES = [
  ...['area', 'block', 'blocks', 'bytes', 'fin', 'in_realloc', 'in_collect', 'after_collect', 'stage', 'heap_locked', 'reason'],
  ...['result', 'old_blocks', 'new_blocks', 'allow_move', 'new_area', 'new_block', 'free_after', 'freed_objs', 'freed_blocks'],
  ...['total', 'used', 'free', 'max_free_blocks', 'n_1block', 'n_2block', 'max_block'],
  ...['pool_bytes', 'total_blocks', 'block_bytes', 'word_bytes', 'atb_bytes', 'ftb_bytes', 'wtb_bytes', 'pool_offset', 'struct_bytes'],
  ...['lost', 'map'],
] as const;

const KEY = Object.fromEntries(KEY_NAMES.map((name) => [name, key(name)])) as Record<(typeof KEY_NAMES)[number], Uint8Array>;

/** The values a string field may take, each with the bytes of its quoted text. */
interface Choices<T extends string> {
  readonly values: readonly T[];
  readonly quoted: readonly Uint8Array[];
}

function choices<T extends string>(values: readonly T[]): Choices<T> {
  return { values, quoted: values.map((value) => encode(`"${value}"`)) };
}

const STAGES = choices<AllocFailLine['stage']>(['pre_collect', 'final', 'locked']);
const COLLECT_REASONS = choices<CollectStartLine['reason']>(['alloc_fail', 'explicit', 'threshold', 'sweep_all']);
const RESULTS = choices<ReallocLine['result']>(['same', 'shrink', 'grow', 'moved', 'fail', 'alloc', 'free']);
const REALLOC_REASONS = choices<NonNullable<ReallocLine['reason']>>(['no_move', 'oom', 'locked', 'alloc_null']);

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
const scan: { bytes: Buffer; at: number; end: number; ok: boolean } = { bytes: Buffer.alloc(0), at: 0, end: 0, ok: true };

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
function oneOf<T extends string>(key: Uint8Array, choices: Choices<T>): T {
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
        return bytes.toString('latin1', first, at);
      }
      if (byte === BACKSLASH || byte < 0x20 || byte > 0x7e) break;
    }
  }
  scan.ok = false;
  return '';
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
