/**
 * Free bytes and the longest free run over the events, per area, as an SVG line chart. Its plot
 * spans the whole picture from left to right, as the heap maps below it do, so that a column of
 * the page is the same moment in the chart and in every map; the tick labels sit inside the plot.
 */
import { niceTicks } from '@heaplab/analysis';
import type { ReportData } from './report-data.js';

/** The picture's size in user units; the page scales it to the maps' width. */
export const TIMELINE_WIDTH = 760;
const HEIGHT = 200;
/** Room above the plot (the MemoryError label) and below it (the event ticks and legend). */
const TOP = 14;
const BOTTOM = 36;
const AREA_COLOURS = ['#2858b8', '#1a7f37', '#8250df', '#bf8700'];

/** The chart, with the failure marked by a red line. */
export function timelineSvg(data: ReportData): string {
  const samples = data.samples;
  const top = Math.max(1, ...data.areas.map((a) => a.bytes));
  const bottom = HEIGHT - BOTTOM;
  const x = (event: number): number => (TIMELINE_WIDTH * event) / Math.max(1, data.events);
  const y = (bytes: number): number => bottom - ((bottom - TOP) * bytes) / top;
  const paths: string[] = [];
  data.areas.forEach((_, area) => {
    const colour = AREA_COLOURS[area % AREA_COLOURS.length]!;
    const line = (pick: (s: (typeof samples)[number]) => number): string =>
      samples.map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.event).toFixed(1)},${y(pick(s)).toFixed(1)}`).join('');
    paths.push(`<path d="${line((s) => s.areas[area]!.freeBytes)}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    paths.push(`<path d="${line((s) => s.areas[area]!.largestFreeRunBytes)}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
  });
  const yTicks = niceTicks(0, top)
    .map(
      (bytes) =>
        `<line class="y-tick" x1="0" x2="${TIMELINE_WIDTH}" y1="${y(bytes).toFixed(1)}" y2="${y(bytes).toFixed(1)}" stroke="#d0d7de" stroke-width="0.5"/><text x="3" y="${(y(bytes) - 2).toFixed(1)}" font-size="10" fill="#57606a">${bytes} B</text>`,
    )
    .join('');
  const xTicks = niceTicks(0, data.events, 6)
    .map((event) => {
      const at = x(event);
      const anchor = at < 20 ? 'start' : at > TIMELINE_WIDTH - 20 ? 'end' : 'middle';
      return `<line class="x-tick" x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${bottom}" y2="${bottom + 4}" stroke="#888"/><text x="${at.toFixed(1)}" y="${bottom + 14}" font-size="10" text-anchor="${anchor}" fill="#57606a">${event}</text>`;
    })
    .join('');
  const failure =
    data.failure === null
      ? ''
      : `<line x1="${x(data.failure.event).toFixed(1)}" x2="${x(data.failure.event).toFixed(1)}" y1="${TOP - 4}" y2="${bottom}" stroke="#d1242f" stroke-width="1.5"/><text x="${(x(data.failure.event) - 4).toFixed(1)}" y="${TOP + 8}" text-anchor="end" fill="#d1242f" font-size="11">MemoryError</text>`;
  const axis = `<line x1="0" x2="${TIMELINE_WIDTH}" y1="${bottom}" y2="${bottom}" stroke="#888"/>`;
  const legend = data.areas.map((_, area) => `<tspan fill="${AREA_COLOURS[area % AREA_COLOURS.length]}">area ${area}</tspan>`).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" id="timeline" role="img" aria-label="free bytes and longest free run over time" width="${TIMELINE_WIDTH}" height="${HEIGHT}" viewBox="0 0 ${TIMELINE_WIDTH} ${HEIGHT}" preserveAspectRatio="none" font-family="sans-serif">${yTicks}${axis}${xTicks}${paths.join('')}${failure}<text x="${TIMELINE_WIDTH / 2}" y="${HEIGHT - 4}" font-size="11" text-anchor="middle">event → · ${legend} · solid: free, dashed: longest run</text></svg>`;
}
