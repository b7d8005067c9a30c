/// <reference lib="dom" />
/**
 * The web page (packages/web, built into its dist/ by `pnpm build`) in Debian's chromium, served
 * by `heaplab serve`'s server: a pasted dump and a fits question (and a link to them), a pasted
 * probe capture and a dropped gzip trace give exactly the JSON the CLI prints for the same input,
 * no request leaves the page's origin, a dropped trace's evidence charts and heap map at the
 * failure are drawn as `heaplab report` draws them, and screenshots are taken at 1280 and 420
 * pixels wide (in a temporary folder).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_COLOURS, mapLayout, type AreaMap, type CellPaint } from '@heaplab/analysis';
import { applyAll, createHeap, DEFAULT_MPY_VERSION, memInfoText, parseMemInfo, type HeapEvent } from '@heaplab/core';
import type { Browser, Page } from 'playwright-core';
import { compare } from '../src/commands/compare/index.js';
import { ingest } from '../src/commands/ingest/index.js';
import { inspect } from '../src/commands/inspect/index.js';
import { report } from '../src/commands/report/index.js';
import type { Output } from '../src/io/output.js';
import { serve } from '../src/commands/serve/index.js';
import { startStaticServer, type StaticServer } from '../src/commands/serve/static-server.js';
import { launchChromium } from './support/browser.mjs';
import { runCli } from './support/run-cli.js';

const root = join(import.meta.dirname, '..', '..', '..');
const dist = join(root, 'packages', 'web', 'dist');
const FRAGMENTED = join(root, 'packages', 'core', 'test', 'fixtures', 'oracle', 'b_fragmentation.mcu.out.txt');
const traces = join(root, 'packages', 'replay', 'test', 'fixtures', 'traces');
const SPLIT = join(traces, 'e_frames_48k_split2.stdout.txt');
const CAPTURE = join(root, 'packages', 'cli', 'test', 'fixtures', 'probe-capture.txt');
const shots = mkdtempSync(join(tmpdir(), 'heaplab-web-'));

let browser: Browser;
let server: StaticServer;
beforeAll(async () => {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no built page at ${dist}: run pnpm build (it builds packages/web)`);
  [browser, server] = await Promise.all([launchChromium(), startStaticServer(dist, 0)]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** An output that keeps what is written to `out`. */
function captured(): { readonly output: Output; readonly text: () => string } {
  const parts: string[] = [];
  return { output: { out: (t) => parts.push(t), err: () => {}, progressStream: null }, text: () => parts.join('') };
}

/** What `heaplab inspect - --json [--fits X]` prints with `text` on standard input. */
async function cliInspect(text: string, fits?: string): Promise<string> {
  const { output, text: out } = captured();
  await inspect('-', { json: true, fits }, output, Readable.from([text]));
  return out();
}

/** What `heaplab ingest - [--json]` prints with `text` on standard input. */
async function cliIngest(text: string, json: boolean): Promise<string> {
  const { output, text: out } = captured();
  await ingest('-', { json }, output, Readable.from([text]));
  return out();
}

/** The page, with every request recorded and any to another origin refused, and its errors. */
async function openPage(width: number, url = server.url): Promise<{ page: Page; problems: string[]; foreign: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
  const problems: string[] = [];
  const foreign: string[] = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(server.url)) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  await page.goto(url);
  return { page, problems, foreign };
}

/** Checks the page logged no error or warning and asked nothing of another origin, then closes it. */
async function closeClean({ page, problems, foreign }: { page: Page; problems: string[]; foreign: string[] }): Promise<void> {
  expect(problems).toEqual([]);
  expect(foreign).toEqual([]);
  await page.close();
}

