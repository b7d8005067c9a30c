/**
 * The paste view: a `mem_info(1)` dump in the text area is read as `heaplab inspect` reads it,
 * its statistics and one heap map per area are shown, and a request typed in the fits box is
 * answered on Enter. The result JSON is what `heaplab inspect - --json [--fits X]` prints for the
 * same text on standard input. A serial log with the probe's snapshots is read as `heaplab
 * ingest` reads it instead (the capture view), and the JSON is `heaplab ingest - --json`'s.
 */
import { extractSnapshots, ingestCapture, inspectDump, inspectJson, jsonLine, type FitsProbe, type InspectReport } from '@heaplab/analysis';
import { parseAllocationRequest, percent, plural, type AllocationRequest } from '@heaplab/core';
import { captureElements } from './capture-view.js';
import { heapMapElement } from './heap-map.js';
import { errorText } from './error-text.js';
import { factsList } from './facts-list.js';
import type { SharedPaste } from './share-link.js';

/** The name the CLI gives standard input: a paste is what `heaplab inspect -` (or `ingest -`) reads. */
const PASTE_NAME = '<stdin>';

/** The elements the view works in. */
export interface DumpViewElements {
  readonly input: HTMLTextAreaElement;
  readonly fits: HTMLInputElement;
  readonly force: HTMLInputElement;
  readonly result: HTMLElement;
  readonly error: HTMLElement;
  readonly tooltip: HTMLElement;
  /** Called with the result's JSON line ('' when there is none). */
  readonly onJson: (json: string) => void;
}

/** The view, as a link reads and writes it. */
export interface DumpView {
  /** The paste as it stands: its text, the fits question last answered, and --force. */
  current(): SharedPaste;
  /** Shows `paste` as if it had been pasted, typed and answered. */
  load(paste: SharedPaste): void;
  /** Says what went wrong in place of a result. */
  fail(message: string): void;
}

/** Wires the view: a paste (any input) is read at once; the fits box answers on Enter. */
export function startDumpView(elements: DumpViewElements): DumpView {
  const { input, fits, force, result, error } = elements;
  /** The request last answered (typed in the fits box and Enter). */
  let request: { readonly typed: string; readonly parsed: AllocationRequest } | null = null;
  const fail = (message: string): void => {
    error.textContent = message;
    error.hidden = false;
  };
  const update = (): void => {
    result.replaceChildren();
    error.hidden = true;
    if (input.value.trim() === '') {
      elements.onJson('');
      return;
    }
    try {
      const capture = extractSnapshots(input.value, PASTE_NAME);
      if (capture.format === 'probe') {
        const report = ingestCapture(input.value, PASTE_NAME);
        elements.onJson(jsonLine('ingest', report));
        if (request !== null)
          result.append(paragraph(`A capture is read as heaplab ingest reads it: the fits question (${request.typed}) is answered on a single dump.`, 'note'));
        result.append(...captureElements(report, capture, PASTE_NAME, elements.tooltip));
        return;
      }
      const report = inspectDump(input.value, PASTE_NAME, request?.parsed ?? null, force.checked);
      elements.onJson(jsonLine('inspect', inspectJson(report)));
      result.append(...reportElements(report, elements.tooltip));
    } catch (thrown) {
      elements.onJson('');
      fail(errorText(thrown));
    }
  };
  /** Answers the fits box's question (none when it is empty). */
  const ask = (): void => {
    const typed = fits.value.trim();
    if (typed === '') request = null;
    else {
      try {
        request = { typed, parsed: parseAllocationRequest(typed) };
      } catch (thrown) {
        fail(`--fits: ${errorText(thrown)}`);
        return;
      }
    }
    update();
  };
  input.addEventListener('input', update);
  force.addEventListener('change', update);
  fits.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    ask();
  });
  return {
    current: () => ({ text: input.value, fits: request?.typed ?? '', force: force.checked }),
    load(paste) {
      input.value = paste.text;
      fits.value = paste.fits;
      force.checked = paste.force;
      request = null;
      update();
      if (paste.fits.trim() !== '') ask();
    },
    fail,
  };
}

