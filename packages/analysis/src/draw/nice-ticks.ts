/**
 * Round tick values for a chart's axis: whole numbers 1, 2 or 5 × a power of ten apart, as a
 * reader would mark a ruler.
 */

/** The round step (1, 2 or 5 × a power of ten, at least 1) that cuts `span` into about `count` parts. */
export function tickStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const rough = span / count;
  const power = 10 ** Math.floor(Math.log10(rough));
  return Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!);
}

/** The multiples of `tickStep(high − low, count)` from `low` to `high`, both included when they fall on one. */
export function niceTicks(low: number, high: number, count = 4): number[] {
  if (!(high > low)) return [Math.round(low)];
  const step = tickStep(high - low, count);
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step - 1e-9) * step; t <= high + step * 1e-9; t += step) ticks.push(Math.round(t));
  return ticks;
}
