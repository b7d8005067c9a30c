/**
 * A capture's snapshots as a chart (uPlot): free bytes, the longest free run and bytes in use at
 * each snapshot, against the snapshot's number, with ticked axes. Each snapshot is a point (a
 * capture holds what was printed, nothing between). A red line marks a snapshot taken at a
 * MemoryError, a dark one the snapshot shown below; a click picks the nearest snapshot.
 */
import type { IngestSnapshot } from '@heaplab/analysis';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { chartFigure, verticalLine } from './chart-figure.js';

/** The chart on the page, and how to move its line. */
export interface SnapshotChart {
  readonly element: HTMLElement;
  /** Draws the chosen snapshot's line at `index`. */
  mark(index: number): void;
}

const MEASURES = [
  { label: 'free bytes', colour: '#1a7f37', value: (s: IngestSnapshot) => s.freeBytes },
  { label: 'longest free run', colour: '#0969da', value: (s: IngestSnapshot) => s.largestFreeRunBytes },
  { label: 'bytes in use', colour: '#8250df', value: (s: IngestSnapshot) => s.usedBytes },
] as const;
const HEIGHT = 220;

/** The chart of `snapshots`; `pick` is told the index of a clicked snapshot. */
export function snapshotChart(snapshots: readonly IngestSnapshot[], pick: (index: number) => void): SnapshotChart {
  const { figure, box } = chartFigure('At each snapshot: ', MEASURES, 'snapshot-chart');

  const last = snapshots.length;
  let chosen: number | null = null;
  const vertical = (u: uPlot, index: number, colour: string): void => verticalLine(u, index + 1, colour);
  const options: uPlot.Options = {
    width: 600,
    height: HEIGHT,
    legend: { show: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: { x: { time: false, range: [0.5, last + 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(16, max)] } },
    axes: [
      { label: 'snapshot', labelSize: 18, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000], values: (_u, splits) => splits.map((v) => String(v)) },
      { label: 'bytes', labelSize: 18, size: 64, values: (_u, splits) => splits.map((v) => `${v} B`) },
    ],
    series: [{}, ...MEASURES.map((m) => ({ label: m.label, stroke: m.colour, width: 2, points: { show: true, size: 6 } }))],
    hooks: {
      draw: [
        (u) => {
          snapshots.forEach((s, i) => {
            if (s.failure !== null) vertical(u, i, '#cf222e');
          });
          if (chosen !== null) vertical(u, chosen, '#1f2328');
        },
      ],
    },
  };
  const data: uPlot.AlignedData = [snapshots.map((_, i) => i + 1), ...MEASURES.map((m) => snapshots.map(m.value))];
  const plot = new uPlot(options, data, box);
  let width = -1;
  new ResizeObserver(() => {
    if (box.clientWidth === width) return;
    width = box.clientWidth;
    plot.setSize({ width: Math.max(200, width), height: HEIGHT });
  }).observe(box);
  plot.over.addEventListener('click', () => {
    const left = plot.cursor.left;
    if (left === undefined || left < 0) return;
    pick(Math.max(0, Math.min(last - 1, Math.round(plot.posToVal(left, 'x')) - 1)));
  });
  return {
    element: figure,
    mark(index) {
      chosen = index;
      plot.redraw(false, false);
    },
  };
}
