/**
 * Where a command's text goes. Commands write through this instead of `process.stdout`, so
 * tests can capture it and only the entry point touches the process.
 */
export interface Output {
  /** Normal output (results). */
  out(text: string): void;
  /** Diagnostics. */
  err(text: string): void;
  /** Where progress bars go: the standard error stream when it is a terminal, else null (none). */
  readonly progressStream: NodeJS.WritableStream | null;
}

/** Output to the process's standard streams. */
export const processOutput: Output = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  progressStream: process.stderr.isTTY === true ? process.stderr : null,
};
