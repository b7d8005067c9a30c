/**
 * @heaplab/core: a deterministic, event-sourced model of MicroPython's garbage-collected heap.
 *
 * Make a heap with `createHeap(config)`, feed it events with `apply`/`applyAll`, read it with
 * the statistics, text and hash functions. Every function is pure: same input, same output.
 */

// Configuration
export { resolveConfig, configInput, defaultAreaStart, MAX_REGION_BYTES, DEFAULT_SMALL_BYTES } from './config.js';
export type { HeapConfig, HeapConfigInput, AreaInput, AreaPolicy, AreaPolicyInput } from './config.js';
export { DEFAULT_MPY_VERSION, modelledAs, unknownVersionMessage, versionProfile } from './profile.js';
export type { VersionProfile, VersionProfileName } from './profile.js';
export { layoutArea, regionBytesForBlocks } from './geometry.js';
export type { AreaGeometry, AreaLayoutInput } from './geometry.js';

// Events and outcomes
export { EVENT_FORMAT_VERSION } from './events.js';
export type {
  HeapEvent,
  HeapEventOp,
  AllocEvent,
  FreeEvent,
  ReallocEvent,
  RootEvent,
  RefEvent,
  CollectEvent,
  ThresholdEvent,
  ControlEvent,
  ObjectId,
  DumpKind,
} from './events.js';
export type { Outcome, Placement, CollectReason, CollectReport, MemoryErrorFacts, RejectCode } from './outcomes.js';
export { collectionOf } from './collection-of.js';

// State and engine
export { createHeap } from './create-heap.js';
export type { HeapState, HeapObject, ObjectRef, GcControl } from './state.js';
export { apply, applyAll, openDraft } from './apply.js';
export type { Applied, AppliedAll, EngineDraft } from './apply.js';
export { getObject, objectsById, objectsByAddress } from './objects.js';
export { gcNbytes } from './ftb-overrun.js';

// Block tables (read access)
export { FREE, HEAD, TAIL, kindAt, forEachLeaf, forEachFreeRun } from './block-table/index.js';
export type { BlockKind, BlockTable } from './block-table/index.js';

// Strategies
export { strategyFor, strategyNames } from './strategies/registry.js';
export type { Strategy, PlacementRequest, FreeRuns } from './strategies/strategy.js';
export type { MicroPythonHints } from './strategies/micropython.js';
export type { Rover } from './strategies/next-fit.js';
export { strategySpec, parseStrategySpec } from './strategies/spec.js';
export { areaOrder } from './strategies/area-order.js';
export type { AreaOrder } from './strategies/area-order.js';

// Statistics, text, hash
export { gcInfo, memFree, memAlloc, areaFree } from './stats.js';
export type { GcInfo, AreaFree } from './stats.js';
export { memInfoText, gcDumpInfo, dumpAllocTable, DUMP_BLOCKS_PER_LINE } from './mem-info.js';
export type { MemInfoOptions, DumpOptions } from './mem-info.js';
export { stateHash } from './hash.js';

// Errors
export { HeapInputError, isHeapInputError } from './errors.js';
export type { InputLocation } from './errors.js';

// The .ops scenario language
export { parseOps } from './ops/parse-ops.js';
export type { OpsScript, OpsCommand } from './ops/parse-ops.js';
export { runOps } from './ops/run-ops.js';
export type { OpsOptions, OpsRun } from './ops/run-ops.js';

// Heap dumps
export { parseMemInfo } from './parse-mem-info.js';
export type { MemInfoDump, MemInfoArea, MemInfoLines } from './parse-mem-info.js';
export { memInfoLineKind } from './mem-info-lines.js';
export type { MemInfoLineKind } from './mem-info-lines.js';
export { heapFromMemInfo } from './heap-from-mem-info.js';
export type { HeapFromMemInfoOptions } from './heap-from-mem-info.js';
export { statsDisagreements } from './heap-from-mem-info.js';
export type { StatDisagreement } from './heap-from-mem-info.js';

// Fragmentation
export { FREE_RUN_BUCKETS, externalFragmentation, heapFragmentation, listFreeRuns } from './fragmentation.js';
export type { AreaFragmentation, FreeRun, FreeRunBucket, HeapFragmentation } from './fragmentation.js';

// Metrics
export { requestFit } from './metrics/request-fit.js';
export type { RequestFit, HeapRequestFit } from './metrics/request-fit.js';
export { createRunMeter } from './metrics/run-meter.js';
export type { RunMeter, RunMeterOptions, RunMetrics, RunSample, AreaSample, FirstFailure, InternalWaste } from './metrics/run-meter.js';
export { LiveTally } from './metrics/live-tally.js';
export { measureRun } from './metrics/measure-run.js';
export type { MeasureRunOptions, MeasuredRun } from './metrics/measure-run.js';
export { smallestSafeHeap } from './metrics/smallest-safe-heap.js';
export type { SmallestSafeHeapOptions, SafeHeap, SafeHeapTrial } from './metrics/smallest-safe-heap.js';

// Would one more allocation fit?
export { wouldFit, wouldFitEach, unusedObjectId } from './would-fit.js';
export type { FitRequest, WouldFit, WouldFitEach } from './would-fit.js';

// Python objects: the allocations each makes
export { ARRAY_TYPECODES, parseAllocationRequest, requestText } from './allocation-request.js';
export type { AllocationRequest, ArrayTypecode, PythonObjectForm } from './allocation-request.js';
export { pythonAllocations } from './python-allocations.js';
export type { PlannedAllocation } from './python-allocations.js';

// Sizes as a workload spec and `--fits` write them: `512`, `4k`, `2m`
export { sizeTextBytes } from './size-text.js';

/** Counts in messages: `1 byte`, `2 bytes`. */
export { plural } from './plural.js';
/** Shares in messages and tables: `12.3%`. */
export { percent } from './percent.js';
/** The known name a typo most likely meant, for "did you mean" in messages. */
export { nearestName } from './nearest-name.js';

// Compact event storage
export { EventLog } from './event-log.js';
export type { ChunkStore, EventSequence, NumberSequence } from './event-log.js';
