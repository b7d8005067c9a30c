/**
 * The report as one self-contained HTML page: styles, data, the web page's chart over the events
 * (uPlot and its style, `reportChart`) and the script that draws the map over time are all
 * inline, so it opens anywhere with no network.
 */
import type { ReportData } from './report-data.js';
import { compareTable, escapeMarkup, type CompareRow, type HeapSeriesJson } from '@heaplab/analysis';
import type { ReportChart } from './report-chart.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 24px auto; padding: 0 12px; max-width: 980px; color: #1f2328; overflow-wrap: break-word; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
pre { background: #f6f8fa; padding: 10px; overflow-x: auto; font-size: 12.5px; }
.wide { overflow-x: auto; }
svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 13px; } td, th { padding: 3px 8px; border-bottom: 1px solid #d0d7de; text-align: right; }
td:first-child, th:first-child { text-align: left; }
.map { display: flex; gap: 8px; align-items: flex-start; margin: 6px 0 14px; }
.map canvas { flex: 1 1 0; min-width: 0; max-width: 760px; margin-right: 24px; border: 1px solid #d0d7de; image-rendering: pixelated; height: 192px; cursor: crosshair; }
.map .label { flex: 0 0 120px; font-size: 12px; }
/* The chart's plot spans the maps' columns (inside their border): its y axis and label (82 pixels) sit left of them, its padding (25) right of them. */
#timeline { margin-left: 47px; max-width: 867px; }
@media (max-width: 640px) { .map { flex-direction: column; } .map .label { flex-basis: auto; } .map canvas { width: calc(100% - 107px); margin-left: 81px; flex-basis: auto; } #timeline { margin-left: 0; } }
#cursor { font-size: 13px; min-height: 1.4em; }
.failure { border-left: 4px solid #d1242f; padding-left: 12px; }
.charts { display: flex; flex-wrap: wrap; gap: 16px; margin: 12px 0; }
.charts figure { flex: 0 1 460px; min-width: 0; margin: 0; }
.charts figcaption { font-size: 12.5px; color: #57606a; }
`;

/** Draws the chart over the events (the page's, \`heaplabReportChart\`), then each area's fill over time on its canvas, and reports the sample under the pointer. */
const SCRIPT = `
const data = JSON.parse(document.getElementById('report-data').textContent);
const eventsChart = heaplabReportChart.mount(document.getElementById('timeline'), JSON.parse(document.getElementById('heap-series').textContent), data.failure === null ? null : data.failure.event);
const cursor = document.getElementById('cursor');
data.areas.forEach((area, a) => {
  const canvas = document.getElementById('map-' + a);
  const rows = data.samples[0].areas[a].fill.length;
  canvas.width = data.samples.length;
  canvas.height = rows;
  const ctx = canvas.getContext('2d');
  const image = ctx.createImageData(canvas.width, rows);
  data.samples.forEach((s, x) => {
    s.areas[a].fill.forEach((fill, y) => {
      const i = (y * canvas.width + x) * 4;
      const f = fill / 100;
      image.data[i] = Math.round(238 - 198 * f);
      image.data[i + 1] = Math.round(241 - 153 * f);
      image.data[i + 2] = Math.round(244 - 60 * f);
      image.data[i + 3] = 255;
    });
  });
  ctx.putImageData(image, 0, 0);
  canvas.addEventListener('mousemove', (e) => {
    const x = Math.min(data.samples.length - 1, Math.floor((e.offsetX / canvas.clientWidth) * data.samples.length));
    const s = data.samples[x];
    cursor.textContent = 'after event ' + s.event + ': ' + s.areas.map((v, i) => 'area ' + i + ' free ' + v.freeBytes + ' B, longest run ' + v.largestFreeRunBytes + ' B').join('; ');
  });
});
`;

export interface ReportHtmlParts {
  /** Lines of the failure and its explanation, as the terminal shows them. */
  readonly failureText: readonly string[];
  /** The heap map at the failure (an SVG document), or null. */
  readonly failureMap: string | null;
  /** The diagnosis section (causes and their evidence drawn), or '' when nothing failed. */
  readonly diagnosis: string;
  /** Free bytes, the longest free run and live bytes over the events (`heapSeries`), as the page's chart draws them. */
  readonly series: HeapSeriesJson;
  /** The page's chart, to inline. */
  readonly chart: ReportChart;
}

export function reportHtml(data: ReportData, parts: ReportHtmlParts): string {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  const series = JSON.stringify(parts.series);
  const maps = data.areas
    .map(
      (area, a) =>
        `<div class="map"><div class="label">area ${a}<br>${area.blocks} blocks<br>${area.bytes} bytes<br>top: block 0</div><canvas id="map-${a}"></canvas></div>`,
    )
    .join('\n');
  const failure =
    data.failure === null
      ? '<p id="failure">No request failed.</p>'
      : `<div class="failure" id="failure"><p><strong>MemoryError at event ${data.failure.event}${data.failure.line === null ? '' : ` (trace line ${data.failure.line})`}</strong>: memory allocation failed, allocating ${data.failure.facts.bytes} bytes</p><pre>${escapeMarkup(parts.failureText.join('\n'))}</pre>${parts.failureMap ?? ''}</div>`;
  const comparison =
    data.comparison === null
      ? ''
      : `<h2>The same events under every strategy</h2><div class="wide">${comparisonTable(data.comparison.rows, data.comparison.position)}</div><p>Each strategy replays the same events from an empty heap. On a device trace the collections come as drops (each object the device swept is dropped where it found it garbage, and each strategy collects when its heap must), so a first failure is given as the trace line of the failed request.</p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeMarkup(data.title)}</title><style>${STYLE}</style><style>${parts.chart.style}</style></head>
<body>
<h1>${escapeMarkup(data.title)}</h1>
${data.description.map((line) => `<p>${escapeMarkup(line)}</p>`).join('\n')}
<h2>Free memory over the events</h2>
<p>Free bytes, the longest free run and live bytes (what the live objects asked for) in the whole heap, after every event.</p>
<div id="timeline"></div>
<h2>The heap over time</h2>
<p>Each column is the heap after some event (left to right: the run), each row a slice of the area (top: its first block); the darker, the fuller. Point at a column to read it.</p>
${maps}
<div id="cursor"></div>
<h2>The failure</h2>
${failure}
${parts.diagnosis}
${comparison}
<script type="application/json" id="report-data">${json}</script>
<script type="application/json" id="heap-series">${series}</script>
<script>${parts.chart.script}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

/** The table `heaplab compare` prints, in its words and order. */
function comparisonTable(rows: readonly CompareRow[], position: string): string {
  const { header, body } = compareTable(rows, position);
  const cells = (tag: 'th' | 'td', texts: readonly string[]): string => `<tr>${texts.map((text) => `<${tag}>${escapeMarkup(text)}</${tag}>`).join('')}</tr>`;
  return `<table id="comparison">${cells('th', header)}${body.map((row) => cells('td', row)).join('')}</table>`;
}
