/** An `Output` that keeps what a command writes, for the tests that run a command in this process. */
import type { Output } from '../../src/io/output.js';

/** The output, and what was written to standard output and standard error so far. */
export function capturedOutput(): Output & { text: () => { out: string; err: string } } {
  let out = '';
  let err = '';
  return {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    progressStream: null,
    text: () => ({ out, err }),
  };
}
