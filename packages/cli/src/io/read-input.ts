/**
 * Reading a user's text (a file, or standard input), with errors that say which input and
 * what went wrong.
 */
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { HeapInputError } from '@heaplab/core';
import { inputFileError } from '@heaplab/replay';

/** Largest text input read whole (scripts, dumps); traces are streamed instead. */
const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** What standard input is called in messages. */
export const STDIN_NAME = '<stdin>';

/** Standard input, or a stand-in for it. */
export type InputStream = Readable & { readonly isTTY?: boolean };

/** The file's text (UTF-8). Throws `HeapInputError` naming the file when it cannot be used. */
export async function readInputText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw inputFileError(error, file);
  }
  return checkedText(bytes, file);
}

/** All of standard input as text, with the same limits as a file. */
export async function readStdinText(stdin: InputStream): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    size += bytes.length;
    if (size > MAX_TEXT_BYTES) throw tooLarge(STDIN_NAME);
    chunks.push(bytes);
  }
  return checkedText(Buffer.concat(chunks), STDIN_NAME);
}

function checkedText(bytes: Buffer, name: string): string {
  if (bytes.length > MAX_TEXT_BYTES) throw tooLarge(name);
  if (bytes.includes(0)) throw new HeapInputError('this is a binary file, not text', { file: name });
  return bytes.toString('utf8');
}

function tooLarge(name: string): HeapInputError {
  return new HeapInputError(`larger than ${MAX_TEXT_BYTES / 1048576} MiB`, { file: name });
}
