/**
 * The "Compare strategies" panel under a replayed trace: its events run again under every
 * strategy (and, on a heap of several areas, on one area as large) in Web Workers, one a core
 * (at most 4), each cell as `heaplab compare` runs it, its smallest safe heap included (a dozen
 * replays more, so a bar shows the cells done). The panel's JSON holds the rows and the ranking
 * exactly as `heaplab compare TRACE --json` prints them.
 */
import { aggregateCell, bySurvival, compareTable, type CellResult, type CompareRow } from '@heaplab/analysis';
import type { CompareMessage, ComparePlan, CompareRequest } from './compare-messages.js';

/** The panel, and a way to stop its workers (another trace was chosen). */
export interface ComparePanel {
  readonly element: HTMLElement;
  readonly stop: () => void;
}

/** Workers for a comparison: one a core, at most 4. */
function workerCount(cells: number): number {
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1, cells));
}

/** The panel for `file`, with a button that starts the comparison. */
export function comparePanel(file: File): ComparePanel {
  const element = document.createElement('section');
  element.className = 'compare';
  const title = document.createElement('h3');
  title.textContent = 'Compare strategies';
  const button = document.createElement('button');
  button.type = 'button';
  button.dataset.testid = 'compare-button';
  button.textContent = 'Compare strategies';
  const progress = document.createElement('progress');
  progress.setAttribute('aria-label', 'cells compared');
  progress.hidden = true;
  const status = document.createElement('p');
  status.setAttribute('aria-live', 'polite');
  const box = document.createElement('div');
  box.className = 'table-box';
  const json = document.createElement('pre');
  json.dataset.testid = 'compare-json';
  json.hidden = true;
  element.append(title, button, progress, status, box, json);
  let workers: Worker[] = [];
  const stop = (): void => {
    for (const worker of workers) worker.terminate();
    workers = [];
  };
  const fail = (message: string): void => {
    stop();
    progress.hidden = true;
    status.textContent = message;
    status.className = 'error';
    button.disabled = false;
  };
  button.addEventListener('click', () => {
    button.disabled = true;
    status.className = '';
    status.textContent = 'reading the events…';
    // No value yet: the bar moves without saying how far, until the cells are known.
    progress.removeAttribute('value');
    progress.hidden = false;
    box.replaceChildren();
    json.textContent = '';
    const started = performance.now();
    const first = new Worker(new URL('./compare-worker.ts', import.meta.url), { type: 'module' });
    workers = [first];
    first.onmessage = (event: MessageEvent<CompareMessage>) => {
      const message = event.data;
      if (message.kind === 'error') fail(message.message);
      else if (message.kind === 'plan')
        run(message.plan, (rows) => {
          stop();
          progress.hidden = true;
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          status.textContent = `${rows.length} cells in ${seconds} s, ${workerCount(message.plan.cells.length)} at a time`;
          box.append(compareTableElement(rows));
          json.textContent = compareJson(message.plan, rows);
          button.disabled = false;
        });
    };
    first.postMessage({ kind: 'plan', file } satisfies CompareRequest);
  });

  /** Runs the plan's cells over the workers (the first, which made the plan, and more up to one a core), the next cell to whichever is free. */
  const run = (plan: ComparePlan, done: (rows: CompareRow[]) => void): void => {
    const results: (CellResult | undefined)[] = plan.cells.map(() => undefined);
    let next = 0;
    let finished = 0;
    progress.max = plan.cells.length;
    progress.value = 0;
    progress.hidden = false;
    status.textContent = `comparing ${plan.cells.length} cells, each with its smallest safe heap…`;
    const give = (worker: Worker): void => {
      if (next >= plan.cells.length) return;
      const index = next++;
      worker.postMessage({ kind: 'cell', file, index, cell: plan.cells[index]! } satisfies CompareRequest);
    };
    const listen = (worker: Worker): void => {
      worker.onmessage = (event: MessageEvent<CompareMessage>) => {
        const message = event.data;
        if (message.kind === 'error') return fail(message.message);
        if (message.kind !== 'cell') return;
        results[message.index] = message.result;
        progress.value = ++finished;
        status.textContent = `compared ${finished} of ${plan.cells.length} cells, each with its smallest safe heap…`;
        if (finished === plan.cells.length)
          return done(plan.cells.map((cell, i) => aggregateCell(cell.strategy, cell.layout?.label ?? plan.ownLayout, [results[i]!])));
        give(worker);
      };
    };
    for (let i = 1; i < workerCount(plan.cells.length); i++) workers.push(new Worker(new URL('./compare-worker.ts', import.meta.url), { type: 'module' }));
    for (const worker of workers) {
      listen(worker);
      give(worker);
    }
  };
  return { element, stop };
}

/** The rows and the ranking, as `heaplab compare TRACE --json` has them. */
function compareJson(plan: ComparePlan, rows: readonly CompareRow[]): string {
  const ranking = bySurvival(rows).map((row) => ({ strategy: row.strategy, layout: row.layout }));
  return JSON.stringify({ position: 'line', length: plan.length, ...(plan.truncated === null ? {} : { truncated: plan.truncated }), rows, ranking });
}

/** The table `heaplab compare` prints, in its words, the survivor first. */
function compareTableElement(rows: readonly CompareRow[]): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'snapshots';
  table.dataset.testid = 'compare-table';
  const ranked = bySurvival(rows);
  const { header, body } = compareTable(ranked, 'line');
  const headRow = table.createTHead().insertRow();
  for (const text of header) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = text;
    headRow.append(th);
  }
  const tbody = table.createTBody();
  body.forEach((cells, i) => {
    const row = tbody.insertRow();
    if (ranked[i]!.failedRuns > 0) row.className = 'failed';
    for (const text of cells) row.insertCell().textContent = text;
  });
  return table;
}
