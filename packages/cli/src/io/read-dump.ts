/**
 * The dump's text: a file, or standard input when the name is `-` (a dump pasted into the
 * terminal or piped in).
 */
import type { Output } from './output.js';
import { readInputText, readStdinText, STDIN_NAME, type InputStream } from './read-input.js';

/** A dump's text and the name its messages use. */
export interface DumpText {
  readonly text: string;
  readonly name: string;
}

/**
 * Reads `file`, or all of `stdin` when `file` is `-` (on a terminal, `output.err` first says how
 * to end the paste). Throws `HeapInputError` naming the input when it cannot be used.
 */
export async function readDumpText(file: string, output: Output, stdin: InputStream): Promise<DumpText> {
  if (file !== '-') return { text: await readInputText(file), name: file };
  if (stdin.isTTY === true) output.err('heaplab: paste the micropython.mem_info(1) output, then press Ctrl-D on a line of its own\n');
  return { text: await readStdinText(stdin), name: STDIN_NAME };
}
