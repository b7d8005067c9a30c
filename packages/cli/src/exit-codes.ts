/**
 * Exit statuses of the heaplab command (also listed in `heaplab --help` and the README).
 */
export const EXIT = {
  /** It ran and there was nothing to report as a failure. */
  ok: 0,
  /** It ran and found what it looks for (a MemoryError in a replay; `inspect --fits`: it would not fit). */
  found: 1,
  /** Bad input: a command line, file or value heaplab cannot use. Nothing was written. */
  input: 2,
  /** A bug in heaplab itself. */
  internal: 3,
  /** `--verify`: the engine did something other than the device recorded. */
  diverged: 4,
  /**
   * The trace was cut short (a gzip stream that broke off; with --skip-bad-lines, a last line the
   * file ends inside of), or a capture ends inside a snapshot (`ingest`), or a dump's map is cut
   * off (`inspect` without `--fits` or `--force`): the results cover the lines before the cut,
   * and nothing in them called for 1 or 4. Not 0, so that a run on part of a trace never passes for a run on all of it.
   */
  truncated: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
