/** Numbers as a one-line bar chart of eighth-blocks, for a terminal or a log. */

const BARS = ' ▁▂▃▄▅▆▇█';

/** One character per value, scaled so that `full` fills a cell. */
export function sparkline(values: readonly number[], full: number): string {
  return values.map((v) => BARS[full <= 0 ? 0 : Math.max(0, Math.min(8, Math.round((v / full) * 8)))]).join('');
}
