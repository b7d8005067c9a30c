/**
 * Debian's chromium, headless, through playwright-core: the browser the page tests and the
 * README screenshot drive (CI installs it; HEAPLAB_CHROMIUM names another). Plain JavaScript, so
 * the screenshot script runs it with node alone; browser.d.mts types it for the tests.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.HEAPLAB_CHROMIUM ?? '/usr/bin/chromium';

/** A headless chromium; throws with how to install it when there is none. */
export async function launchChromium() {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set HEAPLAB_CHROMIUM`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
