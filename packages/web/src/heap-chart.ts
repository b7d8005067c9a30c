/**
 * The heap over time as a chart (uPlot): free bytes, the longest free run and live bytes against
 * the event number, with ticked axes. Each pixel column of the plot shows the minimum and maximum
 * its events reached (a band between two lines), never a sample; it is recomputed when the chart
 * is resized. A red line marks the failed request, a dark one the scrubber's event; a click picks
 * an event for the scrubber.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { columnsOf, HEAP_MEASURES, type HeapSeries } from '@heaplab/analysis';
import { chartFigure, verticalLine } from './chart-figure.js';

/** The chart on the page, and how to move its event line. */
export interface HeapChart {
  readonly element: HTMLElement;
  /** Draws the scrubber's line at `event`. */
  mark(event: number): void;
  /** What the plot shows now: the columns' events, then each measure's least and most per column (`columnsOf`). */
  drawn(): uPlot.AlignedData;
}

/** Each measure's band, its colour a quarter opaque (as the report's). */
const MEASURES = HEAP_MEASURES.map((m) => ({ ...m, fill: `${m.colour}40` }));
const HEIGHT = 240;

/** The chart of `series`; `failed` is the failing event (null: none); `pick` is told a clicked event. */
export function heapChart(series: HeapSeries, failed: number | null, pick: (event: number) => void): HeapChart {
  const { figure, box } = chartFigure('Over the events, each pixel column from the least to the most its events reached: ', MEASURES, 'heap-chart');

  let scrubbed: number | null = null;
  const data = (columns: number): uPlot.AlignedData => {
    const { x, ranges } = columnsOf(series, columns);
    return [x, ...ranges.flatMap((r) => [r.min, r.max])];
  };
  const options: uPlot.Options = {
    width: 600,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: { x: { time: false, range: [0, Math.max(1, series.events)] }, y: { range: (_u, _min, max) => [0, Math.max(16, max)] } },
    axes: [
      { label: 'event', labelSize: 18, values: (_u, splits) => splits.map((v) => String(v)) },
      { label: 'bytes', labelSize: 18, size: 64, values: (_u, splits) => splits.map((v) => `${v} B`) },
    ],
    series: [
      {},
      ...MEASURES.flatMap((m) => [
        { label: `${m.label} (least)`, stroke: m.colour, width: 1, points: { show: false } },
        { label: `${m.label} (most)`, stroke: m.colour, width: 1, points: { show: false } },
      ]),
    ],
    bands: MEASURES.map((m, i) => ({ series: [2 * i + 2, 2 * i + 1] as [number, number], fill: m.fill })),
    hooks: {
      draw: [
        (u) => {
          if (failed !== null) verticalLine(u, failed, '#cf222e');
          if (scrubbed !== null) verticalLine(u, scrubbed, '#1f2328');
        },
      ],
    },
  };
  const plot = new uPlot(options, data(600), box);
  /** Fits the chart to its box, one column of data a pixel column of the plot. */
  const fit = (): void => {
    const width = Math.max(200, box.clientWidth);
    plot.setSize({ width, height: HEIGHT });
    plot.setData(data(Math.round(plot.bbox.width / uPlot.pxRatio)));
  };
  let width = -1;
  new ResizeObserver(() => {
    if (box.clientWidth === width) return;
    width = box.clientWidth;
    fit();
  }).observe(box);
  plot.over.addEventListener('click', () => {
    const left = plot.cursor.left;
    if (left === undefined || left < 0) return;
    pick(Math.max(0, Math.min(series.events, Math.round(plot.posToVal(left, 'x')))));
  });
  return {
    element: figure,
    mark(event) {
      scrubbed = event;
      plot.redraw(false, false);
    },
    drawn: () => plot.data,
  };
}
