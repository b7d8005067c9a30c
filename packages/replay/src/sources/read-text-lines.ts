/**
 * Reading a text file as batches of lines (`lineBatches`), plain or gzip-compressed (told by its
 * first two bytes), streamed from disk.
 */
import { createReadStream } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { inputFileError } from './input-file-error.js';
import { lineBatches, type LineBatch, type ReadLinesOptions } from './line-batches.js';

const GZIP_MAGIC = [0x1f, 0x8b];
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

/** The file's lines in batches. Errors are `HeapInputError`s that name the file (and line). */
export async function* readTextLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const gzip = await startsWith(file, GZIP_MAGIC);
  const size = (await stat(file)).size;
  const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES });
  const stream = gzip ? raw.pipe(createGunzip({ chunkSize: CHUNK_BYTES })) : raw;
  raw.on('error', (error) => stream.destroy(error));
  yield* lineBatches(
    {
      chunks: stream as AsyncIterable<Buffer>,
      name: file,
      read: () => (size === 0 ? 1 : Math.min(1, raw.bytesRead / size)),
      cutReason: (error) => (gzip ? GZIP_BREAKS[(error as NodeJS.ErrnoException).code ?? ''] : undefined),
      readError: (error, line) => inputFileError(error, file, line),
    },
    options,
  );
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
