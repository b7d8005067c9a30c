/**
 * The capture view: a pasted serial log with the probe's snapshots, read as `heaplab ingest`
 * reads it. It shows what the capture holds, each MemoryError in ingest's words with its causes,
 * the snapshots over time (a chart and a table, the marks and restarts among them) and the heap
 * map of a chosen snapshot (a slider, a table row or a click on the chart chooses it).
 */
import {
  renderSnapshotFailure,
  visibleText,
  type AreaMap,
  type ExtractedCapture,
  type IngestReport,
  type IngestSnapshot,
  type SeriesMark,
} from '@heaplab/analysis';
import { percent, plural } from '@heaplab/core';
import { snapshotMaps } from './capture-maps.js';
import { causeList } from './cause-list.js';
import { factsList } from './facts-list.js';
import { heapMapView, type HeapMapView } from './heap-map.js';
import { sliderSection } from './slider-section.js';
import { snapshotChart } from './snapshot-chart.js';

/** A snapshot's name, as ingest gives it. */
const nameOf = (s: IngestSnapshot): string => (s.seq === null ? `snapshot ${s.index + 1}` : `seq ${s.seq}`);
const labelled = (s: IngestSnapshot): string => `${nameOf(s)}${s.label === null ? '' : ` "${visibleText(s.label)}"`}`;

/** The view of `report`, the capture `capture` (the same text, extracted) read; `file` names it in warnings. */
export function captureElements(report: IngestReport, capture: ExtractedCapture, file: string, tooltip: HTMLElement): HTMLElement[] {
  const { snapshots } = report;
  const detail = snapshotDetail(report, capture, tooltip, (index) => choose(index));
  const chart = snapshotChart(snapshots, (index) => choose(index));
  const table = snapshotTable(snapshots, report.marks, (index) => choose(index));
  const choose = (index: number): void => {
    detail.show(index);
    table.show(index);
    chart.mark(index);
  };
  const failures = snapshots.filter((s) => s.failure !== null);
  const out = [overview(report), ...warnings(report, file)];
  if (failures.length > 0)
    out.push(
      heading('MemoryErrors, as the snapshots show them'),
      failureList(failures, (index) => {
        choose(index);
        detail.element.scrollIntoView({ block: 'start' });
      }),
    );
  out.push(heading('The snapshots over time'), chart.element, table.element, detail.element);
  // The first MemoryError's heap, or the last snapshot's.
  choose((failures[0] ?? snapshots.at(-1)!).index);
  return out;
}

function overview(report: IngestReport): HTMLElement {
  const { snapshots, damaged } = report;
  const last = snapshots.at(-1)!;
  const what = report.capture === 'probe' ? "the heaplab probe's snapshots" : 'mem_info() output (no probe markers)';
  const marks = report.marks.length === 0 ? '' : ` and ${plural(report.marks.length, 'mark')}`;
  const skipped = damaged.length === 0 ? '' : `, ${damaged.length} damaged (skipped)`;
  const areas = last.areas.length === 0 ? 'no map' : plural(last.areas.length, 'area');
  const grows = last.maxNewSplit !== null && last.maxNewSplit > 0 ? `; the build can add areas (max new split ${last.maxNewSplit} bytes)` : '';
  const failures = snapshots.filter((s) => s.failure !== null).length;
  // A snapshot whose marker says it was taken at a MemoryError counts, though its figures could not be read (as ingest counts it).
  const unread = damaged.filter((d) => d.error !== null).length;
  const read = failures === 0 ? (unread === 0 ? 'no snapshot' : 'none read') : `${plural(failures, 'snapshot')} (below)`;
  const atError = unread === 0 ? read : `${read}; ${plural(unread, 'damaged snapshot')} taken at one, its figures not known`;
  return factsList('capture-stats', [
    ['capture', `${what}: ${plural(snapshots.length, 'snapshot')}${marks} read${skipped}, in ${plural(report.lines, 'line')}`],
    ['heap', `at the last snapshot: ${areas}, ${last.totalBytes} bytes of ${last.blockBytes}-byte blocks${grows}`],
    ['at a MemoryError', atError],
  ]);
}

/** The damaged snapshots and marks, as ingest warns of them. */
function warnings(report: IngestReport, file: string): HTMLElement[] {
  return [
    ...report.damaged.map((d) =>
      paragraph(
        `${file}:${d.line}: skipped a damaged snapshot${d.error === null ? '' : ` taken at a MemoryError (${d.error})`}: ${d.field === null ? '' : `${d.field}: `}${d.message}`,
        'warning',
      ),
    ),
    ...report.damagedMarks.map((d) => paragraph(`${file}:${d.line}: skipped a damaged mark: ${d.message}`, 'warning')),
  ];
}

/** Each MemoryError in ingest's words, its causes, what the snapshots cannot show, and a way to its heap. */
function failureList(failures: readonly IngestSnapshot[], show: (index: number) => void): HTMLElement {
  const list = document.createElement('div');
  list.dataset.testid = 'capture-failures';
  for (const s of failures) {
    const failure = s.failure!;
    const item = document.createElement('div');
    item.className = 'capture-failure';
    const text = document.createElement('pre');
    text.className = 'failure';
    text.textContent = renderSnapshotFailure(s, failure).join('\n');
    item.append(text);
    if (failure.causes.length === 0) item.append(paragraph('Why: no cause these snapshots can show.', 'why'));
    else {
      item.append(paragraph('Why, the most explanatory cause first:', 'why'));
      item.append(causeList(failure.causes));
    }
    if (failure.notShown.length > 0)
      item.append(paragraph(`Not shown by snapshots: ${failure.notShown.map((n) => `${n.kind} (${n.reason})`).join('; ')}.`, 'unseen'));
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `Show the heap at ${nameOf(s)}`;
    button.addEventListener('click', () => show(s.index));
    item.append(button);
    list.append(item);
  }
  return list;
}

