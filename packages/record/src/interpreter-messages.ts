/**
 * What the recorder's main thread and its interpreter thread tell each other.
 */

/** The run the interpreter thread is started with (its `workerData`). */
export interface InterpreterJob {
  /** The instrumented binary, compiled. */
  readonly module: WebAssembly.Module;
  /** The script's text. */
  readonly source: string;
  /** The script's name in its tracebacks (`<stdin>` for standard input). */
  readonly scriptName: string;
  /** Bytes of area 0 (the region `gc_init` gets). */
  readonly heapBytes: number;
  /** Bytes of each area added at start-up, in order. */
  readonly addedAreas: readonly number[];
  /** `gc.threshold` from the start, in bytes; null: off. */
  readonly threshold: number | null;
}

/** How the script ended. */
export type ScriptEnd =
  /** It ran to its end (or raised SystemExit). */
  | { readonly kind: 'ok' }
  /** An exception no one caught; `traceback` is what MicroPython printed for it. */
  | { readonly kind: 'exception'; readonly type: string; readonly traceback: string }
  /** The interpreter trapped (nlr_jump_fail: an exception it could not report, usually on a full heap). */
  | { readonly kind: 'trap'; readonly message: string };

/** Counts of what the trace holds. */
export interface TraceCounts {
  readonly lines: number;
  /** Allocations that succeeded. */
  readonly allocs: number;
  readonly collections: number;
  /** MemoryErrors raised (caught or not). */
  readonly memoryErrors: number;
}

/** One heap area as its `heap` line gives it. */
export interface RecordedArea {
  /** The region's bytes, tables (and for an added area its struct) included. */
  readonly bytes: number;
  /** Blocks in its pool. */
  readonly blocks: number;
}

/** A message from the interpreter thread. */
export type InterpreterMessage =
  /** Bytes the script printed. */
  | { readonly type: 'out'; readonly bytes: Uint8Array }
  /** Trace lines, each with its line end. */
  | { readonly type: 'trace'; readonly text: string }
  | { readonly type: 'done'; readonly end: ScriptEnd; readonly counts: TraceCounts; readonly areas: readonly RecordedArea[] };
