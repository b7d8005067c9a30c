/**
 * The trace view: a trace chosen or dropped is replayed in a worker, with a progress bar; then
 * the page shows what the trace is, the MemoryError with its causes, their evidence drawn as
 * `heaplab report` draws it, and the heap when it happened, and the result JSON is `heaplab
 * replay FILE --json`'s line; a panel under it compares the strategies on the same events.
 */
import { causeList } from './cause-list.js';
import { comparePanel, type ComparePanel } from './compare-view.js';
import { evidenceFigures } from './evidence-figures.js';
import { heapChart } from './heap-chart.js';
import { heapMapElement } from './heap-map.js';
import { scrubber, type Scrubber } from './scrubber.js';
import type { ReplayMessage, ReplayRequest, ReplayResult } from './trace-messages.js';

/** The elements the view works in. */
export interface TraceViewElements {
  readonly input: HTMLInputElement;
  readonly drop: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly status: HTMLElement;
  readonly error: HTMLElement;
  readonly result: HTMLElement;
  readonly tooltip: HTMLElement;
  /** Called with the result's JSON line ('' while there is none). */
  readonly onJson: (json: string) => void;
}

/** Wires the view: a file chosen in the input or dropped on its box is replayed. */
export function startTraceView(elements: TraceViewElements): void {
  const { input, drop, progress, status, error, result } = elements;
  let worker: Worker | null = null;
  let scrub: Scrubber | null = null;
  let compare: ComparePanel | null = null;
  const start = (file: File): void => {
    worker?.terminate();
    compare?.stop();
    compare = null;
    scrub = null;
    const replaying = new Worker(new URL('./replay-worker.ts', import.meta.url), { type: 'module' });
    worker = replaying;
    result.replaceChildren();
    error.hidden = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = `${file.name}: replaying…`;
    elements.onJson('');
    replaying.onmessage = (event: MessageEvent<ReplayMessage>) => {
      const message = event.data;
      if (message.kind === 'state') {
        scrub?.show(message.frame);
        return;
      }
      if (message.kind === 'progress') {
        progress.value = message.read;
        status.textContent = `${file.name}: ${message.phase} (${Math.floor(message.read * 100)}% read)`;
        return;
      }
      progress.hidden = true;
      if (message.kind === 'error') {
        replaying.terminate();
        status.textContent = '';
        error.textContent = message.message;
        error.hidden = false;
        return;
      }
      status.textContent = `${file.name}: replayed in ${(message.result.ms / 1000).toFixed(1)} s${message.result.eventsOnDisk ? '; its events kept on this machine’s disk for the scrubber' : ''}`;
      result.append(...resultElements(message.result, elements.tooltip));
      // The worker keeps the replay: the scrubber asks it for the heap at any event.
      const { events, failedEvent, series } = message.result;
      const chart = heapChart(series, failedEvent, (event) => scrub?.go(event));
      scrub = scrubber(
        events,
        failedEvent ?? events,
        (request) => replaying.postMessage(request),
        elements.tooltip,
        (event) => chart.mark(event),
      );
      compare = comparePanel(file);
      result.append(chart.element, scrub.element, compare.element);
      elements.onJson(message.result.json);
    };
    replaying.postMessage({ kind: 'replay', file } satisfies ReplayRequest);
  };
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file !== undefined) start(file);
  });
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) start(file);
  });
}

function resultElements(result: ReplayResult, tooltip: HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [lines(result.summary, 'summary', 'trace-summary')];
  if (result.failure.length === 0) {
    out.push(block('p', 'No request failed.', 'ok'));
    return out;
  }
  out.push(lines(result.failure, 'failure', 'trace-failure'));
  if (result.causes.length > 0) {
    out.push(block('h3', 'Why, the most explanatory cause first'));
    out.push(causeList(result.causes, 'trace-causes'));
  }
  if (result.figures.length > 0) out.push(evidenceFigures(result.figures, 'trace-evidence'));
  if (result.maps.length > 0) {
    out.push(block('h3', 'The heap when the request failed (red: the objects in its way)'));
    for (const map of result.maps) out.push(heapMapElement(map, tooltip));
  }
  return out;
}

function lines(text: readonly string[], className: string, testid: string): HTMLElement {
  const pre = block('pre', text.join('\n'), className);
  pre.dataset.testid = testid;
  return pre;
}

function block(tag: string, text: string, className?: string): HTMLElement {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className !== undefined) element.className = className;
  return element;
}
