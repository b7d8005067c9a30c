/**
 * Recording scripts: the instrumented binary is compiled once per recorder, and each script runs
 * on a fresh interpreter in a thread of its own, which a time limit can stop.
 */
import { Worker } from 'node:worker_threads';
import { HeapInputError } from '@heaplab/core';
import type { InterpreterJob, InterpreterMessage, RecordedArea, ScriptEnd, TraceCounts } from './interpreter-messages.js';
import { instrumentedWasm, type WasmCacheOptions } from './wasm-cache.js';
import { optimiseInWorkerThreads } from './worker-optimisation.js';

/** One recording's settings. */
export interface RecordOptions {
  /** Bytes of the heap (area 0, the region `gc_init` gets). Default 1 MiB, as the package's. */
  readonly heapBytes?: number;
  /** Bytes of each area added at start-up after area 0 (`gc_add`), in order. */
  readonly addedAreas?: readonly number[];
  /** `gc.threshold` in force from the start, in bytes; absent or null: off, the firmware default. */
  readonly threshold?: number | null;
  /** Seconds the script may run; 0: no limit. Default 60. */
  readonly timeoutSeconds?: number;
  /** Bytes of trace text the recording may give before the script is stopped; absent or 0: no limit. */
  readonly maxTraceBytes?: number;
  /** The script's name in its tracebacks, as `micropython NAME` prints it. Default `<stdin>`. */
  readonly scriptName?: string;
  /** Receives the script's output as it prints it. */
  readonly onOutput?: (bytes: Uint8Array) => void;
  /** Receives the trace, a piece at a time (whole lines, each with its line end). */
  readonly onTrace?: (text: string) => void;
}

/** How a recording ended: the script's own end, or stopped at the time limit or the trace's size limit. */
export type RecordingEnd = ScriptEnd | { readonly kind: 'timeout'; readonly seconds: number } | { readonly kind: 'trace-limit'; readonly bytes: number };

/** What a recording gave. */
export interface Recording {
  readonly end: RecordingEnd;
  /** What the trace holds (zero counts when the script was stopped). */
  readonly counts: TraceCounts;
  /** The heap's areas, in order (none when the script was stopped). */
  readonly areas: readonly RecordedArea[];
}

/** The smallest heap the interpreter starts on. */
export const MIN_HEAP_BYTES = 8192;
/** The smallest area added after area 0. */
export const MIN_ADDED_AREA_BYTES = 1024;
/** The largest heap or area, in bytes. */
export const MAX_HEAP_BYTES = 256 * 1024 * 1024;
const DEFAULT_HEAP_BYTES = 1024 * 1024;
const DEFAULT_TIMEOUT_SECONDS = 60;
const NO_COUNTS: TraceCounts = { lines: 0, allocs: 0, collections: 0, memoryErrors: 0 };

/** A recorder: the compiled interpreter, ready to record any number of scripts. */
export class Recorder {
  private constructor(
    private readonly module: WebAssembly.Module,
    /** Where the instrumented binary is cached. */
    readonly wasmFile: string,
  ) {}

  /** Opens a recorder, building the instrumented binary first if it is not cached. */
  static async open(options: WasmCacheOptions = {}): Promise<Recorder> {
    const wasm = await instrumentedWasm(options);
    return new Recorder(await WebAssembly.compile(new Uint8Array(wasm.bytes)), wasm.file);
  }

  /** Runs `source` on a fresh interpreter and records its GC events. */
  record(source: string, options: RecordOptions = {}): Promise<Recording> {
    const heapBytes = options.heapBytes ?? DEFAULT_HEAP_BYTES;
    const addedAreas = options.addedAreas ?? [];
    checkHeap(heapBytes, addedAreas);
    const timeout = options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
    const maxTraceBytes = options.maxTraceBytes ?? 0;
    const job: InterpreterJob = {
      module: this.module,
      source,
      scriptName: options.scriptName ?? '<stdin>',
      heapBytes,
      addedAreas,
      threshold: options.threshold ?? null,
    };
    optimiseInWorkerThreads();
    const worker = new Worker(workerUrl(), { workerData: job, stdout: false, stderr: false });
    return new Promise<Recording>((resolve, reject) => {
      let settled = false;
      let traceBytes = 0;
      const stopped = (end: RecordingEnd): void => {
        finish();
        void worker.terminate();
        resolve({ end, counts: NO_COUNTS, areas: [] });
      };
      const timer = timeout > 0 ? setTimeout(() => stopped({ kind: 'timeout', seconds: timeout }), timeout * 1000) : null;
      const finish = (): void => {
        settled = true;
        if (timer !== null) clearTimeout(timer);
      };
      worker.on('message', (message: InterpreterMessage) => {
        if (settled) return;
        if (message.type === 'out') options.onOutput?.(message.bytes);
        else if (message.type === 'trace') {
          traceBytes += Buffer.byteLength(message.text);
          if (maxTraceBytes > 0 && traceBytes > maxTraceBytes) stopped({ kind: 'trace-limit', bytes: maxTraceBytes });
          else options.onTrace?.(message.text);
        } else {
          finish();
          void worker.terminate();
          resolve({ end: message.end, counts: message.counts, areas: message.areas });
        }
      });
      worker.on('error', (error) => {
        if (settled) return;
        finish();
        reject(error);
      });
      worker.on('exit', (code) => {
        if (settled) return;
        finish();
        reject(new Error(`the interpreter thread stopped (exit code ${code}) before the script ended`));
      });
    });
  }
}

/**
 * Throws `HeapInputError` unless the interpreter can start on this heap: area 0 of at least
 * `MIN_HEAP_BYTES`, each added area of at least `MIN_ADDED_AREA_BYTES`, none over `MAX_HEAP_BYTES`.
 * `field` names the option the sizes came from.
 */
export function checkHeap(heapBytes: number, addedAreas: readonly number[], field = addedAreas.length > 0 ? '--areas' : '--heap'): void {
  checkSize(heapBytes, field, MIN_HEAP_BYTES);
  for (const bytes of addedAreas) checkSize(bytes, field, MIN_ADDED_AREA_BYTES);
}

function checkSize(bytes: number, field: string, min: number): void {
  if (!Number.isSafeInteger(bytes) || bytes < min || bytes > MAX_HEAP_BYTES)
    throw new HeapInputError(`expected a size from ${min} bytes to ${MAX_HEAP_BYTES / 1048576} MiB, got ${bytes}`, { field });
}

/** The interpreter thread's module: the built one, also when this file runs from the TypeScript sources. */
function workerUrl(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts') ? new URL('../dist/interpreter-worker.js', here) : new URL('./interpreter-worker.js', here);
}
