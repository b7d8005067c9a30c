/**
 * Reading a user's text file, with errors that say which file and what went wrong.
 */
import { readFile } from 'node:fs/promises';
import { HeapInputError } from '@heaplab/core';
import { inputFileError } from '@heaplab/replay';

/** Largest text input read whole (scripts, dumps); traces are streamed instead. */
const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** The file's text (UTF-8). Throws `HeapInputError` naming the file when it cannot be used. */
export async function readInputText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw inputFileError(error, file);
  }
  if (bytes.length > MAX_TEXT_BYTES) throw new HeapInputError(`file is larger than ${MAX_TEXT_BYTES / 1048576} MiB`, { file });
  if (bytes.includes(0)) throw new HeapInputError('this is a binary file, not text', { file });
  return bytes.toString('utf8');
}
