/**
 * A file's last line with no line end that does not decode: most likely the capture was cut
 * short while it was being written. Without `--skip-bad-lines` its error says so, and what to
 * do (the CLI's advice unless the reader gives its own: the web page has no such switch); with
 * it, the trace is read as cut after the line before.
 */
import { HeapInputError } from '@heaplab/core';
import type { InputCut, LineBatch } from '../sources/line-batches.js';

/** Whether line `i` of `batch` is the file's last line and the file ends inside it. */
export function isUnendedLast(batch: LineBatch, i: number): boolean {
  return batch.unended === true && i === batch.starts.length - 1;
}

/** What the error tells the user to do, unless the reader says otherwise: the CLI's `replay` switch. */
const CLI_CUT_ADVICE = 'replay with --skip-bad-lines to use the lines before it';

/**
 * The line's decoding error, with what it most likely means and `advice`: how to use the lines
 * before it (a first line has none before it: its error stands alone).
 */
export function unendedLineError(error: HeapInputError, advice: string = CLI_CUT_ADVICE): HeapInputError {
  if (error.location.line === undefined || error.location.line <= 1) return error;
  return new HeapInputError(`${error.detail}; the file ends inside this line (cut short?): ${advice}`, error.location);
}

/** The cut at an unended last line `line` that does not decode. */
export function unendedCut(line: number): InputCut {
  return { afterLine: line - 1, reason: `the file ends inside line ${line}` };
}
