/**
 * @heaplab/replay: the trace formats, and the RxJS pipelines that stream them through the
 * heaplab engine and check it against what the device recorded.
 */

// Pipelines
export { replayTrace } from './pipelines/replay-trace.js';
export type { ReplayOptions } from './pipelines/replay-trace.js';
export { buildTimeline, Timeline, timelineOf } from './pipelines/timeline.js';
export type { TimelineOptions } from './pipelines/timeline.js';
export { buildBlobTimeline } from './pipelines/blob-timeline.js';
export { minimizeTrace } from './pipelines/minimize-trace.js';
export type { MinimizedTrace, MinimizeOptions } from './pipelines/minimize-trace.js';
export { firstLine, isEngineTrace, traceItems, traceItemsOf } from './pipelines/trace-items.js';
export { blobTraceEvents, traceEvents } from './pipelines/trace-events.js';
export type { TraceEvents } from './pipelines/trace-events.js';
export type { TraceItemOptions } from './pipelines/trace-items.js';

// `heaplab replay --json`'s object
export { badLinesJson, replayJson } from './report/replay-json.js';
export { memoryErrorLines } from './report/memory-error-lines.js';
export { firstFailureDiagnosis, timelineDiagnosis } from './report/timeline-diagnosis.js';
export type { MinimumHeap, StateView } from './report/replay-json.js';

// Engine traces
export { formatEngineTrace, ENGINE_TRACE_FORMAT, ENGINE_TRACE_VERSION } from './engine-trace/engine-trace-format.js';
export type { EngineTraceHeader, EngineTraceMark } from './engine-trace/engine-trace-format.js';
export { decodeEngineHeader, decodeEngineEvent, decodeEngineLine, isEngineTraceHeader } from './engine-trace/decode-engine-line.js';
export type { EngineLine } from './engine-trace/decode-engine-line.js';

// Operators
export { runEngine } from './operators/run-engine.js';
export type { EngineBatch } from './operators/run-engine.js';
export { decodeDeviceLines } from './operators/decode-device-lines.js';
export type { DeviceBatch } from './operators/decode-device-lines.js';
export { toReplaySteps } from './operators/to-replay-steps.js';
export type { ReplayItem } from './operators/to-replay-steps.js';
export { replayOnEngine } from './operators/replay-on-engine.js';

// Sources
export { readTextLines } from './sources/read-text-lines.js';
export { lineBatches } from './sources/line-batches.js';
export { readBlobLines } from './sources/read-blob-lines.js';
export type { ChunkSource, InputCut, LineBatch, ReadLinesOptions } from './sources/line-batches.js';
export { inputFileError } from './sources/input-file-error.js';

// Device traces
export { decodeDeviceLine } from './trace/decode-device-line.js';
export { decodeKnownLine } from './trace/decode-known-line.js';
export type { DeviceEvent, DeviceLine } from './trace/device-event.js';
export type { SweepMode } from './trace/device-mapper.js';
export type { ReplayStep, Recorded } from './trace/replay-step.js';
export type { ReplayReport, Divergence, ReplayMemoryError } from './trace/replay-checker.js';
export type { TraceMark } from './trace/trace-mark.js';
export type { MarkLine } from './trace/device-event.js';
export { LABEL_MAX_BYTES } from './trace/device-format.js';

// Device traces: lost events (gap lines) and full-map syncs
export type { ReplayGap } from './trace/gap-log.js';
export type { GapLine, SyncLine, SyncMapLine, SyncEndLine } from './trace/device-event.js';
export type { SyncObject } from './trace/sync-reader.js';
