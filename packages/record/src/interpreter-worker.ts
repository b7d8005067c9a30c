/**
 * The interpreter thread: one fresh MicroPython per thread (the package keeps its instance in
 * `globalThis.Module`, and every worker has its own globals). It loads the package with the
 * instrumented binary in place of the stock one, runs the script in one `runPython()` call, and
 * sends the script's output and the trace lines to the main thread as they come.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GcObserver } from './gc-observer.js';
import type { HookImports } from './hook-imports.js';
import type { InterpreterJob, InterpreterMessage, ScriptEnd } from './interpreter-messages.js';
import { MarkFilter } from './mark-filter.js';
import { MARK_MODULE_SOURCE, MARK_MODULES } from './mark-module.js';
import { WASM_PACKAGE } from './wasm-facts.js';
import { WasmHeap } from './wasm-heap.js';

/** The part of the package's API the recorder uses. */
interface MicroPython {
  runPython(code: string): unknown;
  readonly FS: { mkdir(path: string): void; writeFile(path: string, text: string): void; analyzePath(path: string): { exists: boolean } };
}
interface MicroPythonPackage {
  loadMicroPython(options: {
    heapsize: number;
    pystack: number;
    linebuffer: boolean;
    stdout: (bytes: Uint8Array) => void;
    stderr: (bytes: Uint8Array) => void;
  }): Promise<MicroPython>;
}

/** Python stack words, the package's default. */
const PYSTACK_WORDS = 2048;
/** Output and trace text are sent in pieces of about this many bytes (and output at each line end). */
const CHUNK = 1 << 16;

const job = workerData as InterpreterJob;
const port = parentPort!;
const send = (message: InterpreterMessage): void => port.postMessage(message);

let trace: string[] = [];
let traceLength = 0;
const flushTrace = (): void => {
  if (trace.length === 0) return;
  send({ type: 'trace', text: trace.join('') });
  trace = [];
  traceLength = 0;
};
const observer = new GcObserver({
  addedAreas: job.addedAreas,
  threshold: job.threshold,
  emit(line) {
    trace.push(line, '\n');
    traceLength += line.length + 1;
    if (traceLength >= CHUNK) flushTrace();
  },
});

let out: number[] = [];
const flushOut = (): void => {
  if (out.length === 0) return;
  send({ type: 'out', bytes: Uint8Array.from(out) });
  out = [];
};
const printByte = (byte: number): void => {
  out.push(byte);
  if (byte === 10 || out.length >= CHUNK) flushOut();
};
const marks = new MarkFilter(printByte, (label) => observer.mark(label));
const print = (bytes: Uint8Array): void => marks.write(bytes);

// The package instantiates its binary with WebAssembly.instantiate; the instrumented module, with
// the recorder's hooks among its imports, takes its place.
const instantiate = WebAssembly.instantiate;
const instrumented = async (_source: unknown, imports?: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource> => {
  const hooks = observer.imports() as unknown as WebAssembly.ModuleImports & HookImports;
  const instance = await instantiate(job.module, { ...imports, heaplab: hooks });
  const exports = instance.exports as { memory: WebAssembly.Memory; malloc: (bytes: number) => number };
  observer.attach({ heap: new WasmHeap(exports.memory), malloc: exports.malloc });
  return { module: job.module, instance };
};
WebAssembly.instantiate = instrumented as unknown as typeof WebAssembly.instantiate;
let end: ScriptEnd;
try {
  const { loadMicroPython } = (await import(WASM_PACKAGE)) as MicroPythonPackage;
  const mp = await loadMicroPython({ heapsize: job.heapBytes, pystack: PYSTACK_WORDS, linebuffer: false, stdout: print, stderr: print });
  WebAssembly.instantiate = instantiate;
  // Only a script that names the module can import it; any other finds the file system as published.
  if (job.source.includes('heaplab')) installMarkModules(mp);
  end = run(mp);
} finally {
  WebAssembly.instantiate = instantiate;
}
flushOut();
flushTrace();
send({ type: 'done', end, counts: { ...observer.counts }, areas: observer.areas });

/**
 * The traceback with the script's frames under its name: the package runs the script's text as
 * `<stdin>` (its `runPython` takes no file name), where `micropython script.py` names the file.
 */
function scriptNamed(traceback: string): string {
  return traceback.replaceAll(/^ {2}File "<stdin>", line /gm, () => `  File "${job.scriptName}", line `);
}

/** `heaplab` and `heaplab_trace` in the interpreter's `/lib`, for `import heaplab`. */
function installMarkModules(mp: MicroPython): void {
  if (!mp.FS.analyzePath('/lib').exists) mp.FS.mkdir('/lib');
  for (const name of MARK_MODULES) mp.FS.writeFile(`/lib/${name}.py`, MARK_MODULE_SOURCE);
}

function run(mp: MicroPython): ScriptEnd {
  try {
    mp.runPython(job.source);
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof Error && error.name === 'PythonError') {
      const type = (error as Error & { type?: string }).type ?? 'Exception';
      if (type === 'SystemExit') return { kind: 'ok' };
      const traceback = scriptNamed(error.message.endsWith('\n') ? error.message : `${error.message}\n`);
      print(Buffer.from(traceback));
      return { kind: 'exception', type, traceback };
    }
    if (error instanceof WebAssembly.RuntimeError) return { kind: 'trap', message: error.message };
    throw error;
  }
}