/** The series as a table: a row a snapshot (its number a button that shows it), a mark or a restart. */
function snapshotTable(
  snapshots: readonly IngestSnapshot[],
  marks: readonly SeriesMark[],
  choose: (index: number) => void,
): { readonly element: HTMLElement; show(index: number): void } {
  const box = document.createElement('div');
  box.className = 'table-box';
  const table = document.createElement('table');
  table.className = 'snapshots';
  table.dataset.testid = 'capture-table';
  const head = table.createTHead().insertRow();
  for (const title of ['seq', 'ms', 'free bytes', 'longest run (blocks)', 'fragmentation', 'objects', 'label']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  const rows: HTMLTableRowElement[] = [];
  const cells = (row: HTMLTableRowElement, texts: readonly string[]): void => {
    for (const text of texts) row.insertCell().textContent = text;
  };
  const wide = (className: string, text: string, before: readonly string[] = []): void => {
    const row = body.insertRow();
    row.className = className;
    cells(row, before);
    const cell = row.insertCell();
    cell.colSpan = 7 - before.length;
    cell.textContent = text;
  };
  let session = 0;
  let next = 0;
  /** The rows of the marks that come before snapshot `index`, and of the restarts among them. */
  const marksBefore = (index: number): void => {
    for (; next < marks.length && (marks[next]!.after ?? -1) < index; next++) {
      const m = marks[next]!;
      if (m.session !== session) wide('restart', 'the device restarted (seq started again)');
      session = m.session;
      wide('mark', `mark: ${visibleText(m.label)}`, [String(m.seq), String(m.elapsedMs)]);
    }
  };
  for (const s of snapshots) {
    marksBefore(s.index);
    if (s.session !== session) wide('restart', 'the device restarted (seq started again)');
    session = s.session;
    const row = body.insertRow();
    if (s.failure !== null) row.className = 'failed';
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = String(s.seq ?? s.index + 1);
    button.setAttribute('aria-label', `show the heap at ${nameOf(s)}`);
    button.addEventListener('click', () => choose(s.index));
    row.insertCell().append(button);
    const perArea = s.areas.length > 1 ? ` (${s.areas.map((a) => a.largestFreeRun).join(' | ')})` : '';
    cells(row, [
      s.elapsedMs === null ? '-' : String(s.elapsedMs),
      String(s.freeBytes),
      `${s.largestFreeRun}${perArea}`,
      percent(s.fragmentation),
      s.objects === null ? '-' : String(s.objects),
      `${s.label === null ? '' : visibleText(s.label)}${s.failure === null ? '' : ' ← MemoryError'}`,
    ]);
    rows.push(row);
  }
  marksBefore(snapshots.length);
  box.append(table);
  return {
    element: box,
    show(index) {
      rows.forEach((row, i) => {
        if (i === index) row.setAttribute('aria-current', 'true');
        else row.removeAttribute('aria-current');
      });
    },
  };
}

/** The chosen snapshot: a slider over the series (`choose` is told where it moves), what the snapshot shows in one line, and its maps. */
function snapshotDetail(
  report: IngestReport,
  capture: ExtractedCapture,
  tooltip: HTMLElement,
  choose: (index: number) => void,
): { readonly element: HTMLElement; show(index: number): void } {
  const { snapshots } = report;
  const { section, slider, readout, maps } = sliderSection('snapshot', 'The heap at a snapshot (arrow keys: the one before or after):', snapshots.length - 1);
  let views: HeapMapView[] = [];
  let shownAreas: readonly AreaMap[] = [];
  const show = (index: number): void => {
    const s = snapshots[index]!;
    slider.value = String(index);
    const when = s.elapsedMs === null ? '' : ` at ${s.elapsedMs} ms`;
    const objects = s.objects === null ? 'no map (plain mem_info())' : plural(s.objects, 'object');
    readout.textContent = `${labelled(s)}${when} (line ${s.line}), snapshot ${index + 1} of ${snapshots.length}: ${s.freeBytes} bytes free, the longest run ${plural(s.largestFreeRun, 'block')} (${s.largestFreeRunBytes} bytes), fragmentation ${percent(s.fragmentation)}, ${objects}${s.failure === null ? '' : '; taken at a MemoryError (red: the objects in the way)'}`;
    const areas = snapshotMaps(capture, s);
    // Drawn in place while the areas stay as they were (focus and zoom stay); made anew when they change.
    if (areas.length === shownAreas.length && areas.every((a, i) => a.address === shownAreas[i]!.address && a.map.length === shownAreas[i]!.map.length))
      areas.forEach((area, i) => {
        views[i]!.set(area);
      });
    else {
      views = areas.map((area) => heapMapView(area, tooltip));
      maps.replaceChildren(...views.map((v) => v.element));
    }
    shownAreas = areas;
  };
  slider.addEventListener('input', () => choose(Number(slider.value)));
  return { element: section, show };
}

function heading(text: string): HTMLElement {
  const h = document.createElement('h3');
  h.textContent = text;
  return h;
}

function paragraph(text: string, className: string): HTMLElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  return p;
}
