/**
 * A text's bytes, as they arrive in chunks (from a file, plain or inflated, or from a browser's
 * Blob), cut into batches of lines in bounded memory: a batch is only made when the consumer asks
 * for it. CRLF line ends and a leading BOM are accepted. A text with a NUL byte in its first 8,000
 * bytes is refused as binary (git's test); further on, a NUL only damages its line.
 *
 * Lines are split on the bytes and handed over as they are, UTF-8: a consumer that can read
 * bytes (the device trace decoder) never pays for a string per line; `lines` decodes a batch to
 * strings the first time it is asked for.
 *
 * A capture cut short (a crash, a full disk) is common. A compressed stream that breaks off can,
 * when asked (`keepCut`), end the lines instead of failing: every complete line before the break
 * is read, and the last batch says where and why the text was cut. A text that ends inside a line
 * marks its last batch `unended`: only the consumer can tell whether that line is whole.
 * Nothing here needs Node: the page in a browser reads traces with it too.
 */
import { HeapInputError } from '@heaplab/core';

/**
 * Consecutive lines of a file: `lines[i]` is line `first + i` (1-based), and so are the bytes
 * `bytes[starts[i]]` up to (not including) `bytes[ends[i]]`. Neither has the line end.
 */
export interface LineBatch {
  readonly first: number;
  readonly lines: readonly string[];
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** How much of the file (its bytes on disk) has been read, from 0 to 1: for progress bars. */
  readonly read: number;
  /** On the last batch, when the file's last line has no line end (the file ends inside it). */
  readonly unended?: boolean;
  /** On the last batch (with no lines), when the stream broke off (see `keepCut`). */
  readonly cut?: InputCut;
}

/** Where a file was cut short: the lines up to `afterLine` were read whole, then the file broke off. */
export interface InputCut {
  readonly afterLine: number;
  readonly reason: string;
}

export interface ReadLinesOptions {
  /** Lines per batch. Default 4096. */
  readonly batchLines?: number;
  /** Longest line accepted, in characters. Default 1 MiB. */
  readonly maxLineLength?: number;
  /**
   * When a gzip stream breaks off (cut short or corrupt) after at least one whole line: end with
   * a batch that has `cut` instead of throwing (the line it broke off in is dropped). Default
   * false: the break is a `HeapInputError`.
   */
  readonly keepCut?: boolean;
}

const BOM = [0xef, 0xbb, 0xbf];
const EMPTY = new Uint8Array(0);
/** UTF-8 as Node's Buffer reads it: a malformed sequence becomes U+FFFD, a BOM is kept. */
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: true });
const LF = 0x0a;
const CR = 0x0d;
/** Bytes at the start of a file that must be free of NULs for it to count as text. */
const BINARY_PROBE = 8000;

/** Where a text's chunks come from, and what its errors say. */
export interface ChunkSource {
  /** The text's bytes (a file's, inflated if it was compressed), in order. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** The name errors give (`file` of a `HeapInputError`). */
  readonly name: string;
  /** How much of the source has been read, from 0 to 1 (for progress). */
  readonly read: () => number;
  /** Why the stream broke off, when `error` is a compressed stream's break; else undefined. */
  readonly cutReason: (error: unknown) => string | undefined;
  /** The `HeapInputError` for any other error reading it, at `line`. */
  readonly readError: (error: unknown, line: number) => HeapInputError;
}

/** The source's lines in batches. Errors are `HeapInputError`s that name the source (and line). */
export async function* lineBatches(source: ChunkSource, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const batchLines = options.batchLines ?? 4096;
  const maxLineLength = options.maxLineLength ?? 1 << 20;
  const file = source.name;
  /** The start of a line the last chunk did not finish. */
  let partial: Uint8Array = EMPTY;
  let line = 1;
  /** Whether the text's first bytes have been looked at for a BOM. */
  let started = false;
  try {
    for await (const chunk of source.chunks) {
      const data = partial.length === 0 ? chunk : joined(partial, chunk);
      let start = 0;
      if (!started) {
        // A chunk shorter than the BOM may be its start: wait for more.
        if (data.length < BOM.length && BOM.slice(0, data.length).every((byte, i) => data[i] === byte)) {
          partial = data;
          continue;
        }
        if (BOM.every((byte, i) => data[i] === byte)) start = BOM.length;
        if (data.subarray(0, BINARY_PROBE).includes(0)) throw new HeapInputError('this is a binary file, not text', { file });
        started = true;
      }
      while (start < data.length) {
        const batch = splitLines(data, start, batchLines, false);
        if (batch.count === 0) break;
        yield new TextLineBatch(line, data, batch.starts.subarray(0, batch.count), batch.ends.subarray(0, batch.count), source.read());
        line += batch.count;
        start = batch.next;
      }
      partial = data.subarray(start);
      if (partial.length > maxLineLength && UTF8.decode(partial).length > maxLineLength) {
        throw new HeapInputError(`line is longer than ${maxLineLength} characters`, { file, line });
      }
    }
  } catch (error) {
    if (error instanceof HeapInputError) throw error;
    const reason = source.cutReason(error);
    if (options.keepCut !== true || reason === undefined || line === 1) throw source.readError(error, line);
    yield new TextLineBatch(line, EMPTY, new Int32Array(0), new Int32Array(0), 1, { afterLine: line - 1, reason });
    return;
  }
  if (partial.length > 0) {
    const last = splitLines(partial, 0, 1, true);
    yield new TextLineBatch(line, partial, last.starts, last.ends, 1, undefined, true);
  }
}

/** `a` then `b`, in one new array. */
function joined(a: Uint8Array, b: Uint8Array): Uint8Array {
  const both = new Uint8Array(a.length + b.length);
  both.set(a);
  both.set(b, a.length);
  return both;
}

/**
 * Up to `max` lines of `data` from `start`: where each starts and ends (without CR LF), and
 * where the next line starts. Only lines ended by LF count, unless `final` (the file's end).
 */
function splitLines(data: Uint8Array, start: number, max: number, final: boolean): { starts: Int32Array; ends: Int32Array; count: number; next: number } {
  // Every line but the last takes at least its LF.
  const room = Math.min(max, data.length - start + 1);
  const starts = new Int32Array(room);
  const ends = new Int32Array(room);
  let count = 0;
  let at = start;
  while (count < room && at < data.length) {
    let end = data.indexOf(LF, at);
    let next = end + 1;
    if (end < 0) {
      if (!final) break;
      end = next = data.length;
    }
    starts[count] = at;
    ends[count] = end > at && data[end - 1] === CR ? end - 1 : end;
    count++;
    at = next;
  }
  return { starts, ends, count, next: at };
}

/** A batch whose strings are decoded from its bytes when first asked for. */
class TextLineBatch implements LineBatch {
  private text: readonly string[] | null = null;

  constructor(
    readonly first: number,
    readonly bytes: Uint8Array,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly read: number,
    readonly cut?: InputCut,
    readonly unended?: boolean,
  ) {}

  get lines(): readonly string[] {
    this.text ??= Array.from(this.starts, (start, i) => UTF8.decode(this.bytes.subarray(start, this.ends[i])));
    return this.text;
  }
}
