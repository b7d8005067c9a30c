/** Runs the CLI in-process with captured output (no terminal: no progress bars, no colour). */
import { main } from '../../src/main.js';

export async function runCli(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(args, {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
    progressStream: null,
  });
  return { status, out, err };
}
