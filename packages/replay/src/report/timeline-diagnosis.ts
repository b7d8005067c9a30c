/**
 * The diagnosis a replay report carries: the causes of its MemoryError, worked out from boot. It
 * is made only when the engine reproduced the failure on every event: not on a gap's guesswork,
 * nor from a dump's heap (`fromDump`), where the history before the dump is unknown, nor once the
 * replay stopped matching the device before the failure. It describes the report's MemoryError or
 * nothing: when the engine's first failed request is another one, there is none.
 */
import { diagnoseFailure, type Diagnosis } from '@heaplab/analysis';
import type { Timeline } from '../pipelines/timeline.js';

/** The diagnosis of the timeline's failure; null when there is none to make. */
export function timelineDiagnosis(timeline: Timeline, fromDump = false): Diagnosis | null {
  const { report } = timeline;
  const error = report.memoryError;
  if (error?.reproduced !== true || error.divergedLine !== null || report.gaps.length > 0 || fromDump) return null;
  const diagnosis = diagnoseFailure(timeline.config, timeline.events, { lines: timeline.lines, marks: timeline.marks });
  return diagnosis?.failure.event === error.event ? diagnosis : null;
}
