/**
 * Reading a text file as batches of lines, plain or gzip-compressed (told by its first two
 * bytes), in bounded memory: the file is streamed, and a batch is only read when the consumer
 * asks for it. CRLF line ends and a leading BOM are accepted.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { HeapInputError } from '@heaplab/core';
import { inputFileError } from './input-file-error.js';

/** Consecutive lines of a file: `lines[i]` is line `first + i` (1-based). */
export interface LineBatch {
  readonly first: number;
  readonly lines: readonly string[];
}

export interface ReadLinesOptions {
  /** Lines per batch. Default 4096. */
  readonly batchLines?: number;
  /** Longest line accepted, in characters. Default 1 MiB. */
  readonly maxLineLength?: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];

/** The file's lines in batches. Errors are `HeapInputError`s that name the file (and line). */
export async function* readTextLines(file: string, options: ReadLinesOptions = {}): AsyncGenerator<LineBatch> {
  const batchLines = options.batchLines ?? 4096;
  const maxLineLength = options.maxLineLength ?? 1 << 20;
  const gzip = await startsWith(file, GZIP_MAGIC);
  const raw = createReadStream(file);
  const stream = gzip ? raw.pipe(createGunzip()) : raw;
  raw.on('error', (error) => stream.destroy(error));
  stream.setEncoding('utf8');
  let partial = '';
  let line = 1;
  let batch: string[] = [];
  let first = 1;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let text = partial + chunk;
      if (line === 1 && batch.length === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        batch.push(text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end));
        start = end + 1;
        line++;
        if (batch.length >= batchLines) {
          yield { first, lines: batch };
          first = line;
          batch = [];
        }
      }
      partial = text.slice(start);
      if (partial.length > maxLineLength) throw new HeapInputError(`line is longer than ${maxLineLength} characters`, { file, line });
    }
  } catch (error) {
    if (error instanceof HeapInputError) throw error;
    throw inputFileError(error, file, line);
  }
  if (partial.length > 0) batch.push(partial.endsWith('\r') ? partial.slice(0, -1) : partial);
  if (batch.length > 0) yield { first, lines: batch };
}

async function startsWith(file: string, magic: readonly number[]): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw inputFileError(error, file);
  }
  try {
    const buffer = Buffer.alloc(magic.length);
    const { bytesRead } = await handle.read(buffer, 0, magic.length, 0);
    return bytesRead === magic.length && magic.every((byte, i) => buffer[i] === byte);
  } finally {
    await handle.close();
  }
}
