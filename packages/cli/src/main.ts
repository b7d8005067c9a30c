/**
 * The entry point: runs the command line and turns every error into an exit status. This is
 * the only place that catches errors (bad input prints one located line, no stack trace).
 */
import { CommanderError } from 'commander';
import { isHeapInputError } from '@heaplab/core';
import { buildProgram } from './cli.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { processOutput, type Output } from './io/output.js';

/** Runs `heaplab` with these arguments; resolves to the exit status. */
export async function main(args: readonly string[], output: Output = processOutput): Promise<ExitCode> {
  let status: ExitCode = EXIT.ok;
  const program = buildProgram(output, (code) => {
    status = code;
  });
  try {
    // With no arguments heaplab runs its demo, the quickest way to see what it does.
    await program.parseAsync(args.length === 0 ? ['demo'] : [...args], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed its message; help and version are not errors.
      return error.exitCode === 0 ? EXIT.ok : EXIT.input;
    }
    if (isHeapInputError(error)) {
      output.err(`heaplab: ${error.message}\n`);
      return EXIT.input;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    output.err(`heaplab: internal error (please report it with the command you ran):\n${detail}\n`);
    return EXIT.internal;
  }
}
