/**
 * A directory a command writes its files into (`fuzz --out-dir`), with errors that name it.
 * Missing directories are made one level at a time, not with `mkdir(…, {recursive: true})`:
 * Node's recursive mkdir never returns under a directory that refuses new entries (`/proc`).
 */
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { HeapInputError } from '@heaplab/core';
import { writeFailure } from './write-output.js';

/**
 * Throws `HeapInputError` naming `dir` when it is not, and cannot become, a directory (check
 * before the work). Whether a missing one can be made is tried: it is made, then removed again.
 */
export async function checkOutputDir(dir: string, field: string): Promise<void> {
  const made = await makeMissing(dir, field);
  for (const created of made.reverse()) await rmdir(created).catch(() => undefined);
}

/** Makes `dir` and its parents if need be. Throws `HeapInputError` naming it when it cannot. */
export async function makeOutputDir(dir: string, field: string): Promise<void> {
  await makeMissing(dir, field);
}

/** Makes the missing directories of `dir`, the outermost first; returns those it made. */
async function makeMissing(dir: string, field: string): Promise<string[]> {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const found = await statOrError(at);
    if (found === 'missing') {
      missing.unshift(at);
      if (dirname(at) === at) break;
      at = dirname(at);
      continue;
    }
    if (found instanceof Error) throw new HeapInputError(`cannot create the directory: ${writeFailure(found)}`, { file: dir, field });
    if (found.isDirectory()) break;
    throw new HeapInputError(at === dir ? 'is a file, not a directory' : `cannot create the directory: ${at} is a file, not a directory`, { file: dir, field });
  }
  const made: string[] = [];
  for (const next of missing) {
    try {
      await mkdir(next);
      made.push(next);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // Made meanwhile by someone else: fine. Missing although its parent is there: the parent takes no new entries (/proc).
      if (code === 'EEXIST' && (await isDirectory(next))) continue;
      const reason = code === 'ENOENT' ? `${dirname(next)} does not take new directories` : writeFailure(error);
      throw new HeapInputError(`cannot create the directory: ${reason}`, { file: dir, field });
    }
  }
  return made;
}

async function statOrError(path: string): Promise<Awaited<ReturnType<typeof stat>> | 'missing' | Error> {
  try {
    return await stat(path);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error);
  }
}

async function isDirectory(path: string): Promise<boolean> {
  const found = await statOrError(path);
  return found !== 'missing' && !(found instanceof Error) && found.isDirectory();
}
