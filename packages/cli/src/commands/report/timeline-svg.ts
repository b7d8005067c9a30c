/**
 * Free bytes, the longest free run and live bytes over the events as an SVG chart: the web page's
 * series (`heapSeries`) in its colours, each column of the plot a band from the least to the most
 * its events reached, never a sample. Its plot spans the whole picture from left to right, as the
 * heap maps below it do, so that a column of the page is the same moment in the chart and in
 * every map; the tick labels sit inside the plot.
 */
import { columnsOf, HEAP_MEASURES, type HeapSeries, niceTicks } from '@heaplab/analysis';

/** The picture's size in user units (one column of the series a unit); the page scales it to the maps' width. */
export const TIMELINE_WIDTH = 760;
const HEIGHT = 200;
/** Room above the plot (the MemoryError label) and below it (the event ticks and legend). */
const TOP = 14;
const BOTTOM = 36;

/** The chart of `series` on a heap of `heapBytes` bytes, with the failed request (`failure`, its event) marked by a red line. */
export function timelineSvg(series: HeapSeries, heapBytes: number, failure: number | null): string {
  const top = Math.max(1, heapBytes);
  const bottom = HEIGHT - BOTTOM;
  const x = (event: number): string => ((TIMELINE_WIDTH * event) / Math.max(1, series.events)).toFixed(1);
  const y = (bytes: number): string => (bottom - ((bottom - TOP) * bytes) / top).toFixed(1);
  const columns = columnsOf(series, TIMELINE_WIDTH);
  // A band's corners to the whole unit (a unit is a column, and at most a pixel): a small page.
  const corner = (at: number, bytes: number): string => `${Math.round(Number(x(at)))},${Math.round(Number(y(bytes)))}`;
  const bands = HEAP_MEASURES.map(({ colour }, m) => {
    const { min, max } = columns.ranges[m]!;
    const upper = columns.x.map((at, c) => corner(at, max[c]!));
    const lower = columns.x.map((at, c) => corner(at, min[c]!)).reverse();
    return `<path d="M${[...upper, ...lower].join('L')}Z" fill="${colour}" fill-opacity="0.25" stroke="${colour}" stroke-width="1"/>`;
  });
  const yTicks = niceTicks(0, top);
  const yLines = yTicks
    .map((bytes) => `<line class="y-tick" x1="0" x2="${TIMELINE_WIDTH}" y1="${y(bytes)}" y2="${y(bytes)}" stroke="#d0d7de" stroke-width="0.5"/>`)
    .join('');
  // The labels over the bands, on a white outline, so a band never hides one.
  const yLabels = yTicks
    .map(
      (bytes) =>
        `<text x="3" y="${(Number(y(bytes)) - 2).toFixed(1)}" font-size="10" fill="#57606a" stroke="#fff" stroke-width="3" paint-order="stroke">${bytes} B</text>`,
    )
    .join('');
  const xTicks = niceTicks(0, series.events, 6)
    .map((event) => {
      const at = Number(x(event));
      const anchor = at < 20 ? 'start' : at > TIMELINE_WIDTH - 20 ? 'end' : 'middle';
      return `<line class="x-tick" x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${bottom}" y2="${bottom + 4}" stroke="#888"/><text x="${at.toFixed(1)}" y="${bottom + 14}" font-size="10" text-anchor="${anchor}" fill="#57606a">${event}</text>`;
    })
    .join('');
  const failed =
    failure === null
      ? ''
      : `<line x1="${x(failure)}" x2="${x(failure)}" y1="${TOP - 4}" y2="${bottom}" stroke="#d1242f" stroke-width="1.5"/><text x="${(Number(x(failure)) - 4).toFixed(1)}" y="${TOP + 8}" text-anchor="end" fill="#d1242f" font-size="11">MemoryError</text>`;
  const axis = `<line x1="0" x2="${TIMELINE_WIDTH}" y1="${bottom}" y2="${bottom}" stroke="#888"/>`;
  const legend = HEAP_MEASURES.map(({ label, colour }) => `<tspan fill="${colour}">${label}</tspan>`).join(', ');
  return `<svg xmlns="http://www.w3.org/2000/svg" id="timeline" role="img" aria-label="free bytes, the longest free run and live bytes over the events, each column from the least to the most its events reached" width="${TIMELINE_WIDTH}" height="${HEIGHT}" viewBox="0 0 ${TIMELINE_WIDTH} ${HEIGHT}" preserveAspectRatio="none" font-family="sans-serif">${yLines}${axis}${xTicks}${bands.join('')}${yLabels}${failed}<text x="${TIMELINE_WIDTH / 2}" y="${HEIGHT - 4}" font-size="11" text-anchor="middle">event → · ${legend}: each column from the least to the most its events reached</text></svg>`;
}