/** Narrows the page to 420 px and checks nothing makes it scroll sideways. */
async function fitsAt420(page: Page): Promise<void> {
  await page.setViewportSize({ width: 420, height: 900 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
}

/**
 * Pastes `text` into the dump's text area: its value set and one input event, as a paste does
 * (typing it with `page.fill` takes seconds for a capture of 15 KB).
 */
async function paste(page: Page, text: string): Promise<void> {
  await page.$eval(
    '[data-testid="dump-input"]',
    (area: HTMLTextAreaElement, pasted) => {
      area.value = pasted;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    },
    text,
  );
}

/** The result JSON once it is no longer `before`. */
async function nextJson(page: Page, before: string): Promise<string> {
  await page.waitForFunction((old) => {
    const text = document.querySelector('[data-testid="result-json"]')?.textContent ?? '';
    return text !== '' && text !== old;
  }, before);
  return (await page.textContent('[data-testid="result-json"]'))!;
}

/** What `heaplab replay NAME --json` prints, run in the folder of the file (the page knows a file by its name alone). */
function cliReplay(dir: string, name: string): string {
  const ran = spawnSync(process.execPath, [join(root, 'packages', 'cli', 'bin', 'heaplab.js'), 'replay', name, '--json'], { cwd: dir, encoding: 'utf8' });
  expect(ran.stderr).toBe('');
  return ran.stdout;
}

/** `heaplab compare FILE --json [--areas A]...`'s cells, smallest safe heaps included: what the page's compare panel holds. */
async function cliCompareCells(file: string, areas?: string[]): Promise<unknown> {
  const { output, text } = captured();
  await compare(file, { json: true, safeHeap: true, mpyVersion: '1.27', workers: '1', ...(areas === undefined ? {} : { areas }) }, output);
  const { position, length, truncated, rows, ranking } = JSON.parse(text());
  return { position, length, truncated, rows, ranking };
}

/** Drops nothing: chooses `file` in the trace input, waits for its replay, runs the compare panel and gives its JSON. */
async function pageCompareCells(page: Page, file: string): Promise<unknown> {
  await page.setInputFiles('[data-testid="trace-input"]', file);
  await page.click('[data-testid="compare-button"]');
  await page.waitForFunction(() => (document.querySelector('[data-testid="compare-json"]')?.textContent ?? '') !== '');
  return JSON.parse((await page.textContent('[data-testid="compare-json"]'))!);
}

/**
 * Each figure of the page's box `selector` against the report's figures `markup` (parsed by the
 * browser as the report's page is): its chart's id and whether the two are the same nodes.
 */
async function sameFigures(page: Page, selector: string, markup: string): Promise<{ id: string | null; same: boolean }[]> {
  return page.$eval(
    selector,
    (box, html) => {
      const expected = new DOMParser().parseFromString(html, 'text/html').body.children;
      const shown = Array.from(box.children);
      if (shown.length !== expected.length) return [{ id: `${shown.length} figures on the page, ${expected.length} in the report`, same: false }];
      return shown.map((figure, i) => ({ id: figure.querySelector('svg')?.id ?? figure.id, same: figure.isEqualNode(expected[i]!) }));
    },
    markup,
  );
}

/** The colour of every block of the heap map canvas `selector` (one block a cell, all in view), as #rrggbb, in address order. */
async function canvasCells(page: Page, selector: string): Promise<string[]> {
  const caption = (await page.$eval(selector, (canvas) => canvas.closest('figure')!.querySelector('figcaption')!.textContent))!;
  const blocks = Number(/: (\d+) blocks/.exec(caption)![1]);
  return cellColours(
    page,
    selector,
    Array.from({ length: blocks }, (_, b) => b),
  );
}

/**
 * `mem_info(1)` of a 4 MiB heap (262144 blocks of 16 bytes, 4096 rows of 64): 7798 objects of
 * eight sizes and six kinds one after the other, one of them 4096 blocks long, every third freed,
 * the last quarter free.
 */
function bigDump(): string {
  const kinds = ['L', 'S', 'T', 'D', 'A', 'h'] as const;
  const sizes = [16, 48, 100, 300, 32, 2000, 24, 640];
  const events: HeapEvent[] = [];
  let bytes = 0;
  let id = 0;
  for (; bytes < 3 * 2 ** 20; id++) {
    const size = id === 5000 ? 65536 : sizes[id % sizes.length]!;
    events.push({ op: 'alloc', id, bytes: size, kind: kinds[id % kinds.length] });
    bytes += size;
  }
  for (let freed = 0; freed < id; freed += 3) if (freed !== 5000) events.push({ op: 'free', id: freed });
  return memInfoText(applyAll(createHeap({ areas: [{ blocks: 262144 }] }), events).state, { verbose: true, stack: { used: 512 } });
}

/** `paint` as the page's canvas paints it: its colour over white at its opacity, as #rrggbb. */
function onWhite(paint: CellPaint): string {
  const channels = [1, 3, 5].map((at) => Math.round(Number.parseInt(paint.colour.slice(at, at + 2), 16) * paint.opacity + 255 * (1 - paint.opacity)));
  return `#${channels.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * What the heap map canvas `selector` paints at the top left pixel of each of the map's cells
 * `cells` (64 to a row): #rrggbb, `blank` where nothing is painted, `out of view` where the
 * canvas (which draws only the rows in view) does not reach.
 */
async function cellColours(page: Page, selector: string, cells: readonly number[]): Promise<string[]> {
  return page.$eval(
    selector,
    (canvas: HTMLCanvasElement, wanted) => {
      const size = canvas.width / 64;
      // Read from a copy, so that reading the page's canvas again and again draws no warning.
      const copy = Object.assign(document.createElement('canvas'), { width: canvas.width, height: canvas.height });
      const context = copy.getContext('2d', { willReadFrequently: true })!;
      if (canvas.height > 0) context.drawImage(canvas, 0, 0);
      const pixels = context.getImageData(0, 0, copy.width, Math.max(1, copy.height)).data;
      return wanted.map((cell) => {
        const y = Math.floor(cell / 64) * size - canvas.offsetTop;
        if (y < 0 || y >= canvas.height) return 'out of view';
        const at = 4 * (y * canvas.width + (cell % 64) * size);
        if (pixels[at + 3] === 0) return 'blank';
        return `#${[0, 1, 2].map((c) => pixels[at + c]!.toString(16).padStart(2, '0')).join('')}`;
      });
    },
    cells,
  );
}