/** The statistics, the warnings, the fits answer and the maps of a report. */
function reportElements(report: InspectReport, tooltip: HTMLElement): HTMLElement[] {
  const { dump, state, stats, fragmentation } = report;
  const bpb = state.config.blockBytes;
  const doubtful = report.doubt !== null && !report.forced;
  const facts: [string, string][] = doubtful
    ? [
        [
          'map read',
          `${stats.total} bytes in ${plural(state.config.areas.length, 'area')}, ${bpb}-byte blocks${dump.blockBytes === undefined ? ' (assumed)' : ''}, ${plural(state.objectCount, 'object')}`,
        ],
        ...(dump.gc === undefined
          ? []
          : ([['printed', `GC: total ${dump.gc.total}, used ${dump.gc.used}, free ${dump.gc.free} bytes: the device's figures`]] as [string, string][])),
        [
          'not given',
          'used and free bytes, free runs, largest run and fragmentation: they depend on a map that cannot be trusted (the --force box gives them for the map as read)',
        ],
      ]
    : [
        [
          'heap',
          `${stats.total} bytes in ${plural(state.config.areas.length, 'area')}, ${bpb}-byte blocks${dump.blockBytes === undefined ? ' (assumed)' : ''}`,
        ],
        ['used', `${stats.used} bytes (${percent(stats.used / stats.total, 0)}) in ${plural(state.objectCount, 'object')}`],
        ['free', `${stats.free} bytes (${percent(stats.free / stats.total, 0)}) in ${plural(fragmentation.freeRuns, 'run')}`],
        [
          'largest run',
          fragmentation.largestFreeRunArea === null
            ? 'nothing is free'
            : `${plural(fragmentation.largestFreeRun, 'block')} (${fragmentation.largestFreeRun * bpb} bytes) in area ${fragmentation.largestFreeRunArea}: the largest request that fits`,
        ],
        ['fragmentation', `${percent(fragmentation.fragmentation, 0)} (1 − largest run / free)`],
      ];
  const out: HTMLElement[] = [factsList('dump-stats', facts)];
  const warnings = [
    ...(report.doubt === null
      ? []
      : [`${report.forced ? 'forced: the figures are of the map as read, which cannot be trusted' : 'the map cannot be trusted'}: ${report.doubt.reason}`]),
    ...(dump.strayLines.length > 0 ? [`lines ${dump.strayLines.join(', ')} inside the map are not part of it: skipped, and the map may be damaged`] : []),
    ...report.disagreements.map((d) => `line ${d.line}, ${d.field}: the printed statistics disagree with the map (${d.detail})`),
  ];
  for (const warning of warnings) out.push(paragraph(warning, 'warning'));
  if (report.fits !== null) out.push(paragraph(fitsSentence(report.fits), report.fits.ok ? 'fits ok' : 'fits fails', 'fits-answer'));
  const placed = placedBlocks(report.fits);
  dump.areas.forEach((a, area) => {
    out.push(heapMapElement({ area, address: a.address, blockBytes: bpb, map: a.map, highlight: placed.get(area) }, tooltip));
  });
  return out;
}

/** The fits answer in one sentence. */
function fitsSentence(fits: FitsProbe): string {
  const forced = fits.doubt === null ? '' : ` (forced on a map that cannot be trusted: ${fits.doubt.reason})`;
  const what = `${fits.request}: ${plural(fits.allocations.length, 'allocation')}, ${plural(fits.bytes, 'byte')} (${plural(fits.blocks, 'block')})`;
  if (fits.ok) {
    const where = fits.allocations
      .map((a) => (a.outcome === 'placed' ? `area ${a.area} block ${a.block}` : ''))
      .filter((w) => w !== '')
      .join(', ');
    return `${what} would fit${where === '' ? '' : `, at ${where} (green on the map)`}${forced}.`;
  }
  const failed = fits.allocations[fits.failed!]!;
  const why =
    fits.largestFreeRunArea === null
      ? 'nothing is free by then'
      : `the largest free run is ${plural(fits.largestFreeRun, 'block')} in area ${fits.largestFreeRunArea}, it needs ${failed.blocks}; ${fits.freeBytes} bytes are free in all`;
  return `${what} would fail at allocation ${fits.failed! + 1}, the ${failed.what} of ${plural(failed.bytes, 'byte')}: ${why}${forced}.`;
}

/** The blocks each area's placed allocations would take. */
function placedBlocks(fits: FitsProbe | null): Map<number, Set<number>> {
  const placed = new Map<number, Set<number>>();
  for (const a of fits?.allocations ?? []) {
    if (a.outcome !== 'placed') continue;
    const blocks = placed.get(a.area) ?? new Set<number>();
    for (let b = a.block; b < a.block + a.blocks; b++) blocks.add(b);
    placed.set(a.area, blocks);
  }
  return placed;
}

function paragraph(text: string, className: string, testid?: string): HTMLElement {
  const p = document.createElement('p');
  p.className = className;
  p.textContent = text;
  if (testid !== undefined) p.dataset.testid = testid;
  return p;
}
