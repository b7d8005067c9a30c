/** The frame of a chart: a figure whose caption keys each measure by its colour, the box the chart is drawn in, and a marker line across it. */
import uPlot from 'uplot';
import './chart-figure.css';

/** A measure as its key shows it. */
export interface ChartKey {
  readonly label: string;
  readonly colour: string;
}

/** A figure captioned `intro` and the measures' keys, around an empty box marked `testid`. */
export function chartFigure(intro: string, keys: readonly ChartKey[], testid: string): { readonly figure: HTMLElement; readonly box: HTMLDivElement } {
  const figure = document.createElement('figure');
  figure.className = 'heap-chart';
  const caption = document.createElement('figcaption');
  caption.append(intro);
  for (const k of keys) {
    const key = document.createElement('span');
    key.className = 'key';
    key.style.setProperty('--key', k.colour);
    key.textContent = k.label;
    caption.append(key, ' ');
  }
  const box = document.createElement('div');
  box.className = 'chart-box';
  box.dataset.testid = testid;
  figure.append(caption, box);
  return { figure, box };
}

/** Draws a vertical line of `colour` across the plot of `u` at `x` on its x scale. */
export function verticalLine(u: uPlot, x: number, colour: string): void {
  const at = Math.round(u.valToPos(x, 'x', true));
  u.ctx.save();
  u.ctx.strokeStyle = colour;
  u.ctx.lineWidth = uPlot.pxRatio;
  u.ctx.beginPath();
  u.ctx.moveTo(at, u.bbox.top);
  u.ctx.lineTo(at, u.bbox.top + u.bbox.height);
  u.ctx.stroke();
  u.ctx.restore();
}
