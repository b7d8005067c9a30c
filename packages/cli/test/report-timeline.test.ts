/**
 * The report's chart over the events: drawn from the page's series (`heapSeries`), so a column
 * shows the least and the most its events reached and a peak that lasts one event still shows,
 * where a sample every few events would miss it.
 */
import { describe, expect, it } from 'vitest';
import { createHeap, resolveConfig, type HeapEvent } from '@heaplab/core';
import { HEAP_MEASURES, heapSeries } from '@heaplab/analysis';
import { timelineSvg } from '../src/commands/report/timeline-svg.js';

const config = resolveConfig({ areas: [{ bytes: 4096 }] });

/** 2000 events of small allocations each freed at once; with `spike`, events 1001 and 1002 allocate and free 3000 bytes instead. */
function run(spike: boolean): HeapEvent[] {
  const events: HeapEvent[] = [];
  for (let i = 0; i < 1000; i++) {
    const bytes = spike && i === 500 ? 3000 : 32;
    events.push({ op: 'alloc', id: i, bytes }, { op: 'free', id: i });
  }
  return events;
}

/** The top of a band (the least y of its corners) of the measure labelled `label`. */
function bandTop(svg: string, label: string): number {
  const colour = HEAP_MEASURES.find((m) => m.label === label)!.colour;
  const d = new RegExp(`<path d="M([^"]+)Z" fill="${colour}"`).exec(svg)![1]!;
  return Math.min(...d.split('L').map((corner) => Number(corner.split(',')[1])));
}

describe("the report's chart over the events", () => {
  it('shows a peak of live bytes that lasts one event of 2000', () => {
    const flat = timelineSvg(heapSeries(createHeap(config), run(false)), 4096, null);
    const spiky = timelineSvg(heapSeries(createHeap(config), run(true)), 4096, null);
    // 3000 of the 4096 bytes: over 100 of the plot's 150 units higher.
    expect(bandTop(flat, 'live bytes') - bandTop(spiky, 'live bytes')).toBeGreaterThan(100);
    expect(bandTop(flat, 'free bytes')).toBe(bandTop(spiky, 'free bytes'));
  });
});
