/**
 * The README's picture of the web page (`pnpm screenshot:web`, after `pnpm build`): the built
 * page, served as `heaplab serve` serves it, in headless chromium 1280 pixels wide; a repository
 * trace (or the one named on the command line) is dropped on it and replayed, and the trace's
 * part of the page (the MemoryError, its causes, the heap and the chart over the events) is
 * written to docs/web-page.png, in its 256 most common colours. It fails when the picture would
 * weigh 150 KB or more.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { startStaticServer } from '../../dist/commands/serve/static-server.js';
import { launchChromium } from './browser.mjs';
import { palettePng } from './png-palette.mjs';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const dist = join(root, 'packages', 'web', 'dist');
const TRACE = process.argv[2] ?? join(root, 'packages', 'replay', 'test', 'fixtures', 'traces', 'b_lcg_frag_32k.ndjson');
const OUT = join(root, 'docs', 'web-page.png');
const WIDTH = 1280;
const MAX_BYTES = 150 * 1024;

if (!existsSync(join(dist, 'index.html'))) {
  console.error(`no built page at ${dist}: run pnpm build first`);
  process.exit(1);
}
const [browser, server] = await Promise.all([launchChromium(), startStaticServer(dist, 0)]);
try {
  const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(server.url);
  // Dropped on the box, as a user drags it from a file manager.
  const dataTransfer = await page.evaluateHandle(
    ({ base64, name }) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
      return transfer;
    },
    { base64: readFileSync(TRACE).toString('base64'), name: basename(TRACE) },
  );
  await page.dispatchEvent('#trace-drop', 'drop', { dataTransfer });
  await page.waitForFunction(() => document.querySelector('[data-testid="result-json"]')?.textContent?.startsWith('{"format":"heaplab-replay"'));
  await page.waitForFunction(() => document.querySelector('[data-testid="scrub-readout"]')?.textContent?.startsWith('after event'));
  // From the trace's heading down to the chart.
  const [top, bottom] = await page.evaluate(() => [
    document.getElementById('trace').getBoundingClientRect().top + window.scrollY - 8,
    document.querySelector('figure.heap-chart').getBoundingClientRect().bottom + window.scrollY + 8,
  ]);
  const height = Math.ceil(bottom - top);
  const picture = palettePng(await page.screenshot({ fullPage: true, clip: { x: 0, y: top, width: WIDTH, height } }));
  const bytes = picture.length;
  if (bytes < MAX_BYTES) {
    writeFileSync(OUT, picture);
    console.log(`${OUT}: ${WIDTH}×${height} pixels, ${bytes} bytes`);
  } else {
    console.error(`the picture would weigh ${bytes} bytes, less than ${MAX_BYTES} wanted: ${OUT} is left as it was`);
    process.exitCode = 1;
  }
} finally {
  await browser.close();
  await server.close();
}
