/**
 * Debian's chromium, headless, through playwright-core: the browser the page tests drive (CI
 * installs it; HEAPLAB_CHROMIUM names another).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = process.env.HEAPLAB_CHROMIUM ?? '/usr/bin/chromium';

/** A headless chromium; throws with how to install it when there is none. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set HEAPLAB_CHROMIUM`);
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}
