/**
 * Fewer points for a chart, with its shape kept: the x range is cut into `buckets` equal parts
 * (one per unit of the plot's width), and of the points in each part only the lowest and the
 * highest are kept (the first of equals). So a run of 400,000 requests draws at most two points
 * per unit of width, and every peak and trough still shows.
 */

/** A point to draw: x (an event or a line) and y (bytes). */
export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

/** The lowest and the highest point of each of `buckets` parts of [low, high], in their order in `points`. */
export function thinPoints(points: readonly ChartPoint[], low: number, high: number, buckets: number): ChartPoint[] {
  const span = high - low;
  const lowest = new Map<number, number>();
  const highest = new Map<number, number>();
  points.forEach((p, i) => {
    const bucket = span > 0 ? Math.min(buckets - 1, Math.max(0, Math.floor(((p.x - low) / span) * buckets))) : 0;
    const min = lowest.get(bucket);
    if (min === undefined || p.y < points[min]!.y) lowest.set(bucket, i);
    const max = highest.get(bucket);
    if (max === undefined || p.y > points[max]!.y) highest.set(bucket, i);
  });
  const kept = new Set([...lowest.values(), ...highest.values()]);
  return [...kept].sort((a, b) => a - b).map((i) => points[i]!);
}
