/**
 * The statistics the detectors use: a least-squares line, a rank trend (Mann–Kendall) that
 * random sizes do not pass, and quantiles.
 */

/** The least-squares line through the points, and how much of the spread it explains (R², 0…1). */
export function leastSquares(xs: ArrayLike<number>, ys: ArrayLike<number>): { readonly slope: number; readonly intercept: number; readonly r2: number } {
  const n = xs.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  const r2 = sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy);
  return { slope, intercept: my - slope * mx, r2 };
}

/**
 * Whether a sequence rises with its index, by ranks: `s` is the number of pairs (i < j) with
 * values[i] < values[j] minus those with values[i] > values[j]; `z` is `s` over its standard
 * deviation for independent values (no tie correction, which only makes z smaller); `gamma` is
 * `s` over the untied pairs (1: never falls, 0: no trend). O(n²): callers bound n.
 */
export function rankTrend(values: ArrayLike<number>): { readonly s: number; readonly z: number; readonly gamma: number } {
  const n = values.length;
  let s = 0;
  let untied = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    for (let j = i + 1; j < n; j++) {
      const w = values[j]!;
      if (w > v) s++;
      else if (w < v) s--;
      if (w !== v) untied++;
    }
  }
  const variance = (n * (n - 1) * (2 * n + 5)) / 18;
  return { s, z: variance === 0 ? 0 : s / Math.sqrt(variance), gamma: untied === 0 ? 0 : s / untied };
}

/** The p-quantile (0…1) of `values` by the nearest rank below; NaN when empty. `values` is not changed. */
export function quantile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(p * (sorted.length - 1))]!;
}
