/**
 * The report's diagnosis: the causes `heaplab explain` ranks, and their evidence drawn as the web
 * page draws it (`diagnosisFigures`).
 */
import { diagnosisFigures, escapeMarkup, type Diagnosis, type EvidenceFigure } from '@heaplab/analysis';
import type { NumberSequence } from '@heaplab/core';

/** The section's HTML for `diagnosis`; `lines` gives each event's trace line (event n: `lines.at(n − 1)`) when there are lines. */
export function diagnosisSection(diagnosis: Diagnosis, explain: string, lines: NumberSequence | null): string {
  const { causes } = diagnosis;
  const list =
    causes.length === 0
      ? '<p id="causes">No pattern explains this failure: none of the causes heaplab looks for has evidence that holds.</p>'
      : `<ol id="causes">${causes.map((c) => `<li><strong>${escapeMarkup(c.kind)}</strong>: ${escapeMarkup(c.summary)}</li>`).join('')}</ol>`;
  const charts = diagnosisFigures(diagnosis, lines).map(figureHtml).join('');
  return `<h2>Why it failed</h2><section id="diagnosis">${list}<div class="charts">${charts}</div><p>The fixes, each proven by replaying the recording with the change made: <code>${escapeMarkup(explain)}</code></p></section>`;
}

function figureHtml(figure: EvidenceFigure): string {
  return figure.kind === 'chart'
    ? `<figure>${figure.svg}<figcaption>${escapeMarkup(figure.caption)}</figcaption></figure>`
    : `<p class="no-chart" id="${figure.id}">${escapeMarkup(figure.text)}</p>`;
}
