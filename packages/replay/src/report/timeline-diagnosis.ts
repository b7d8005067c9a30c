/**
 * The diagnosis a replay report carries: the causes of its MemoryError, worked out from boot. It
 * is made only when the engine reproduced the failure on every event: not on a gap's guesswork,
 * nor from a dump's heap (`fromDump`), where the history before the dump is unknown.
 */
import { diagnoseFailure, type Diagnosis } from '@heaplab/analysis';
import type { Timeline } from '../pipelines/timeline.js';

/** The diagnosis of the timeline's failure; null when there is none to make. */
export function timelineDiagnosis(timeline: Timeline, fromDump = false): Diagnosis | null {
  const { report } = timeline;
  if (report.memoryError?.reproduced !== true || report.gaps.length > 0 || fromDump) return null;
  return diagnoseFailure(timeline.config, timeline.events, { lines: timeline.lines, marks: timeline.marks });
}
