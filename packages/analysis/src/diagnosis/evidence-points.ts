/**
 * The points a failure's evidence is drawn from: the requests of the failing request's series
 * (size over time) and the bytes in use after each collection, with the accumulation's line when
 * that cause was found. Only numbers: drawing them is the caller's business.
 */
import type { Detected, DiagnosedFailure, EvidencePoints, RequestSeriesPoints, TrendLine } from './diagnosis.js';
import type { Recording } from './recording.js';
import { leastSquares } from './trend.js';

/** The points for `failure`, given the causes found (`detected`, each with its detector's extras). */
export function evidencePoints(recording: Recording, failure: DiagnosedFailure, detected: readonly Detected[]): EvidencePoints {
  const { events, usedBytes } = recording.collections;
  const accumulating = detected.some((d) => d.kind === 'accumulation');
  return {
    requests: requestSeries(recording, failure, detected),
    collections: { events: Array.from(events), liveBytes: Array.from(usedBytes), trend: accumulating ? trendLine(events, usedBytes) : null },
  };
}

/** The series the growing-request cause found; else the failing realloc's object; else the failing request's mark; else none. */
function requestSeries(recording: Recording, failure: DiagnosedFailure, detected: readonly Detected[]): RequestSeriesPoints | null {
  const growing = detected.find((d) => d.kind === 'growing-request');
  if (growing?.kind === 'growing-request' && growing.requests !== undefined) {
    const { mark } = growing.evidence;
    return { kind: 'growing-request', events: growing.requests.events, bytes: growing.requests.bytes, ...(mark === undefined ? {} : { mark }) };
  }
  const serial = recording.failure.serial;
  if (serial !== null) return { kind: 'object', ...requestsWhere(recording, failure, (i) => recording.requests.serial(i) === serial) };
  const mark = failure.mark;
  if (mark === null) return null;
  const { requests, marks } = recording;
  return { kind: 'mark', mark, ...requestsWhere(recording, failure, (i) => !requests.realloc(i) && marks.label(requests.mark(i)) === mark) };
}

/** The recorded requests that pass `keep`, then the failing request. */
function requestsWhere(recording: Recording, failure: DiagnosedFailure, keep: (index: number) => boolean): { events: number[]; bytes: number[] } {
  const { requests } = recording;
  const events: number[] = [];
  const bytes: number[] = [];
  for (let i = 0; i < requests.count; i++) {
    if (!keep(i)) continue;
    events.push(requests.event(i));
    bytes.push(requests.bytes(i));
  }
  events.push(failure.event);
  bytes.push(failure.bytes);
  return { events, bytes };
}

/** The least-squares line the accumulation detector fits, at the first and the last collection (bytes rounded). */
function trendLine(events: Float64Array, usedBytes: Float64Array): TrendLine {
  const line = leastSquares(events, usedBytes);
  const fromEvent = events[0]!;
  const toEvent = events[events.length - 1]!;
  const at = (event: number): number => Math.round(line.intercept + line.slope * event);
  return { fromEvent, fromBytes: at(fromEvent), toEvent, toBytes: at(toEvent) };
}
