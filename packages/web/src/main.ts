/**
 * The page: the paste view, the trace view, and the current result as JSON.
 */
import { startDumpView } from './dump-view.js';
import { startTraceView } from './trace-view.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const json = byId<HTMLPreElement>('result-json');
const tooltip = byId('tooltip');
const showJson = (text: string): void => {
  json.textContent = text;
};

startDumpView({
  input: byId('dump-input'),
  fits: byId('fits-input'),
  force: byId('fits-force'),
  result: byId('dump-result'),
  error: byId('dump-error'),
  tooltip,
  onJson: showJson,
});

startTraceView({
  input: byId('trace-input'),
  drop: byId('trace-drop'),
  progress: byId('trace-progress'),
  status: byId('trace-status'),
  error: byId('trace-error'),
  result: byId('trace-result'),
  tooltip,
  onJson: showJson,
});
