/**
 * A diagnosis' evidence as pictures, drawn from its points the same way for `heaplab report` and
 * the web page: the size of each request of the failing series over the run, and the bytes in
 * use after each collection against the heap's size, with the accumulation's line when that
 * cause was found. x is the trace line when the events came from a trace, else the event. A chart
 * that cannot be drawn is a sentence saying why.
 */
import { plural, type NumberSequence } from '@heaplab/core';
import type { Diagnosis } from '../diagnosis/diagnosis.js';
import { evidenceChartSvg, type EvidenceChart } from './evidence-chart.js';

/** One of a diagnosis' charts (an SVG element with its caption), or the sentence that stands in for it. */
export type EvidenceFigure =
  | { readonly kind: 'chart'; readonly id: string; readonly svg: string; readonly caption: string }
  | { readonly kind: 'none'; readonly id: string; readonly text: string };

/** The request-size chart and the live-bytes chart of `diagnosis`; `lines` gives each event's trace line (event n: `lines.at(n − 1)`) when there are lines. */
export function diagnosisFigures(diagnosis: Diagnosis, lines: NumberSequence | null): [EvidenceFigure, EvidenceFigure] {
  const place = (event: number): number => (lines === null ? event : (lines.at(event - 1) ?? event));
  const xAxis = lines === null ? 'event' : 'line';
  return [requestFigure(diagnosis, place, xAxis), collectionFigure(diagnosis, place, xAxis)];
}

type Place = (event: number) => number;

function requestFigure(diagnosis: Diagnosis, place: Place, xAxis: 'line' | 'event'): EvidenceFigure {
  const { failure } = diagnosis;
  const series = diagnosis.points.requests;
  if (series === null)
    return {
      kind: 'none',
      id: 'no-request-chart',
      text: 'No chart of request sizes: the failing request belongs to no growing series and no mark is in force at it, so it has no series of its own to draw.',
    };
  const points = series.events.map((event, i) => ({ x: place(event), y: series.bytes[i]! }));
  const count = points.length;
  const what =
    series.kind === 'growing-request'
      ? `the ${plural(count, 'request')} of the growing series${series.mark === undefined ? '' : ` under "${series.mark}"`}`
      : series.kind === 'object'
        ? `the ${plural(count, 'size')} the failing realloc's object was given, from its allocation`
        : `the ${plural(count, 'allocation')} under the failing request's mark "${series.mark}"`;
  const chart: EvidenceChart = {
    id: 'request-chart',
    description: `bytes of each request of the failing series, by ${xAxis}`,
    xAxis,
    from: points[0]!.x,
    to: place(failure.event),
    points,
    failure: { x: place(failure.event), y: failure.bytes },
  };
  return figure(chart, `Request size over the run: ${what}; the failing ${plural(failure.bytes, 'byte')} in red.`, count);
}

function collectionFigure(diagnosis: Diagnosis, place: Place, xAxis: 'line' | 'event'): EvidenceFigure {
  const { failure, causes } = diagnosis;
  const { events, liveBytes, trend } = diagnosis.points.collections;
  if (events.length === 0)
    return { kind: 'none', id: 'no-collection-chart', text: 'No chart of live bytes after each collection: no collection ran before the request failed.' };
  const points = events.map((event, i) => ({ x: place(event), y: liveBytes[i]! }));
  const accumulation = causes.find((c) => c.kind === 'accumulation');
  const slope =
    accumulation?.kind === 'accumulation'
      ? `${plural(accumulation.evidence.slopePerKiloEvent, 'byte')} per 1000 events${accumulation.evidence.slopePerMark === undefined ? '' : ` (${plural(accumulation.evidence.slopePerMark, 'byte')} per mark)`}`
      : null;
  const chart: EvidenceChart = {
    id: 'collection-chart',
    description: `bytes in use after each collection, by ${xAxis}, and the heap's size`,
    xAxis,
    from: points[0]!.x,
    to: Math.max(place(failure.event), points.at(-1)!.x),
    points,
    failure: { x: place(failure.event), y: null },
    reference: { y: failure.heapBytes, label: `heap ${failure.heapBytes} B` },
    ...(trend === null || slope === null
      ? {}
      : { trend: { from: { x: place(trend.fromEvent), y: trend.fromBytes }, to: { x: place(trend.toEvent), y: trend.toBytes }, label: `+${slope}` } }),
  };
  const line = slope === null ? '' : `; in orange, the accumulation's least-squares line: ${slope}`;
  return figure(
    chart,
    `Live bytes after each of the ${plural(events.length, 'collection')} (the bytes still in use once it swept), against the heap's usable ${plural(failure.heapBytes, 'byte')} (dashed)${line}.`,
    events.length,
  );
}

/** The chart with its caption, saying when only some of the points could be drawn. */
function figure(chart: EvidenceChart, caption: string, count: number): EvidenceFigure {
  const { svg, drawn } = evidenceChartSvg(chart);
  const thinned = drawn < count ? ` ${drawn} of the ${count} points are drawn: the lowest and the highest in each column of the chart.` : '';
  return { kind: 'chart', id: chart.id, svg, caption: caption + thinned };
}
