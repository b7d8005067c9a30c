/**
 * Writing a result file atomically: the text goes to a temporary file beside the target, which
 * is then renamed over it, so a reader never sees half a file. An existing file is replaced
 * only when asked (`--force`).
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HeapInputError } from '@heaplab/core';

export async function writeOutputFile(file: string, text: string, force: boolean): Promise<void> {
  if (!force && (await exists(file))) throw new HeapInputError('already exists; pass --force to replace it', { file });
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, text, { flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new HeapInputError(
      `cannot write: ${code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : String((error as Error).message)}`,
      { file },
    );
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
