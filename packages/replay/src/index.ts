/**
 * @heaplab/replay: RxJS pipelines that stream recorded events through the heaplab engine.
 */

// Pipelines
export { replayTrace } from './pipelines/replay-trace.js';
export type { ReplayOptions } from './pipelines/replay-trace.js';
export { buildTimeline, Timeline } from './pipelines/timeline.js';
export { minimizeTrace } from './pipelines/minimize-trace.js';
export type { MinimizedTrace, MinimizeOptions } from './pipelines/minimize-trace.js';
export { isEngineTrace, traceItems } from './pipelines/trace-items.js';
export { traceEvents } from './pipelines/trace-events.js';
export type { TraceEvents } from './pipelines/trace-events.js';
export type { TraceItemOptions } from './pipelines/trace-items.js';

// Engine traces and minimising
export { formatEngineTrace, ENGINE_TRACE_FORMAT, ENGINE_TRACE_VERSION } from './engine-trace/engine-trace-format.js';
export type { EngineTraceHeader } from './engine-trace/engine-trace-format.js';
export { decodeEngineHeader, decodeEngineEvent, isEngineTraceHeader } from './engine-trace/decode-engine-line.js';
export { minimizeFailure } from './minimize/minimize-failure.js';
export type { Minimized } from './minimize/minimize-failure.js';
export { ddmin } from './minimize/ddmin.js';
export type { DdminResult } from './minimize/ddmin.js';

// Operators
export { runEngine } from './operators/run-engine.js';
export type { EngineBatch } from './operators/run-engine.js';
export { decodeDeviceLines } from './operators/decode-device-lines.js';
export { toReplaySteps } from './operators/to-replay-steps.js';
export type { ReplayItem } from './operators/to-replay-steps.js';
export { replayOnEngine } from './operators/replay-on-engine.js';

// Sources
export { readTextLines } from './sources/read-text-lines.js';
export type { LineBatch, ReadLinesOptions } from './sources/read-text-lines.js';
export { inputFileError } from './sources/input-file-error.js';

// Explanations
export { explainFailure } from './explain/explain-failure.js';
export type { FailureExplanation, AreaFigures, Blocker } from './explain/explain-failure.js';
export { blockingObjects } from './explain/blocking-objects.js';
export type { BlockingWindow } from './explain/blocking-objects.js';

// Device traces
export { decodeDeviceLine } from './trace/decode-device-line.js';
export { decodeKnownLine } from './trace/decode-known-line.js';
export type { DeviceEvent, DeviceLine } from './trace/device-event.js';
export { DeviceMapper } from './trace/device-mapper.js';
export type { SweepMode } from './trace/device-mapper.js';
export type { ReplayStep, Recorded } from './trace/replay-step.js';
export type { ReplayReport, Divergence, ReplayMemoryError } from './trace/replay-checker.js';

// Device traces: lost events (gap lines) and full-map syncs
export type { ReplayGap } from './trace/gap-log.js';
export type { GapLine, SyncLine, SyncMapLine, SyncEndLine } from './trace/device-event.js';
export type { SyncObject } from './trace/sync-reader.js';

// Ingesting probe captures (framed mem_info(1) snapshots)
export { ingestCapture } from './ingest/ingest-capture.js';
export type { IngestReport, IngestSnapshot, SnapshotChange } from './ingest/ingest-capture.js';
export { extractSnapshots } from './ingest/extract-snapshots.js';
export type { CapturedSnapshot, DamagedSnapshot, ExtractedCapture } from './ingest/extract-snapshots.js';
export { readSeries } from './ingest/snapshot-series.js';
export type { SeriesPoint, SeriesArea, ReadSnapshot } from './ingest/snapshot-series.js';
export { freeRunChanges } from './ingest/free-run-changes.js';
export type { FreeRunChange, RunPlace } from './ingest/free-run-changes.js';
export { analyseFailure } from './ingest/memory-error-analysis.js';
export type { SnapshotFailure, SnapshotExplanation, SnapshotBlocker, FailureVerdict } from './ingest/memory-error-analysis.js';
export { readStartMarker, readEndMarker, SNAPSHOT_START, SNAPSHOT_END, SNAPSHOT_FORMAT_VERSION } from './ingest/snapshot-marker.js';
export type { SnapshotMarker } from './ingest/snapshot-marker.js';
