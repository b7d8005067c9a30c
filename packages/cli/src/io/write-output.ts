/**
 * Writing a result file atomically: the text goes to a temporary file beside the target, which
 * is then renamed over it, so a reader never sees half a file. An existing file is replaced
 * only when asked (`--force`). A command checks its output name before the work
 * (`checkOutputFile`), so a long run is not lost to a name that cannot be written, and never
 * writes over one of its inputs. A signal (Ctrl-C, kill, a closed terminal) during the write
 * removes the temporary file (`removeOnSignal`).
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HeapInputError } from '@heaplab/core';
import { removeOnSignal } from './remove-on-signal.js';

/**
 * Throws `HeapInputError` naming the file when `file` cannot be an output: standard output
 * (`-`), a directory, a name in no directory, one of the command's `inputs` (the same file by
 * device and inode, whatever the path; `--force` or not), or (without `force`) a file that exists.
 */
export async function checkOutputFile(file: string, force: boolean, inputs: readonly string[]): Promise<void> {
  if (file === '-') throw new HeapInputError('cannot write: standard output (-) is not written here; give a file name', { file });
  const parent = await statOrNull(dirname(file));
  if (parent === null) throw new HeapInputError('cannot write: no such directory', { file });
  if (!parent.isDirectory()) throw new HeapInputError(`cannot write: ${dirname(file)} is a file, not a directory`, { file });
  const existing = await statOrNull(file);
  if (existing?.isDirectory() === true) throw new HeapInputError('cannot write: is a directory; give a file name', { file });
  if (existing !== null) {
    for (const input of inputs) {
      const read = input === '-' ? null : await statOrNull(input);
      if (read !== null && read.dev === existing.dev && read.ino === existing.ino)
        throw new HeapInputError(
          `cannot write over ${input === file ? 'the input' : `the input ${input}`} being read, even with --force; give another output file`,
          { file },
        );
    }
  }
  if (!force && existing !== null) throw new HeapInputError('already exists; pass --force to replace it', { file });
}

/** Writes `text` to `file` atomically, after `checkOutputFile` (with the command's `inputs`). */
export async function writeOutputFile(file: string, text: string, force: boolean, inputs: readonly string[]): Promise<void> {
  await checkOutputFile(file, force, inputs);
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const release = removeOnSignal(temporary, file);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw new HeapInputError(`cannot write: ${writeFailure(error)}`, { file });
  } finally {
    release();
  }
}

/** Why a file could not be written, in plain words. */
export function writeFailure(error: unknown): string {
  const reasons: Record<string, string> = {
    ENOENT: 'no such directory',
    ENOTDIR: 'a part of the path is a file, not a directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    EISDIR: 'is a directory',
    EEXIST: 'a file of that name is in the way',
  };
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (code === undefined ? undefined : reasons[code]) ?? (error instanceof Error ? error.message : String(error));
}

async function statOrNull(file: string): Promise<Awaited<ReturnType<typeof stat>> | null> {
  try {
    return await stat(file);
  } catch {
    return null;
  }
}
