/**
 * A file that cannot be read, as a located input error that says why in plain words.
 */
import { HeapInputError } from '@heaplab/core';

/** The `HeapInputError` for an error raised while opening or reading `file`. */
export function inputFileError(error: unknown, file: string, line?: number): HeapInputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file',
    EISDIR: 'is a directory',
    EACCES: 'permission denied',
    Z_BUF_ERROR: 'the gzip stream is cut short or corrupt',
    Z_DATA_ERROR: 'the gzip stream is cut short or corrupt',
  };
  // `-` is standard input where a command reads it; anywhere else it names no file.
  const stdin = file === '-' && code === 'ENOENT' ? 'standard input (-) is not read here; give a file' : undefined;
  const reason = stdin ?? (code === undefined ? undefined : reasons[code]) ?? (error instanceof Error ? error.message : String(error));
  return new HeapInputError(`cannot read: ${reason}`, { file, ...(line === undefined ? {} : { line }) });
}
