/**
 * One chart of a failure's evidence as inline SVG: bytes (y, from 0) against the place in the run
 * (x: trace lines, or events for a workload), one dot per point, with real axes (round ticks,
 * labelled in bytes and in lines or events), the failure marked in red, and optionally a
 * reference level (the heap's size) and a trend line. Too many points for the width are thinned
 * to the lowest and highest per unit of width (`thin-points.ts`), so the page stays small.
 */
import { escapeMarkup } from './escape-markup.js';
import { tickStep, niceTicks } from './nice-ticks.js';
import { thinPoints, type ChartPoint } from './thin-points.js';

/** The picture's size in user units; the page scales it down on a narrow window. */
export const CHART_WIDTH = 460;
const HEIGHT = 240;
const LEFT = 60;
const RIGHT = 14;
const TOP = 22;
const BOTTOM = 40;
/** The plot's width: one bucket of points per unit. */
export const PLOT_WIDTH = CHART_WIDTH - LEFT - RIGHT;
const COLOURS = { point: '#2858b8', failure: '#d1242f', reference: '#57606a', trend: '#bf5700', grid: '#d0d7de', text: '#57606a' };

export interface EvidenceChart {
  /** The SVG element's id. */
  readonly id: string;
  /** What the chart shows, for a screen reader. */
  readonly description: string;
  /** What x counts: trace lines or events. */
  readonly xAxis: 'line' | 'event';
  /** The x range drawn: from the first point to the failure. */
  readonly from: number;
  readonly to: number;
  readonly points: readonly ChartPoint[];
  /** The failed request: where (and at what size, when it is one of the points). */
  readonly failure: { readonly x: number; readonly y: number | null };
  readonly reference?: { readonly y: number; readonly label: string };
  readonly trend?: { readonly from: ChartPoint; readonly to: ChartPoint; readonly label: string };
}

/** The chart, and how many points it drew of how many. */
export function evidenceChartSvg(chart: EvidenceChart): { readonly svg: string; readonly drawn: number } {
  const low = chart.to > chart.from ? chart.from : chart.to - 1;
  const high = chart.to;
  const drawn = thinPoints(chart.points, low, high, PLOT_WIDTH);
  // Not Math.max(...points): a long run has more points than a call takes arguments.
  let most = Math.max(1, chart.failure.y ?? 0, chart.reference?.y ?? 0, chart.trend?.from.y ?? 0, chart.trend?.to.y ?? 0);
  for (const p of chart.points) most = Math.max(most, p.y);
  const yStep = tickStep(most, 4);
  const top = Math.ceil(most / yStep) * yStep;
  const bottom = HEIGHT - BOTTOM;
  const x = (at: number): string => (LEFT + (PLOT_WIDTH * (at - low)) / (high - low)).toFixed(1);
  const y = (bytes: number): string => (bottom - ((bottom - TOP) * bytes) / top).toFixed(1);
  const parts: string[] = [];
  for (let bytes = 0; bytes <= top; bytes += yStep) {
    parts.push(
      `<line class="y-tick" x1="${LEFT - 4}" x2="${LEFT + PLOT_WIDTH}" y1="${y(bytes)}" y2="${y(bytes)}" stroke="${bytes === 0 ? '#888' : COLOURS.grid}" stroke-width="${bytes === 0 ? 1 : 0.5}"/>`,
      `<text x="${LEFT - 6}" y="${(Number(y(bytes)) + 3.5).toFixed(1)}" font-size="10" text-anchor="end" fill="${COLOURS.text}">${bytes} B</text>`,
    );
  }
  for (const at of niceTicks(low, high, 4)) {
    const anchor = Number(x(at)) > LEFT + PLOT_WIDTH - 20 ? 'end' : 'middle';
    parts.push(
      `<line class="x-tick" x1="${x(at)}" x2="${x(at)}" y1="${bottom}" y2="${bottom + 4}" stroke="#888"/>`,
      `<text class="x-label" x="${x(at)}" y="${bottom + 15}" font-size="10" text-anchor="${anchor}" fill="${COLOURS.text}">${at}</text>`,
    );
  }
  parts.push(
    `<line x1="${LEFT}" x2="${LEFT}" y1="${TOP}" y2="${bottom}" stroke="#888"/>`,
    `<text x="${LEFT - 6}" y="${TOP - 10}" font-size="10" text-anchor="end" fill="${COLOURS.text}">bytes</text>`,
    `<text x="${LEFT + PLOT_WIDTH}" y="${HEIGHT - 6}" font-size="11" text-anchor="end">${chart.xAxis} →</text>`,
  );
  if (chart.reference !== undefined) {
    const at = y(chart.reference.y);
    parts.push(
      `<line class="reference" x1="${LEFT}" x2="${LEFT + PLOT_WIDTH}" y1="${at}" y2="${at}" stroke="${COLOURS.reference}" stroke-width="1.2" stroke-dasharray="5 3"/>`,
      `<text x="${LEFT + 4}" y="${(Number(at) - 3).toFixed(1)}" font-size="10" fill="${COLOURS.reference}">${escapeMarkup(chart.reference.label)}</text>`,
    );
  }
  parts.push(`<g class="points" fill="${COLOURS.point}" fill-opacity="0.75">${drawn.map((p) => `<circle cx="${x(p.x)}" cy="${y(p.y)}" r="2"/>`).join('')}</g>`);
  if (chart.trend !== undefined) {
    const { from, to, label } = chart.trend;
    parts.push(
      `<line class="trend" x1="${x(from.x)}" y1="${y(from.y)}" x2="${x(to.x)}" y2="${y(to.y)}" stroke="${COLOURS.trend}" stroke-width="2"/>`,
      `<text x="${LEFT + PLOT_WIDTH - 4}" y="${bottom - 6}" font-size="10" text-anchor="end" fill="${COLOURS.trend}">${escapeMarkup(label)}</text>`,
    );
  }
  const fx = x(chart.failure.x);
  parts.push(
    `<line class="failure" x1="${fx}" x2="${fx}" y1="${TOP - 4}" y2="${bottom}" stroke="${COLOURS.failure}" stroke-width="1"/>`,
    `<text x="${(Number(fx) - 4).toFixed(1)}" y="${TOP - 8}" font-size="10" text-anchor="end" fill="${COLOURS.failure}">MemoryError</text>`,
  );
  if (chart.failure.y !== null) parts.push(`<circle class="failed-request" cx="${fx}" cy="${y(chart.failure.y)}" r="4" fill="${COLOURS.failure}"/>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" id="${chart.id}" role="img" aria-label="${escapeMarkup(chart.description)}" width="${CHART_WIDTH}" height="${HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${HEIGHT}" font-family="sans-serif">${parts.join('')}</svg>`;
  return { svg, drawn: drawn.length };
}
