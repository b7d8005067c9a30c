/**
 * @heaplab/record: records the full GC event log of a MicroPython script on the desk. The real
 * MicroPython v1.27.0 interpreter (npm's WebAssembly build), rewritten to collect like firmware
 * and hooked around its allocator, runs the script and writes a device trace
 * (docs/device-trace.md) that `heaplab replay` checks line for line.
 */
export { Recorder, checkHeap, MIN_HEAP_BYTES, MIN_ADDED_AREA_BYTES, MAX_HEAP_BYTES } from './recorder.js';
export type { RecordOptions, Recording, RecordingEnd } from './recorder.js';
export type { ScriptEnd, TraceCounts, RecordedArea } from './interpreter-messages.js';
export { TraceFile } from './trace-file.js';
export { instrumentedWasm, defaultCacheDir } from './wasm-cache.js';
export type { InstrumentedWasm, WasmCacheOptions } from './wasm-cache.js';
export { instrumentWasm, INSTRUMENT_VERSION } from './instrument-wasm.js';
export { RecordSetupError } from './record-setup-error.js';
export { MICROPYTHON_VERSION, KNOWN_WASM_SHA256, BYTES_PER_BLOCK } from './wasm-facts.js';
export { areaLayout } from './area-layout.js';
