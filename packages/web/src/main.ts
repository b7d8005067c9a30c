/**
 * The page: the paste view (and its link), the trace view, and the current result as JSON.
 */
import { startDumpView } from './dump-view.js';
import { startShareView } from './share-view.js';
import { startTraceView } from './trace-view.js';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const json = byId<HTMLPreElement>('result-json');
const tooltip = byId('tooltip');
const showJson = (text: string): void => {
  json.textContent = text;
};

const paste = { input: byId<HTMLTextAreaElement>('dump-input'), fits: byId<HTMLInputElement>('fits-input'), force: byId<HTMLInputElement>('fits-force') };
const dump = startDumpView({ ...paste, result: byId('dump-result'), error: byId('dump-error'), tooltip, onJson: showJson });
startShareView({ ...paste, button: byId('share-button'), link: byId('share-link'), status: byId('share-status') }, dump);

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
