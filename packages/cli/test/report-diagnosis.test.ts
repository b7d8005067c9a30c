/**
 * The report's diagnosis section, the command called directly on known inputs: the causes, the
 * request sizes of the failing series and the live bytes after each collection drawn with their
 * axes (ticks in bytes, and in lines for a trace or events for a workload), and the points thinned
 * so that a long run still makes a small page (the drawing itself: analysis' draw.test.ts). The page in
 * a browser is report.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MPY_VERSION } from '@heaplab/core';
import { report } from '../src/commands/report/index.js';
import { PLOT_WIDTH } from '@heaplab/analysis';
import type { Output } from '../src/io/output.js';

const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
const dir = mkdtempSync(join(tmpdir(), 'heaplab-report-diagnosis-'));
const quiet: Output = { out: () => {}, err: () => {}, progressStream: null };

/** The report's diagnosis section for `input`. */
async function section(input: string, options: { seed?: string; length?: string } = {}): Promise<string> {
  const file = join(dir, `${input.replace(/\W/g, '-')}-${options.seed ?? ''}.html`);
  await report(input, { output: file, mpyVersion: DEFAULT_MPY_VERSION, ...options }, quiet);
  const html = readFileSync(file, 'utf8');
  return html.slice(html.indexOf('<section id="diagnosis">'), html.indexOf('</section>') + '</section>'.length);
}

/** What one chart drew: its dots, the failed request's dot, its tick labels and its other lines. */
function chart(html: string, id: string) {
  const svg = html.match(new RegExp(`<svg [^>]*id="${id}"[\\s\\S]*?</svg>`))?.[0];
  if (svg === undefined) throw new Error(`no chart ${id}`);
  const dots = svg.match(/<g class="points"[^>]*>(.*?)<\/g>/)![1]!;
  return {
    points: dots.match(/<circle /g)?.length ?? 0,
    failedRequest: svg.includes('class="failed-request"'),
    yTicks: [...svg.matchAll(/>(\d+ B)<\/text>/g)].map((m) => m[1]),
    xTicks: [...svg.matchAll(/class="x-label"[^>]*>(\d+)<\/text>/g)].map((m) => m[1]),
    xAxis: svg.match(/>(\w+) →<\/text>/)?.[1],
    reference: svg.match(/class="reference"[\s\S]*?>(heap \d+ B)</)?.[1] ?? null,
    trend: svg.match(/class="trend"[\s\S]*?>([^<]*)<\/text>/)?.[1] ?? null,
  };
}

describe('the report: the diagnosis drawn', () => {
  it('a growing request in a trace: every request of the series by line, the collections under the heap size', async () => {
    const html = await section(join(traces, 'b_lcg_frag_32k.ndjson'));
    expect(html).toMatch(/<ol id="causes"><li><strong>growing-request<\/strong>: The failing 2464-byte request is the last of 180 allocations/);
    // 180 requests from line 291 to the failing one at line 19029: where 3 or more share a
    // column only the lowest and the highest are drawn.
    expect(chart(html, 'request-chart')).toEqual({
      points: 175,
      failedRequest: true,
      yTicks: ['0 B', '1000 B', '2000 B', '3000 B'],
      xTicks: ['5000', '10000', '15000'],
      xAxis: 'line',
      reference: null,
      trend: null,
    });
    expect(html).toContain('the 180 requests of the growing series; the failing 2464 bytes in red. 175 of the 180 points are drawn');
    // 109 collections, each in a column of its own: all drawn.
    expect(chart(html, 'collection-chart')).toEqual({
      points: 109,
      failedRequest: false,
      yTicks: ['0 B', '10000 B', '20000 B', '30000 B', '40000 B'],
      xTicks: ['5000', '10000', '15000'],
      xAxis: 'line',
      reference: 'heap 32000 B',
      trend: null,
    });
    expect(html).toContain(
      "Live bytes after each of the 109 collections (the bytes still in use once it swept), against the heap's usable 32000 bytes (dashed).</figcaption>",
    );
  });

  it('an accumulation in a trace: its line and slope; no series of the failing request, said in one line', async () => {
    const html = await section(join(traces, 'e_frames_48k_split2.ndjson.gz'));
    expect(html).not.toContain('id="request-chart"');
    expect(html).toContain(
      '<p class="no-chart" id="no-request-chart">No chart of request sizes: the failing request belongs to no growing series and no mark is in force at it, so it has no series of its own to draw.</p>',
    );
    const collections = chart(html, 'collection-chart');
    expect(collections).toMatchObject({ xAxis: 'line', reference: 'heap 47936 B', trend: '+797 bytes per 1000 events' });
    expect(collections.points).toBeLessThan(472);
    expect(collections.points).toBeGreaterThan(PLOT_WIDTH);
    expect(html).toContain(`${collections.points} of the 472 points are drawn`);
  });

  it('a workload: x counts events; without a growing series the failing request’s mark gives its series', async () => {
    const html = await section('prealloc-vs-alloc', { seed: '1' });
    const requests = chart(html, 'request-chart');
    expect(requests).toMatchObject({ xAxis: 'event', failedRequest: true });
    expect(html).toMatch(
      /the 890 allocations under the failing request's mark &quot;alloc loop starts&quot;; the failing 4096 bytes in red\. (\d+) of the 890 points are drawn/,
    );
    expect(chart(html, 'collection-chart').xAxis).toBe('event');
  });
});

describe('a trace whose first failed request is not its MemoryError', () => {
  it('the page shows the MemoryError and no diagnosis, which would be of the other request', async () => {
    const heap =
      '{"op":"heap","area":0,"bytes":1024,"pool_bytes":960,"total_blocks":60,"block_bytes":16,"word_bytes":4,"atb_bytes":15,"ftb_bytes":8,"wtb_bytes":0,"pool_offset":64}';
    // A 320-byte request that fails (no MemoryError raised: the caller took the NULL), then one that raises it.
    const failed = [
      '{"op":"alloc_fail","bytes":320,"blocks":20,"stage":"pre_collect","fin":0,"in_realloc":0,"in_collect":0,"after_collect":0}',
      '{"op":"collect_start","reason":"alloc_fail"}',
      '{"op":"collect_end","freed_objs":0,"freed_blocks":0}',
      '{"op":"alloc_fail","bytes":320,"blocks":20,"stage":"final","fin":0,"in_realloc":0,"in_collect":0,"after_collect":1}',
    ];
    const trace = join(dir, 'two-failures.ndjson');
    const lines = [
      heap,
      '{"op":"alloc","bytes":800,"blocks":50,"area":0,"block":0,"fin":0,"in_realloc":0,"after_collect":0}',
      ...failed,
      '{"op":"alloc","bytes":16,"blocks":1,"area":0,"block":50,"fin":0,"in_realloc":0,"after_collect":0}',
      ...failed,
      '{"op":"memory_error","bytes":320,"heap_locked":0}',
    ];
    writeFileSync(trace, `${lines.join('\n')}\n`);
    const file = join(dir, 'two-failures.html');
    await report(trace, { output: file, mpyVersion: DEFAULT_MPY_VERSION }, quiet);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('The heap when the request failed (event 4)');
    expect(html).not.toContain('<section id="diagnosis">');
  });
});
