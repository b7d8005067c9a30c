/**
 * Reading a text file as batches of lines, plain or gzip-compressed (told by its first two
 * bytes), in bounded memory: the file is streamed, and a batch is only read when the consumer
 * asks for it. CRLF line ends and a leading BOM are accepted. A file with a NUL byte in its
 * first 8,000 bytes is refused as binary (git's test); further on, a NUL only damages its line.
 *
 * Lines are split on the file's bytes and handed over as they are, UTF-8: a consumer that can
 * read bytes (the device trace decoder) never pays for a string per line; `lines` decodes a
 * batch to strings the first time it is asked for.
 *
 * A capture cut short (a crash, a full disk) is common. A gzip stream that breaks off can, when
 * asked (`keepCut`), end the lines instead of failing: every complete line before the break is
 * read, and the last batch says where and why the file was cut. A plain file that ends inside a
 * line marks its last batch `unended`: only the consumer can tell whether that line is whole.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { HeapInputError } from '@heaplab/core';
import { inputFileError } from './input-file-error.js';

/**
 * Consecutive lines of a file: `lines[i]` is line `first + i` (1-based), and so are the bytes
 * `bytes[starts[i]]` up to (not including) `bytes[ends[i]]`. Neither has the line end.
 */
export interface LineBatch {
  readonly first: number;
  readonly lines: readonly string[];
  readonly bytes: Buffer;
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

const GZIP_MAGIC = [0x1f, 0x8b];
const BOM = [0xef, 0xbb, 0xbf];
const LF = 0x0a;
const CR = 0x0d;
/**
 * Bytes read from the file, and inflated from a gzip stream, at a time (Node's defaults are 64
 * and 16 KiB): large enough to make the per-chunk costs (stream events, promises, joining the
 * line cut at the chunk's end) small, small enough to stay in the CPU's cache.
 */
const CHUNK_BYTES = 1 << 18;
/** zlib's codes for a stream that breaks off, and how a cut is described. */
const GZIP_BREAKS: Readonly<Record<string, string>> = {
  Z_BUF_ERROR: 'the gzip stream is cut short',
  Z_DATA_ERROR: 'the gzip stream is corrupt',
};
/** Bytes at the start of a file that must be free of NULs for it to count as text. */
const BINARY_PROBE = 8000;

/** The file's lines in batches. Errors are `HeapInputError`s that name the file (and line). */
export async function* readTextLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const batchLines = options.batchLines ?? 4096;
  const maxLineLength = options.maxLineLength ?? 1 << 20;
  const gzip = await startsWith(file, GZIP_MAGIC);
  const size = (await stat(file)).size;
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const read = (): number => (size === 0 ? 1 : Math.min(1, raw.bytesRead / size));
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  raw.on('error', (error) => stream.destroy(error));
  /** The start of a line the last chunk did not finish. */
  let partial: Buffer = Buffer.alloc(0);
  let line = 1;
  /** Whether the file's first bytes have been looked at for a BOM. */
  let started = false;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const data = partial.length === 0 ? chunk : Buffer.concat([partial, chunk]);
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
        yield new TextLineBatch(line, data, batch.starts.subarray(0, batch.count), batch.ends.subarray(0, batch.count), read());
        line += batch.count;
        start = batch.next;
      }
      partial = data.subarray(start);
      if (partial.length > maxLineLength && partial.toString('utf8').length > maxLineLength) {
        throw new HeapInputError(`line is longer than ${maxLineLength} characters`, { file, line });
      }
    }
  } catch (error) {
    if (error instanceof HeapInputError) throw error;
    const reason = GZIP_BREAKS[(error as NodeJS.ErrnoException).code ?? ''];
    if (!gzip || options.keepCut !== true || reason === undefined || line === 1) throw inputFileError(error, file, line);
    yield new TextLineBatch(line, Buffer.alloc(0), new Int32Array(0), new Int32Array(0), 1, { afterLine: line - 1, reason });
    return;
  }
  if (partial.length > 0) {
    const last = splitLines(partial, 0, 1, true);
    yield new TextLineBatch(line, partial, last.starts, last.ends, 1, undefined, true);
  }
}

/**
 * Up to `max` lines of `data` from `start`: where each starts and ends (without CR LF), and
 * where the next line starts. Only lines ended by LF count, unless `final` (the file's end).
 */
function splitLines(data: Buffer, start: number, max: number, final: boolean): { starts: Int32Array; ends: Int32Array; count: number; next: number } {
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
    readonly bytes: Buffer,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly read: number,
    readonly cut?: InputCut,
    readonly unended?: boolean,
  ) {}

  get lines(): readonly string[] {
    this.text ??= Array.from(this.starts, (start, i) => this.bytes.toString('utf8', start, this.ends[i]));
    return this.text;
  }
}

async function startsWith(file: string, magic: readonly number[]): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw inputFileError(error, file);
  }
  try {
    const buffer = Buffer.alloc(magic.length);
    // Opening a directory succeeds; reading it fails (EISDIR).
    const { bytesRead } = await handle.read(buffer, 0, magic.length, 0).catch((error: unknown) => {
      throw inputFileError(error, file);
    });
    return bytesRead === magic.length && magic.every((byte, i) => buffer[i] === byte);
  } finally {
    await handle.close();
  }
}
