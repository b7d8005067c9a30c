/**
 * Where a command's text goes. Commands write through this instead of `process.stdout`, so
 * tests can capture it and only the entry point touches the process.
 */
import { heaplabInvocation } from './invocation.js';

/** Where a command writes, and what it knows of the terminal and of how heaplab was started. */
export interface Output {
  /** Normal output (results). */
  out(text: string): void;
  /** Normal output as bytes, exactly as given (a recorded script's own output). Absent: `out` of their UTF-8 text. */
  outBytes?(bytes: Uint8Array): void;
  /** Diagnostics. */
  err(text: string): void;
  /** Where progress bars go: the standard error stream when it is a terminal, else null (none). */
  readonly progressStream: NodeJS.WritableStream | null;
  /** With no terminal for a bar: how often long work says how far it got on `err`. Absent: never. */
  readonly heartbeat?: Heartbeat;
  /**
   * How the user runs heaplab here (`pnpm heaplab`, `npx heaplab`, …), for the commands the text
   * suggests. Absent: `heaplab`. (`--json` always gives commands as `heaplab …`.)
   */
  readonly invocation?: string;
}

/** The interval and the clock of progress lines written when there is no terminal. */
export interface Heartbeat {
  readonly everyMs: number;
  /** Milliseconds from any fixed point. */
  readonly now: () => number;
}

/** Milliseconds between progress lines on a standard error that is not a terminal. */
export const HEARTBEAT_MS = 10_000;

const terminal = process.stderr.isTTY === true;
/** `HEAPLAB_PROGRESS=off`: no bar and no progress lines (for logs that must hold only results). */
const progressOff = process.env.HEAPLAB_PROGRESS === 'off';

/** Output to the process's standard streams. */
export const processOutput: Output = {
  out: (text) => void process.stdout.write(text),
  outBytes: (bytes) => void process.stdout.write(bytes),
  err: (text) => void process.stderr.write(text),
  progressStream: terminal && !progressOff ? process.stderr : null,
  ...(terminal || progressOff ? {} : { heartbeat: { everyMs: HEARTBEAT_MS, now: () => performance.now() } }),
  get invocation() {
    return heaplabInvocation();
  },
};
