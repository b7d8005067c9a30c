/// <reference lib="dom" />
/**
 * The report in a real headless browser (Debian's chromium through playwright-core; CI installs
 * it): the page loads with no errors and no network, shows the failure, the maps, the chart over
 * the events drawn by the web page's own component (uPlot, inlined) from the timeline's series (its columns), and
 * the diagnosis' charts (side by side at 1280 pixels, one above the other at 420), and a
 * screenshot is taken.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { columnsOf, compareTable } from '@heaplab/analysis';
import { HeapInputError } from '@heaplab/core';
import { buildTimeline } from '@heaplab/replay';
import { REPORT_SERIES_BUCKETS, reportChart } from '../src/commands/report/report-chart.js';
import { launchChromium } from './support/browser.mjs';
import { runCli as run } from './support/run-cli.js';

const traces = join(import.meta.dirname, '..', '..', 'replay', 'test', 'fixtures', 'traces');
const dir = mkdtempSync(join(tmpdir(), 'heaplab-report-'));

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
}, 60_000);
afterAll(async () => browser?.close());

/** Opens a page with every request other than the file itself refused and recorded. */
async function open(file: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `file://${file}`) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(`file://${file}`);
  return { page, problems, requests };
}

/** The columns the report's chart draws now (its `drawn()`: x, then each measure's least and most), and how many pixel columns its plot has. */
async function drawnColumns(page: Page): Promise<{ drawn: number[][]; width: number }> {
  // The report's script keeps the chart in a global `const`, which only code of the page's own scope sees.
  return page.evaluate(
    "({ drawn: eventsChart.drawn().map((column) => Array.from(column)), width: document.querySelector('#timeline .u-over').getBoundingClientRect().width })",
  );
}

/** The left edge and width of the chart's plot and of each map's columns (inside its border). */
async function plotAndMaps(page: Page): Promise<{ x: number; width: number }[]> {
  return page.evaluate(() =>
    ['#timeline .u-over', ...Array.from(document.querySelectorAll('.map canvas'), (c) => `#${c.id}`)].map((selector) => {
      const element = document.querySelector(selector)!;
      return { x: element.getBoundingClientRect().x + element.clientLeft, width: element.clientWidth };
    }),
  );
}

