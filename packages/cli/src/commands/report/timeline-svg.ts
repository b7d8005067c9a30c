/** Free bytes and the longest free run over the events, per area, as an SVG line chart. */
import type { ReportData } from './report-data.js';

const WIDTH = 760;
const HEIGHT = 180;
const PAD = 40;
const AREA_COLOURS = ['#2858b8', '#1a7f37', '#8250df', '#bf8700'];

/** The chart, with the failure marked by a red line. */
export function timelineSvg(data: ReportData): string {
  const samples = data.samples;
  const top = Math.max(1, ...data.areas.map((a) => a.bytes));
  const x = (event: number): number => PAD + ((WIDTH - 2 * PAD) * event) / Math.max(1, data.events);
  const y = (bytes: number): number => HEIGHT - PAD + 10 - ((HEIGHT - PAD - 10) * bytes) / top;
  const paths: string[] = [];
  data.areas.forEach((_, area) => {
    const colour = AREA_COLOURS[area % AREA_COLOURS.length]!;
    const line = (pick: (s: (typeof samples)[number]) => number): string =>
      samples.map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.event).toFixed(1)},${y(pick(s)).toFixed(1)}`).join('');
    paths.push(`<path d="${line((s) => s.areas[area]!.freeBytes)}" fill="none" stroke="${colour}" stroke-width="1.5"/>`);
    paths.push(`<path d="${line((s) => s.areas[area]!.largestFreeRunBytes)}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
  });
  const failure =
    data.failure === null
      ? ''
      : `<line x1="${x(data.failure.event).toFixed(1)}" x2="${x(data.failure.event).toFixed(1)}" y1="10" y2="${HEIGHT - PAD + 10}" stroke="#d1242f" stroke-width="1.5"/><text x="${(x(data.failure.event) - 4).toFixed(1)}" y="20" text-anchor="end" fill="#d1242f" font-size="11">MemoryError</text>`;
  const axis = `<line x1="${PAD}" x2="${WIDTH - PAD}" y1="${HEIGHT - PAD + 10}" y2="${HEIGHT - PAD + 10}" stroke="#888"/><text x="${PAD}" y="${HEIGHT - 12}" font-size="11">event 0</text><text x="${WIDTH - PAD}" y="${HEIGHT - 12}" font-size="11" text-anchor="end">event ${data.events}</text><text x="4" y="16" font-size="11">${top} B</text>`;
  const legend = data.areas.map((_, area) => `<tspan fill="${AREA_COLOURS[area % AREA_COLOURS.length]}">area ${area}</tspan>`).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="free bytes and longest free run over time" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif">${axis}${paths.join('')}${failure}<text x="${WIDTH / 2}" y="${HEIGHT - 12}" font-size="11" text-anchor="middle">${legend} — solid: free, dashed: longest run</text></svg>`;
}
