/** A directory a command writes its files into (`fuzz --out-dir`), with errors that name it. */
import { mkdir, stat } from 'node:fs/promises';
import { HeapInputError } from '@heaplab/core';
import { writeFailure } from './write-output.js';

/** Throws `HeapInputError` naming `dir` when it is not, and cannot become, a directory (check before the work). */
export async function checkOutputDir(dir: string, field: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(dir)).isDirectory();
  } catch (error) {
    // Not there yet is fine (it is made when needed); a path through a file is not.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new HeapInputError(`cannot create the directory: ${writeFailure(error)}`, { file: dir, field });
  }
  if (!isDirectory) throw new HeapInputError('is a file, not a directory', { file: dir, field });
}

/** Makes `dir` and its parents if need be. Throws `HeapInputError` naming it when it cannot. */
export async function makeOutputDir(dir: string, field: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new HeapInputError(`cannot create the directory: ${writeFailure(error)}`, { file: dir, field });
  }
}
