/**
 * The diagnosis a replay report carries: the causes of its MemoryError, worked out from boot. It
 * is made only when the engine reproduced the failure on every event: not on a gap's guesswork,
 * nor from a dump's heap (`fromDump`), where the history before the dump is unknown, nor once the
 * replay stopped matching the device before the failure. It describes the report's MemoryError or
 * nothing: when the engine's first failed request is another one, there is none.
 */
import { diagnoseFailure, diagnoseRecording, type Diagnosis } from '@heaplab/analysis';
import type { Timeline } from '../pipelines/timeline.js';

/** The diagnosis of the timeline's failure; null when there is none to make. */
export function timelineDiagnosis(timeline: Timeline, fromDump = false): Diagnosis | null {
  const { report } = timeline;
  const error = report.memoryError;
  // An engine trace's failure (reproduced null) is the engine's own: there is nothing else it could fail.
  if (error === null || error.reproduced === false || error.divergedLine !== null || report.gaps.length > 0 || fromDump) return null;
  return firstFailureDiagnosis(timeline, error.event);
}

/**
 * The diagnosis of the first failed request among the timeline's events, as `diagnoseFailure`
 * makes it over them; null when none fails, or (given `event`) when the first is not that event.
 * A timeline built with `diagnose` kept its record in the replay's pass, so this makes no pass of
 * its own, unless that record cannot stand for a replay of the events from boot: after a gap the
 * replay picked up again from the device's own figures.
 */
export function firstFailureDiagnosis(timeline: Timeline, event?: number): Diagnosis | null {
  const recorder = timeline.failureRecorder;
  if (recorder === null || recorder.abandoned || timeline.report.gaps.length > 0) {
    const diagnosis = diagnoseFailure(timeline.config, timeline.events, { lines: timeline.lines, marks: timeline.marks });
    return event === undefined || diagnosis?.failure.event === event ? diagnosis : null;
  }
  const recording = recorder.recording;
  if (recording === null || (event !== undefined && recording.failure.event !== event)) return null;
  return diagnoseRecording(recording);
}
