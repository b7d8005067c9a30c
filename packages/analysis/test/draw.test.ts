/**
 * The pictures heaplab report and the web page draw alike: an evidence chart's points thinned to
 * the lowest and the highest per column, so a long run still makes a small picture.
 */
import { describe, expect, it } from 'vitest';
import { evidenceChartSvg, PLOT_WIDTH, thinPoints } from '../src/index.js';

describe('thinning the points', () => {
  it('keeps the lowest and the highest of each column, in order; all of them when each has its own column', () => {
    // 10,000 points over 400 columns, 25 to a column, a sawtooth: two kept per column.
    const saw = Array.from({ length: 10_000 }, (_, i) => ({ x: i, y: (i * 7) % 25 }));
    const kept = thinPoints(saw, 0, 9_999, 400);
    expect(kept).toHaveLength(800);
    expect(kept.map((p) => p.x)).toEqual([...kept.map((p) => p.x)].sort((a, b) => a - b));
    expect(Math.min(...kept.map((p) => p.y))).toBe(0);
    expect(Math.max(...kept.map((p) => p.y))).toBe(24);
    const few = [0, 10, 20, 30].map((x) => ({ x, y: x }));
    expect(thinPoints(few, 0, 30, 400)).toEqual(few);
  });

  it('a 400,000-point series draws at most two points a column: a small picture', () => {
    const points = Array.from({ length: 400_000 }, (_, i) => ({ x: i + 1, y: 4000 + 8 * Math.floor(i / 100) }));
    const { svg, drawn } = evidenceChartSvg({
      id: 'big',
      description: 'a long series',
      xAxis: 'line',
      from: 1,
      to: 400_000,
      points,
      failure: { x: 400_000, y: points.at(-1)!.y },
    });
    expect(drawn).toBeLessThanOrEqual(2 * PLOT_WIDTH);
    expect(svg.match(/<circle /g)).toHaveLength(drawn + 1);
    expect(svg.length).toBeLessThan(40_000);
    expect([...svg.matchAll(/class="x-label"[^>]*>(\d+)<\/text>/g)].map((m) => m[1])).toEqual(['100000', '200000', '300000', '400000']);
  });
});
