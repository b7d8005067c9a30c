/**
 * The page: the paste view, the trace view, and the current result as JSON.
 */
import { startDumpView } from './dump-view.js';

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
