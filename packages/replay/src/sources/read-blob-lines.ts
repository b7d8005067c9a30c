/**
 * Reading a Blob (a browser's File, or Node's) as batches of lines (`lineBatches`), plain or
 * gzip-compressed (told by its first two bytes, inflated by fflate's streaming gunzip, which reads
 * every member of a multi-member file as Node's zlib does; a browser's DecompressionStream stops
 * with an error after the first), streamed: a trace of hundreds of megabytes is never held whole.
 */
import { HeapInputError } from '@heaplab/core';
import { Gunzip } from 'fflate';
import { lineBatches, type LineBatch, type ReadLinesOptions } from './line-batches.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** The blob's lines in batches; `name` names it in errors. */
export async function* readBlobLines(blob: Blob, name: string, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const magic = new Uint8Array(await blob.slice(0, GZIP_MAGIC.length).arrayBuffer());
  const gzip = magic.length === GZIP_MAGIC.length && GZIP_MAGIC.every((byte, i) => magic[i] === byte);
  let taken = 0;
  const counted = blob.stream().pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        taken += chunk.length;
        controller.enqueue(chunk);
      },
    }),
  );
  const stream = gzip ? counted.pipeThrough(gunzipStream()) : counted;
  yield* lineBatches(
    {
      chunks: chunksOf(stream),
      name,
      read: () => (blob.size === 0 ? 1 : Math.min(1, taken / blob.size)),
      cutReason: (error) => (gzip ? gzipBreak(error) : undefined),
      readError: (error, line) => new HeapInputError(`cannot read: ${gzip && isGzipError(error) ? GZIP_BROKEN : messageOf(error)}`, { file: name, line }),
    },
    options,
  );
}

/** The chunks of a stream, read one at a time as the consumer asks. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Inflates gzip members one after another; an error of the inflater errors the stream, as a TypeError (see `isGzipError`). */
function gunzipStream(): TransformStream<Uint8Array, Uint8Array> {
  let inflater: Gunzip | null = null;
  const inflate = (chunk: Uint8Array, final: boolean): void => {
    try {
      inflater!.push(chunk, final);
    } catch (error) {
      throw new TypeError(`gzip: ${messageOf(error)}`);
    }
  };
  return new TransformStream<Uint8Array, Uint8Array>({
    start(controller) {
      inflater = new Gunzip((data) => controller.enqueue(data));
    },
    transform: (chunk) => inflate(chunk, false),
    flush: () => inflate(new Uint8Array(0), true),
  });
}

/** What the file reader says of a gzip stream it cannot inflate from its start. */
const GZIP_BROKEN = 'the gzip stream is cut short or corrupt';

/** Whether `error` is the inflater's (a TypeError from `gunzipStream`, or a zlib code). */
function isGzipError(error: unknown): boolean {
  return error instanceof TypeError || /^Z_/.test(String((error as { code?: unknown } | null)?.code ?? ''));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * How a gzip stream that failed broke off, in the words the file reader uses for zlib's codes:
 * input that ends early is cut short; anything else is corrupt.
 */
function gzipBreak(error: unknown): string {
  const text = `${(error as { code?: unknown } | null)?.code ?? ''} ${messageOf(error)}`;
  return /Z_BUF_ERROR|truncat|unexpected end|unexpected EOF|end of (file|input|stream)/i.test(text)
    ? 'the gzip stream is cut short'
    : 'the gzip stream is corrupt';
}
