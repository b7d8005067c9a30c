/**
 * A diagnosis' evidence charts on the page, the very pictures `heaplab report` draws
 * (`diagnosisFigures`): each chart's SVG with its caption, or the sentence that stands in for it.
 */
import type { EvidenceFigure } from '@heaplab/analysis';

/** The figures side by side (one above the other on a narrow window), marked `testid`. */
export function evidenceFigures(figures: readonly EvidenceFigure[], testid: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'charts';
  box.dataset.testid = testid;
  for (const figure of figures) {
    if (figure.kind === 'none') {
      const note = document.createElement('p');
      note.className = 'no-chart';
      note.id = figure.id;
      note.textContent = figure.text;
      box.append(note);
      continue;
    }
    const element = document.createElement('figure');
    // Parsed as an SVG document (inert: nothing in it runs), then adopted into the page.
    const svg = new DOMParser().parseFromString(figure.svg, 'image/svg+xml').documentElement;
    const caption = document.createElement('figcaption');
    caption.textContent = figure.caption;
    element.append(document.importNode(svg, true), caption);
    box.append(element);
  }
  return box;
}
