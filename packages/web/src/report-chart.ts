/**
 * The page's chart over the events for `heaplab report`: built alone (vite.report.config.ts) as
 * one script that defines `heaplabReportChart`, which the report inlines with uPlot's style, so
 * the report draws the events with the page's own component and stays one file that works offline.
 */
import { heapSeriesOfJson, type HeapSeriesJson } from '@heaplab/analysis';
import { heapChart, type HeapChart } from './heap-chart.js';

/** Draws the chart of `series` into `box` (replacing what it holds); `failed` is the failing event, or null. A click marks an event. */
export function mount(box: HTMLElement, series: HeapSeriesJson, failed: number | null): HeapChart {
  let chart: HeapChart | null = null;
  chart = heapChart(heapSeriesOfJson(series), failed, (event) => chart?.mark(event));
  box.replaceChildren(chart.element);
  return chart;
}
