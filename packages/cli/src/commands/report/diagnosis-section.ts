/**
 * The report's diagnosis: the causes `heaplab explain` ranks, and their evidence drawn from the
 * diagnosis' points — the size of each request of the failing series over the run, and the bytes
 * in use after each collection against the heap's size, with the accumulation's line when that
 * cause was found. x is the trace line when the events came from a trace, else the event.
 */
import type { Diagnosis } from '@heaplab/analysis';
import { plural } from '@heaplab/core';
import { escapeMarkup } from './escape-markup.js';
import { evidenceChartSvg, type EvidenceChart } from './evidence-chart.js';

/** The section's HTML for `diagnosis`; `lines` gives each event's trace line (event n: `lines[n − 1]`) when there are lines. */
export function diagnosisSection(diagnosis: Diagnosis, explain: string, lines: Int32Array | null): string {
  const { causes } = diagnosis;
  const list =
    causes.length === 0
      ? '<p id="causes">No pattern explains this failure: none of the causes heaplab looks for has evidence that holds.</p>'
      : `<ol id="causes">${causes.map((c) => `<li><strong>${escapeMarkup(c.kind)}</strong>: ${escapeMarkup(c.summary)}</li>`).join('')}</ol>`;
  const place = (event: number): number => lines?.[event - 1] ?? event;
  const xAxis = lines === null ? 'event' : 'line';
  return `<h2>Why it failed</h2><section id="diagnosis">${list}<div class="charts">${requestChart(diagnosis, place, xAxis)}${collectionChart(diagnosis, place, xAxis)}</div><p>The fixes, each proven by replaying the recording with the change made: <code>${escapeMarkup(explain)}</code></p></section>`;
}

type Place = (event: number) => number;

function requestChart(diagnosis: Diagnosis, place: Place, xAxis: 'line' | 'event'): string {
  const { failure } = diagnosis;
  const series = diagnosis.points.requests;
  if (series === null)
    return '<p class="no-chart" id="no-request-chart">No chart of request sizes: the failing request belongs to no growing series and no mark is in force at it, so it has no series of its own to draw.</p>';
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

function collectionChart(diagnosis: Diagnosis, place: Place, xAxis: 'line' | 'event'): string {
  const { failure, causes } = diagnosis;
  const { events, liveBytes, trend } = diagnosis.points.collections;
  if (events.length === 0)
    return '<p class="no-chart" id="no-collection-chart">No chart of live bytes after each collection: no collection ran before the request failed.</p>';
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
function figure(chart: EvidenceChart, caption: string, count: number): string {
  const { svg, drawn } = evidenceChartSvg(chart);
  const thinned = drawn < count ? ` ${drawn} of the ${count} points are drawn: the lowest and the highest in each column of the chart.` : '';
  return `<figure>${svg}<figcaption>${escapeMarkup(caption + thinned)}</figcaption></figure>`;
}