describe('heaplab report', () => {
  it('a trace: loads cleanly with no network, shows the failure, the maps and the comparison; screenshot', async () => {
    const file = join(dir, 'b_lcg.html');
    const made = await run('report', join(traces, 'b_lcg_frag_32k.ndjson'), '-o', file, '--compare');
    expect(made).toMatchObject({ status: 0, err: '' });
    const { page, problems, requests } = await open(file);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    const failure = await page.textContent('#failure');
    expect(failure).toContain('MemoryError at event 9470 (trace line 19029): memory allocation failed, allocating 2464 bytes');
    expect(failure).toContain('What stands in the way: in area 0, blocks 392–545 hold 1 live object (16 bytes)');
    expect(await page.locator('#failure svg rect[fill="#d1242f"]').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('#comparison tr').count()).toBe(10);
    // The table heaplab compare prints, in its words: the recorded layout, the first failure at the trace line of the MemoryError.
    expect(await page.locator('#comparison th').allTextContents()).toEqual(compareTable([], 'line').header);
    expect((await page.locator('#comparison tr').nth(1).locator('td').allTextContents()).slice(0, 4)).toEqual(['micropython', '32k', '1/1', '19029']);
    // The chart over the events is the page's (uPlot's canvas), each pixel column of its plot one of the columns the page draws at that width from the timeline's series.
    expect(await page.locator('#timeline .uplot canvas').count()).toBe(1);
    const { drawn, width } = await drawnColumns(page);
    const timeline = await buildTimeline(join(traces, 'b_lcg_frag_32k.ndjson'), { series: true });
    expect(width).toBe(REPORT_SERIES_BUCKETS);
    const columns = columnsOf(timeline.series, width);
    expect(drawn[0]).toHaveLength(760);
    expect(drawn).toEqual([columns.x, ...columns.ranges.flatMap((r) => [r.min, r.max])]);
    // Why, as explain ranks it, its evidence drawn, and the command that gives the proven fixes.
    expect(await page.textContent('#causes')).toMatch(/^growing-request: The failing 2464-byte request is the last of/);
    expect(await page.textContent('#diagnosis')).toContain('heaplab explain ');
    expect(await page.locator('#request-chart .points circle').count()).toBe(175);
    expect(await page.locator('#collection-chart .points circle').count()).toBe(109);
    const charts = async () => Promise.all(['#request-chart', '#collection-chart'].map(async (id) => (await page.locator(id).boundingBox())!));
    // Wide: side by side at full size, their tick labels readable.
    const [wideRequests, wideCollections] = await charts();
    expect(wideRequests!.width).toBe(460);
    expect(wideCollections!.y).toBe(wideRequests!.y);
    expect(wideCollections!.x).toBeGreaterThanOrEqual(wideRequests!.x + wideRequests!.width);
    // The map over time is painted: many distinct shades, one column per sample.
    const painted = await page.evaluate(() => {
      const canvas = document.getElementById('map-0') as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const shades = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4) shades.add(pixels[i]!);
      return { width: canvas.width, shades: shades.size };
    });
    expect(painted.width).toBeGreaterThan(100);
    expect(painted.shades).toBeGreaterThan(20);
    await page.mouse.move(400, 0);
    const canvasBox = (await page.locator('#map-0').boundingBox())!;
    await page.mouse.move(canvasBox.x + canvasBox.width / 2, canvasBox.y + 10);
    expect(await page.textContent('#cursor')).toMatch(/^after event \d+: area 0 free \d+ B, longest run \d+ B$/);
    const shot = join(dir, 'b_lcg.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    // A phone: one chart above the other, each as wide as the window allows, nothing wider than it.
    await page.setViewportSize({ width: 420, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    const [narrowRequests, narrowCollections] = await charts();
    expect(narrowCollections!.y).toBeGreaterThan(narrowRequests!.y + narrowRequests!.height);
    for (const box of [narrowRequests!, narrowCollections!]) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(420);
      expect(box.width).toBeGreaterThan(380);
    }
    await page.close();
  }, 120_000);

  it('a workload on a split heap: one map per area; no failure is said plainly', async () => {
    const file = join(dir, 'seed-mem-free.html');
    expect((await run('report', 'seed-mem-free', '-o', file)).status).toBe(0);
    const frames = join(dir, 'frames.html');
    expect((await run('report', 'camera-frames', '--seed', '1', '--length', '4000', '-o', frames)).status).toBe(0);
    const quiet = await open(file);
    expect(quiet.problems).toEqual([]);
    expect(await quiet.page.textContent('#failure')).toBe('No request failed.');
    await quiet.page.close();
    const split = await open(frames);
    expect(split.problems).toEqual([]);
    expect(await split.page.locator('.map canvas').count()).toBe(2);
    // The chart's time axis is the maps': its plot spans exactly the columns of every map, on a wide window and on a phone.
    const aligned = async () => {
      const [plot, ...maps] = await plotAndMaps(split.page);
      expect(maps).toHaveLength(2);
      for (const map of maps) {
        expect(Math.abs(map.x - plot!.x)).toBeLessThan(1);
        expect(Math.abs(map.width - plot!.width)).toBeLessThan(1);
      }
    };
    await aligned();
    // Its caption keys the three measures in their colours.
    expect(await split.page.locator('#timeline figcaption .key').allTextContents()).toEqual(['free bytes', 'longest free run', 'live bytes']);
    // On a phone-sized window nothing is wider than the window.
    await split.page.setViewportSize({ width: 420, height: 900 });
    expect(await split.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await expect.poll(async () => (await drawnColumns(split.page)).drawn[0]!.length).toBeLessThan(400);
    await aligned();
    await split.page.close();
  }, 120_000);

  it('--svg writes the heap map at the failure, or after a given event', async () => {
    const svg = join(dir, 'failure.svg');
    expect((await run('report', join(traces, 'b_lcg_frag_32k.ndjson'), '--svg', '-o', svg)).status).toBe(0);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" /);
    expect(text).toContain('the heap when 2464 bytes could not be allocated (event 9470)');
    // The one 16-byte object in the way, and the legend.
    expect(text.match(/fill="#d1242f"\/>/g)?.length).toBe(2);
    const at = join(dir, 'at.svg');
    expect((await run('report', join(traces, 'b_lcg_frag_32k.ndjson'), '--svg', '--at', '100', '-o', at)).status).toBe(0);
    expect(readFileSync(at, 'utf8')).toContain('the heap after event 100');
    const { page, problems } = await open(svg);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("without the page's chart built, says where it looked and how to get it, in one line (bad input)", () => {
    const cli = join(dir, 'no-chart', 'cli');
    mkdirSync(cli, { recursive: true });
    let thrown: unknown;
    try {
      reportChart(cli);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(HeapInputError);
    expect((thrown as Error).message).toBe(
      `the report's chart is not built: neither ${join(dir, 'no-chart', 'web', 'dist', 'report-chart', 'report-chart.js')} nor ${join(cli, 'web', 'report-chart', 'report-chart.js')} exists; ` +
        "reinstall @heaplab/cli (its package carries the page), build it in heaplab's repository with pnpm --filter @heaplab/web build",
    );
  });

  it('refuses what does not apply, and never overwrites without --force (exit 2)', async () => {
    const trace = join(traces, 'b_lcg_frag_32k.ndjson');
    const out = join(dir, 'once.html');
    expect((await run('report', 'churn', '--length', '500', '-o', out)).status).toBe(0);
    expect(await run('report', 'churn', '--length', '500', '-o', out)).toMatchObject({
      status: 2,
      err: `heaplab: ${out}: already exists; pass --force to replace it\n`,
    });
    expect(await run('report', trace, '--board', 'openmv-h7', '-o', join(dir, 'x.html'))).toMatchObject({
      status: 2,
      err: `heaplab: --board: --board applies to a workload; a trace runs on the heap it was recorded on (heaplab compare ${trace} --areas LAYOUT runs it on another)\n`,
    });
    for (const flag of ['--seed', '--seed-name'])
      expect(await run('report', trace, flag, '5', '-o', join(dir, 'x.html'))).toMatchObject({
        status: 2,
        err: `heaplab: ${flag}: ${flag} applies to a workload; a trace is one recorded run, with no seed to choose\n`,
      });
    expect(existsSync(join(dir, 'x.html'))).toBe(false);
    expect(await run('report', trace, '--svg', '--at', '99999', '-o', join(dir, 'x.svg'))).toMatchObject({
      status: 2,
      err: 'heaplab: --at: event 99999 is past the end (9477 events)\n',
    });
    expect(await run('report', trace, '--svg', '--at', '-1', '-o', join(dir, 'x.svg'))).toMatchObject({
      status: 2,
      err: 'heaplab: --at: expected an event number (a whole number ≥ 0), got "-1"\n',
    });
    expect(await run('report', trace, '--at', '100', '-o', join(dir, 'at.html'))).toMatchObject({
      status: 2,
      err: 'heaplab: --at: --at applies with --svg only (the heap map after that event); the HTML report covers every event\n',
    });
  }, 60_000);
});