/** Moves the pointer over cell `cell` (64 to a row, cells of `size` pixels) of the map canvas `selector` and gives the tooltip. */
async function hoverCell(page: Page, selector: string, cell: number, size: number): Promise<string> {
  const box = (await page.locator(selector).boundingBox())!;
  const top = await page.$eval(selector, (canvas: HTMLCanvasElement) => canvas.offsetTop);
  await page.mouse.move(box.x + (cell % 64) * size + size / 2, box.y + Math.floor(cell / 64) * size - top + size / 2);
  return (await page.textContent('#tooltip'))!;
}

describe('the web page', () => {
  it("compares the strategies on a dropped trace's events in workers, with the CLI's cells and safe heaps; on a split heap cut short, one area as large too", async () => {
    const { page, problems, foreign } = await openPage(1280);
    const single = join(traces, 'b_lcg_frag_32k.ndjson');
    expect(await pageCompareCells(page, single)).toEqual(await cliCompareCells(single));
    const table = await page.locator('[data-testid="compare-table"] tbody tr').allTextContents();
    expect(table).toHaveLength(9);
    expect(table[0]).toMatch(/^micropython32k1\/119029.*44\.6 KiB$/);
    const split = join(traces, 'e_frames_48k_split2_cut.ndjson.gz');
    expect(await pageCompareCells(page, split)).toEqual(await cliCompareCells(split, ['12k,36k', '48k']));
    await closeClean({ page, problems, foreign });
  }, 60_000);

  it('a pasted dump and fits questions give the CLI JSON, and so does a link to them; hover and keys name a block; Tab order; no request leaves; no overflow at 420 px', async () => {
    const { page, problems, foreign } = await openPage(1280);
    const text = readFileSync(FRAGMENTED, 'utf8');
    await paste(page, text);
    const plain = await nextJson(page, '');
    expect(plain).toBe(await cliInspect(text));
    expect(await page.textContent('[data-testid="dump-stats"]')).toContain('31088 bytes');

    await page.fill('[data-testid="fits-input"]', 'bytearray(640)');
    await page.press('[data-testid="fits-input"]', 'Enter');
    const fits = await nextJson(page, plain);
    expect(fits).toBe(await cliInspect(text, 'bytearray(640)'));
    expect(JSON.parse(fits).fits.ok).toBe(false);
    expect(await page.textContent('[data-testid="fits-answer"]')).toMatch(/^bytearray\(640\): 2 allocations, 656 bytes .* would fail at allocation 2/);
    await page.fill('[data-testid="fits-input"]', '400');
    await page.press('[data-testid="fits-input"]', 'Enter');
    expect(await nextJson(page, fits)).toBe(await cliInspect(text, '400'));

    // The pointer over the map names the block's object; the keyboard moves a cursor block by block.
    const box = (await page.locator('canvas[data-area="0"]').boundingBox())!;
    await page.mouse.move(box.x + 3, box.y + 3);
    expect(await page.textContent('#tooltip')).toMatch(/ at area 0, block 0, address 0x[0-9a-f]+$/);
    await page.focus('canvas[data-area="0"]');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent('#tooltip')).toMatch(/^(free run|.+ \([A-Za-z]\)) of \d+ blocks? \(\d+ bytes\) at area 0, block [0-2], /);
    // By keyboard alone: Tab reaches every control in reading order.
    await page.focus('[data-testid="dump-input"]');
    const order: string[] = [];
    for (let i = 0; i < 7; i++) {
      await page.keyboard.press('Tab');
      order.push(
        await page.evaluate(() => {
          const at = document.activeElement as HTMLElement;
          return at.dataset.testid ?? (at.id || at.tagName.toLowerCase());
        }),
      );
    }
    expect(order).toEqual(['fits-input', 'fits-force', 'share-button', 'button', 'canvas', 'trace-input', 'json-title']);

    // Copy link: the paste and its question in the fragment, on the clipboard and in the address.
    await page.click('[data-testid="share-button"]');
    await expect
      .poll(() => page.textContent('#share-status'))
      .toMatch(/^Link copied \(\d+ characters\): whoever opens it sees this paste and its fits answer\./);
    const link = await page.inputValue('[data-testid="share-link"]');
    expect(link).toMatch(new RegExp(`^${server.url}#dump=[A-Za-z0-9_-]+&fits=400$`));
    expect(link.length).toBeLessThan(text.length / 2);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(page.url()).toBe(link);
    // Opened elsewhere: the same paste, question and JSON.
    const opened = await openPage(1280, link);
    expect(await nextJson(opened.page, '')).toBe(await cliInspect(text, '400'));
    // (A text area keeps line ends as LF.)
    expect(await opened.page.inputValue('[data-testid="dump-input"]')).toBe(text.replace(/\r\n/g, '\n'));
    expect(await opened.page.inputValue('[data-testid="fits-input"]')).toBe('400');
    // A link cut short says so.
    const packed = new URL(link).hash.slice('#dump='.length, new URL(link).hash.indexOf('&'));
    await opened.page.evaluate(
      (cut) => {
        location.hash = cut;
      },
      `#dump=${packed.slice(0, 4 * Math.floor(packed.length / 8))}`,
    );
    await expect
      .poll(() => opened.page.textContent('#dump-error'))
      .toBe("This link's paste cannot be read: the dump in it cannot be unpacked: the link was cut or changed.");
    await closeClean(opened);

    // A split heap: one map per area, and the same JSON.
    const split = readFileSync(SPLIT, 'utf8');
    const before = (await page.textContent('[data-testid="result-json"]'))!;
    await paste(page, split);
    expect(await nextJson(page, before)).toBe(await cliInspect(split, '400'));
    // The paste changed: the address no longer carries the old one.
    expect(page.url()).toBe(server.url);
    expect(await page.isHidden('[data-testid="share-link"]')).toBe(true);
    expect(await page.locator('canvas[data-area]').count()).toBe(2);

    await fitsAt420(page);
    await closeClean({ page, problems, foreign });
  }, 60_000);

  it("a pasted dump cut off: the page gives what the map read shows and leaves out the heap's figures, as inspect does; the --force box gives them", async () => {
    const text = readFileSync(join(import.meta.dirname, 'fixtures', 'split-dump-cut-off.txt'), 'utf8');
    const { page, problems, foreign } = await openPage(1280);
    await paste(page, text);
    await expect.poll(() => page.textContent('[data-testid="result-json"]')).toBe(await cliInspect(text));
    const stats = (await page.textContent('[data-testid="dump-stats"]'))!;
    expect(stats).toContain('map read');
    expect(stats).toContain('not given');
    expect(stats).not.toContain('the largest request that fits');
    expect(await page.textContent('#dump-result')).toMatch(/the map cannot be trusted: /);
    await page.check('#fits-force');
    await expect.poll(() => page.textContent('[data-testid="dump-stats"]')).toContain('the largest request that fits');
    expect(await page.textContent('#dump-result')).toMatch(/forced: the figures are of the map as read, which cannot be trusted: /);
    await closeClean({ page, problems, foreign });
  }, 60_000);

  it("a pasted dump of a 4 MiB heap: its map at a glance, 64 blocks a cell painted as mapLayout paints them, hover tells what a cell holds; zoom reaches single blocks and hover names each one's object", async () => {
    const { page, problems, foreign } = await openPage(1280);
    await page.setViewportSize({ width: 1280, height: 1000 });
    const text = bigDump();
    await paste(page, text);
    await nextJson(page, '');
    const dump = parseMemInfo(text);
    const area: AreaMap = { area: 0, address: dump.areas[0]!.address, blockBytes: dump.blockBytes!, map: dump.areas[0]!.map };
    expect(area.map).toHaveLength(262144);
    const canvas = 'canvas[data-area="0"]';
    const size = await page.$eval(canvas, (c: HTMLCanvasElement) => c.width / 64);
    expect(size).toBe(10);
    // The overview: 64 rows of 64 cells of 64 blocks, all in view, each painted as the report paints it.
    const overview = mapLayout(area, 64);
    expect([overview.perCell, overview.rows]).toEqual([64, 64]);
    expect(await page.$eval(canvas, (c: HTMLCanvasElement) => [c.height, c.parentElement!.scrollHeight])).toEqual([640, 640]);
    expect(await page.textContent('figure.heap-map button.zoom')).toBe('zoom: 64 blocks a cell');
    const sample = Array.from({ length: 160 }, (_, i) => (i * 997) % 4096);
    expect(await cellColours(page, canvas, sample)).toEqual(sample.map((c) => onWhite(overview.cells[c]!.paint)));
    expect(new Set(sample.map((c) => onWhite(overview.cells[c]!.paint))).size).toBeGreaterThan(10);
    // Hover: what a cell of several holds; the object that covers a cell (and its cells turn orange); keys move cell by cell.
    expect(await hoverCell(page, canvas, 64, size)).toBe(
      'blocks 4096–4159 of area 0 (address 0x20028010): 2 objects and 41 free blocks; the largest, object (h) of 40 blocks (640 bytes), at block 4139',
    );
    expect(await hoverCell(page, canvas, 1944, size)).toBe('tuple (T) of 4096 blocks (65536 bytes) at area 0, block 124375, address 0x201fdd80');
    const hover = MAP_COLOURS.hover;
    expect(await cellColours(page, canvas, [1942, 1943, 1944, 2007, 2008])).toEqual([
      onWhite(overview.cells[1942]!.paint),
      hover,
      hover,
      hover,
      onWhite(overview.cells[2008]!.paint),
    ]);
    await page.focus(canvas);
    await page.keyboard.press('ArrowLeft');
    expect(await page.textContent('#tooltip')).toMatch(/^blocks 124352–124415 of area 0 \(address 0x[0-9a-f]+\): \d+ objects?/);
    // Zoom: 16 and 4 blocks a cell, then one: the cell last pointed at or moved to stays in view (centred), and hover names a block's object as on a small heap.
    for (const label of ['zoom: 16 blocks a cell', 'zoom: 4 blocks a cell', 'zoom 1×']) {
      await page.click('figure.heap-map button.zoom');
      expect(await page.textContent('figure.heap-map button.zoom')).toBe(label);
    }
    const [height, mapHeight, boxHeight] = await page.$eval(canvas, (c: HTMLCanvasElement) => [
      c.height,
      c.parentElement!.offsetHeight,
      c.closest('.map-box')!.clientHeight,
    ]);
    expect(mapHeight).toBe(4096 * size);
    expect(height).toBeLessThanOrEqual(boxHeight + size);
    const blocks = mapLayout(area);
    const near = Array.from({ length: 64 * 8 }, (_, i) => 124352 - 64 * 4 + i);
    expect(await cellColours(page, canvas, near)).toEqual(near.map((b) => onWhite(blocks.cells[b]!.paint)));
    expect(await hoverCell(page, canvas, 124352, size)).toBe('str or bytes (S) of 40 blocks (640 bytes) at area 0, block 124335, address 0x201fdb00');
    expect(await hoverCell(page, canvas, 124400, size)).toBe('tuple (T) of 4096 blocks (65536 bytes) at area 0, block 124375, address 0x201fdd80');
    // Keys move the view with the cursor.
    await page.focus(canvas);
    const scrolled = await page.$eval(canvas, (c) => c.closest('.map-box')!.scrollTop);
    // (70 rows down from the tuple's first row: past its end, at block 128470.)
    for (let i = 0; i < 70; i++) await page.keyboard.press('ArrowDown');
    expect(Number(/ at area 0, block (\d+), /.exec((await page.textContent('#tooltip'))!)?.[1])).toBeGreaterThan(128470);
    expect(await page.$eval(canvas, (c) => c.closest('.map-box')!.scrollTop)).toBeGreaterThan(scrolled + 30 * size);
    await closeClean({ page, problems, foreign });
  }, 60_000);

  it('a capture with a damaged snapshot taken at a MemoryError counts that MemoryError, as ingest does, and shows no figures for it', async () => {
    const { page, problems, foreign } = await openPage(1280);
    const text = readFileSync(join(root, 'packages', 'cli', 'test', 'fixtures', 'probe-capture-damaged-at-error.txt'), 'utf8');
    await paste(page, text);
    expect(await nextJson(page, '')).toBe(await cliIngest(text, true));
    expect(await page.textContent('[data-testid="capture-stats"]')).toContain(
      'at a MemoryError1 snapshot (below); 1 damaged snapshot taken at one, its figures not known',
    );
    expect(await page.locator('p.warning').allTextContents()).toContainEqual(expect.stringMatching(/: skipped a damaged snapshot taken at a MemoryError \(/));
    await closeClean({ page, problems, foreign });
  }, 60_000);

  it("a pasted probe capture gives ingest's JSON, its MemoryErrors in ingest's words, the snapshots over time and the heap at any of them", async () => {
    const { page, problems, foreign } = await openPage(1280);
    const text = readFileSync(CAPTURE, 'utf8');
    await paste(page, text);
    expect(await nextJson(page, '')).toBe(await cliIngest(text, true));
    expect(await page.textContent('[data-testid="capture-stats"]')).toContain("the heaplab probe's snapshots: 7 snapshots read, in 232 lines");
    expect(await page.textContent('[data-testid="capture-stats"]')).toContain('at a MemoryError2 snapshots (below)');
    // Each MemoryError as ingest prints it, with its causes.
    const printed = await cliIngest(text, false);
    const failures = await page.locator('[data-testid="capture-failures"] pre').allTextContents();
    expect(failures.map((f) => f.split('\n')[0])).toEqual([
      'MemoryError at seq 6 "raised by Python" (line 167): memory allocation failed, allocating 5 bytes',
      'MemoryError at seq 7 "big request" (line 200): memory allocation failed, allocating 200000000 bytes',
    ]);
    for (const failure of failures) expect(printed).toContain(`\n${failure}\n`);
    expect(await page.textContent('[data-testid="capture-failures"] ol')).toMatch(/^heap-too-small: The 200000000-byte request needs 12500000 blocks/);
    // The series: a row a snapshot, the chart, and the heap at the first MemoryError to begin with.
    expect(await page.locator('[data-testid="capture-table"] tbody button').allTextContents()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const readout = '[data-testid="snapshot-readout"]';
    expect(await page.textContent(readout)).toMatch(
      /^seq 6 "raised by Python" at 39 ms \(line 167\), snapshot 6 of 7: 17744 bytes free, .*; taken at a MemoryError/,
    );
    await page.click('[data-testid="capture-table"] tbody button >> text="1"');
    expect(await page.textContent(readout)).toBe(
      'seq 1 "filled" at 0 ms (line 3), snapshot 1 of 7: 11712 bytes free, the longest run 658 blocks (10528 bytes), fragmentation 10.1%, 201 objects',
    );
    expect(await page.locator('[data-testid="capture-table"] tr[aria-current="true"] button').textContent()).toBe('1');
    expect(await page.locator('canvas[data-area]').count()).toBe(2);
    // The slider steps by keyboard; a click on the chart picks the snapshot under it.
    await page.focus('[data-testid="snapshot-input"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent(readout)).toMatch(/^seq 2 "fragmented: every other buffer freed" at 6 ms \(line \d+\), snapshot 2 of 7: 18816 bytes free/);
    const chart = (await page.locator('[data-testid="snapshot-chart"] .u-over').boundingBox())!;
    await page.mouse.click(chart.x + chart.width - 2, chart.y + chart.height / 2);
    expect(await page.textContent(readout)).toMatch(/^seq 7 "big request"/);
    await fitsAt420(page);
    await closeClean({ page, problems, foreign });
  }, 60_000);

  it('a dropped gz trace replays in a worker to the CLI JSON, with the MemoryError, its causes and the map (drawn as the report draws them), and scrubs through its events; 1280 and 420 px', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-web-trace-'));
    const name = 'b_lcg_frag_32k.ndjson.gz';
    writeFileSync(join(dir, name), gzipSync(readFileSync(join(traces, 'b_lcg_frag_32k.ndjson'))));
    const { page, problems, foreign } = await openPage(1280);
    // A dump pasted too, so the screenshots show both views.
    await paste(page, readFileSync(SPLIT, 'utf8'));
    // Dropped on the box, as a user drags it from a file manager.
    const dataTransfer = await page.evaluateHandle(
      ({ base64, file }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], file));
        return transfer;
      },
      { base64: readFileSync(join(dir, name)).toString('base64'), file: name },
    );
    await page.dispatchEvent('#trace-drop', 'drop', { dataTransfer });
    await page.waitForFunction(() => document.querySelector('[data-testid="result-json"]')?.textContent?.startsWith('{"format":"heaplab-replay"'));
    const json = (await page.textContent('[data-testid="result-json"]'))!;
    expect(json).toBe(cliReplay(dir, name));
    const failure = await page.textContent('[data-testid="trace-failure"]');
    expect(failure).toContain('MemoryError at line 19029 (event 9470): memory allocation failed, allocating 2464 bytes');
    expect(failure).toContain('What stands in the way: in area 0, blocks 392–545 hold 1 live object (16 bytes)');
    expect(await page.textContent('[data-testid="trace-causes"]')).toMatch(/^growing-request: The failing 2464-byte request is the last of 180 allocations/);
    // The causes' evidence: the very figures (charts and captions) `heaplab report` draws for the trace.
    await report(join(traces, 'b_lcg_frag_32k.ndjson'), { output: join(dir, 'report.html'), mpyVersion: DEFAULT_MPY_VERSION }, captured().output);
    const reportCharts = /<div class="charts">([\s\S]*?)<\/div>/.exec(readFileSync(join(dir, 'report.html'), 'utf8'))![1]!;
    expect(await sameFigures(page, '[data-testid="trace-evidence"]', reportCharts)).toEqual([
      { id: 'request-chart', same: true },
      { id: 'collection-chart', same: true },
    ]);
    // The heap at the failure: the page's canvas paints every block the colour the report's SVG fills it with.
    const reportMap = /<div class="failure" id="failure">[\s\S]*?<\/svg>/.exec(readFileSync(join(dir, 'report.html'), 'utf8'))![0];
    const reportCells = [...reportMap.matchAll(/<rect x="\d+" y="\d+" width="7" height="7" fill="(#[0-9a-f]{6})"\/>/g)].map((m) => m[1]);
    expect(reportCells).toHaveLength(2000);
    await expect.poll(() => canvasCells(page, '#trace-result > figure.heap-map canvas')).toEqual(reportCells);
    // The scrubber: the heap after any event, by keyboard or by dragging, as replay --at tells it.
    const readout = '[data-testid="scrub-readout"]';
    await expect.poll(() => page.textContent(readout)).toMatch(/^after event 9470 \(trace line 19029\) of 9477: /);
    await page.focus('[data-testid="scrub-input"]');
    await page.keyboard.press('Home');
    await expect.poll(() => page.textContent(readout)).toBe('after event 0 of 9477: 32000 bytes free, the longest run 2000 blocks (32000 bytes), 0 objects');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.textContent(readout)).toMatch(/^after event 1 \(trace line \d+\) of 9477: 31\d\d\d bytes free/);
    await page.$eval('[data-testid="scrub-input"]', (slider: HTMLInputElement) => {
      slider.value = '4000';
      slider.dispatchEvent(new Event('input'));
    });
    const at = JSON.parse((await runCli('replay', join(traces, 'b_lcg_frag_32k.ndjson'), '--at', '4000', '--json')).out).at;
    await expect
      .poll(() => page.textContent(readout))
      .toMatch(
        new RegExp(
          `^after event 4000 \\(trace line ${at.line}\\) of 9477: ${at.free} bytes free, the longest run ${at.maxFree} blocks \\(${at.maxFree * 16} bytes\\), \\d+ objects$`,
        ),
      );
    // Heard as well as seen: the slider's value in words.
    await expect.poll(() => page.getAttribute('[data-testid="scrub-input"]', 'aria-valuetext')).toBe('after event 4000 of 9477');
    // Its map, redrawn in place: every block the colour `heaplab report --svg --at 4000` fills it with.
    await report(
      join(traces, 'b_lcg_frag_32k.ndjson'),
      { output: join(dir, 'at-4000.svg'), svg: true, at: '4000', mpyVersion: DEFAULT_MPY_VERSION },
      captured().output,
    );
    const svgCells = [...readFileSync(join(dir, 'at-4000.svg'), 'utf8').matchAll(/<rect x="\d+" y="\d+" width="7" height="7" fill="(#[0-9a-f]{6})"\/>/g)].map(
      (m) => m[1],
    );
    expect(svgCells).toHaveLength(2000);
    await expect.poll(() => canvasCells(page, '.scrubber canvas')).toEqual(svgCells);
    // The chart over the events: painted, and a click on it picks an event for the scrubber.
    const chart = (await page.locator('[data-testid="heap-chart"] .u-over').boundingBox())!;
    expect(chart.width).toBeGreaterThan(500);
    await page.mouse.click(chart.x + chart.width / 2, chart.y + chart.height / 2);
    await expect.poll(async () => Number(/^after event (\d+)/.exec((await page.textContent(readout))!)?.[1])).toBeGreaterThan(4000);
    expect(Number(/^after event (\d+)/.exec((await page.textContent(readout))!)![1])).toBeLessThan(5500);
    await page.screenshot({ path: join(shots, 'page-1280.png'), fullPage: true });
    await fitsAt420(page);
    await page.screenshot({ path: join(shots, 'page-420.png'), fullPage: true });
    expect(statSync(join(shots, 'page-420.png')).size).toBeGreaterThan(20_000);
    // Two gzip members one after the other (traces joined with cat): read whole, as the CLI reads them (a browser's DecompressionStream stops after the first).
    const text = readFileSync(join(root, 'packages', 'replay', 'test', 'fixtures', 'traces', 'b_lcg_frag_32k.ndjson'), 'utf8');
    const half = text.indexOf('\n', text.length / 2) + 1;
    writeFileSync(join(dir, 'joined.ndjson.gz'), Buffer.concat([gzipSync(text.slice(0, half)), gzipSync(text.slice(half))]));
    const beforeJoined = (await page.textContent('[data-testid="result-json"]'))!;
    await page.setInputFiles('[data-testid="trace-input"]', join(dir, 'joined.ndjson.gz'));
    expect(await nextJson(page, beforeJoined)).toBe(cliReplay(dir, 'joined.ndjson.gz'));
    // A file chosen in the input that cannot be read: the error as the CLI words it (after `heaplab: `), and no JSON.
    writeFileSync(join(dir, 'photo.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff]));
    await page.setInputFiles('[data-testid="trace-input"]', join(dir, 'photo.gz'));
    await expect.poll(() => page.textContent('#trace-error')).toBe('photo.gz:1: cannot read: the gzip stream is cut short or corrupt');
    expect(await page.textContent('[data-testid="result-json"]')).toBe('');
    await closeClean({ page, problems, foreign });
  }, 60_000);

  it("a trace longer than one chunk of events keeps them in the page's private file system: the status says so, scrubbing into the stored chunks shows what replay --at shows, and the next trace's file replaces it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heaplab-web-store-'));
    const name = 'e_frames_48k_split2.ndjson.gz';
    writeFileSync(join(dir, name), readFileSync(join(traces, name)));
    const { page, problems, foreign } = await openPage(1280);
    const files = () =>
      page.evaluate(async () => {
        const names: string[] = [];
        const folder = (await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> };
        for await (const entry of folder.keys()) names.push(entry);
        return names.filter((entry) => entry.startsWith('heaplab-events-'));
      });
    await page.setInputFiles('[data-testid="trace-input"]', join(dir, name));
    await page.waitForFunction(() => document.querySelector('[data-testid="result-json"]')?.textContent?.startsWith('{"format":"heaplab-replay"'));
    expect((await page.textContent('[data-testid="result-json"]'))!).toBe(cliReplay(dir, name));
    expect(await page.textContent('#trace-status')).toMatch(/: replayed in [\d.]+ s; its events kept on this machine’s disk for the scrubber$/);
    const first = await files();
    expect(first).toHaveLength(1);
    // 34,508 events: the first two chunks of 16,384 are in the file, read back as the scrubber needs them.
    const readout = '[data-testid="scrub-readout"]';
    for (const event of [5000, 20000, 1, 33000]) {
      await page.$eval(
        '[data-testid="scrub-input"]',
        (slider: HTMLInputElement, value) => {
          slider.value = String(value);
          slider.dispatchEvent(new Event('input'));
        },
        event,
      );
      const at = JSON.parse((await runCli('replay', join(traces, name), '--at', String(event), '--json')).out).at;
      await expect
        .poll(() => page.textContent(readout))
        .toMatch(new RegExp(`^after event ${event} \\(trace line ${at.line}\\) of 34508: ${at.free} bytes free, the longest run ${at.maxFree} blocks `));
    }
    // The next trace: the first one's file is gone.
    await page.setInputFiles('[data-testid="trace-input"]', join(traces, 'b_lcg_frag_32k.ndjson'));
    await expect.poll(() => page.textContent(readout)).toMatch(/ of 9477: /);
    const second = await files();
    expect(second).toHaveLength(1);
    expect(second[0]).not.toBe(first[0]);
    await closeClean({ page, problems, foreign });
  }, 60_000);

  it('the build: index.html and assets with relative paths, under 600 KB gzipped in all', () => {
    const html = readFileSync(join(dist, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(2);
    expect(refs.filter((ref) => !ref.startsWith('./assets/') && !ref.startsWith('data:'))).toEqual([]);
    // The icon is inline: the browser asks the server for no favicon.ico (a 404 there is a console error).
    expect(refs.filter((ref) => ref.startsWith('data:image/svg+xml,'))).toHaveLength(1);
    const files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    const gzipped = files.reduce((sum, entry) => sum + gzipSync(readFileSync(join(entry.parentPath, entry.name))).length, 0);
    expect(gzipped).toBeLessThan(600 * 1024);
  });

  it('heaplab serve prints where the page is and serves it; a bad or busy port, or a folder without the page, is bad input', async () => {
    const { output, text: out } = captured();
    let stop = (): void => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    const running = serve({ port: '0' }, output, stopped);
    await expect.poll(out).toMatch(/^heaplab serve: the web page is at http:\/\/127\.0\.0\.1:\d+\/ /);
    const url = /http:\S+/.exec(out())![0];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('data-testid="dump-input"');
    expect((await fetch(new URL('../../etc/passwd', url))).status).toBe(404);
    stop();
    expect(await running).toBe(0);
    await expect(serve({ port: '70000' }, captured().output)).rejects.toThrow('--port: expected a port number from 0 to 65535, got "70000"');
    await expect(serve({ port: String(server.port) }, captured().output)).rejects.toThrow(`--port: port ${server.port} is in use; choose another`);
    await expect(serve({ port: '0', dir: tmpdir() }, captured().output)).rejects.toThrow(
      `--dir: no web page to serve: ${join(tmpdir(), 'index.html')} does not exist`,
    );
  });
});
