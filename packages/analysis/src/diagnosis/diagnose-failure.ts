/**
 * Why a run's first failed request failed, as patterns: the request grew, live data piled up, a
 * few small objects pin the free space, large temporaries peaked, or the heap is simply too
 * small. One pass over the events with one draft (see `recording.ts`); each detector reads that
 * pass's summaries and reports its cause only when its evidence holds (each module states its
 * rule and thresholds); `rank-causes.ts` puts the most explanatory first, and
 * `evidence-points.ts` keeps the numbers to draw the evidence with.
 */
import { areaFree, type EventSequence, type HeapConfig } from '@heaplab/core';
import { accumulation } from './accumulation.js';
import { lineOf } from './describe-object.js';
import type { Cause, DiagnoseOptions, DiagnosedFailure, Detected, Diagnosis } from './diagnosis.js';
import { evidencePoints } from './evidence-points.js';
import { explainedFailure, type ExplainedFailure } from '../explain/first-failure.js';
import { growingRequest } from './growing-request.js';
import { heapTooSmall } from './heap-too-small.js';
import { MarkCursor } from './marks.js';
import { pinning } from './pinning.js';
import { rankCauses } from './rank-causes.js';
import { recordUntilFailure, type Recording } from './recording.js';
import { transientPeak } from './transient-peak.js';

/** The first failed request of `events` on `config` and its causes; null when no request fails. */
export function diagnoseFailure(config: HeapConfig, events: EventSequence, options: DiagnoseOptions = {}): Diagnosis | null {
  const recording = recordUntilFailure(config, events, new MarkCursor(options.marks ?? []), options.lines ?? null);
  return recording === null ? null : diagnoseRecording(recording);
}

/**
 * The first failed request of `events` on `config` as `firstFailure` explains it (the objects in
 * the way, the heap's fragmentation) and as `diagnoseFailure` does (its causes), from the one pass
 * both make; null when no request fails.
 */
export function diagnoseFirstFailure(
  config: HeapConfig,
  events: EventSequence,
  options: DiagnoseOptions = {},
): { readonly failure: ExplainedFailure; readonly diagnosis: Diagnosis } | null {
  const recording = recordUntilFailure(config, events, new MarkCursor(options.marks ?? []), options.lines ?? null);
  if (recording === null) return null;
  const { event, outcome, state } = recording.failure;
  return { failure: explainedFailure(event, outcome, state), diagnosis: diagnoseRecording(recording) };
}

/** The diagnosis of a recorded pass (`recordUntilFailure`, `FailureRecorder`). */
export function diagnoseRecording(recording: Recording): Diagnosis {
  const failure = describeFailure(recording);
  const detectors = [growingRequest, accumulation, heapTooSmall, transientPeak, pinning];
  const detected = rankCauses(
    detectors.map((detect) => detect(recording, failure)).filter((found): found is Detected => found !== null),
    failure,
  );
  const causes = detected.map(({ allocations: _, requests: __, ...cause }) => cause as Cause);
  return {
    failure,
    causes,
    allocations: Object.fromEntries(detected.map((found) => [found.kind, found.allocations])),
    points: evidencePoints(recording, failure, detected),
  };
}

function describeFailure(recording: Recording): DiagnosedFailure {
  const { event, outcome, state } = recording.failure;
  const bpb = recording.config.blockBytes;
  const areas = areaFree(state);
  const label = recording.marks.marks.filter((m) => m.event <= event - 1).at(-1)?.label ?? null;
  return {
    event,
    line: lineOf(recording, event),
    op: outcome.op,
    bytes: outcome.facts.bytes,
    blocks: outcome.facts.blocks,
    mark: label,
    liveBytes: recording.heldBytes,
    freeBytes: outcome.facts.freeBytes,
    largestFreeBytes: Math.max(0, ...areas.map((a) => a.largestFreeRun)) * bpb,
    heapBytes: areas.reduce((sum, a) => sum + a.blocks, 0) * bpb,
  };
}
