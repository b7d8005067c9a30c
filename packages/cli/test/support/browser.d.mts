import type { Browser } from 'playwright-core';

/** A headless chromium (Debian's, or HEAPLAB_CHROMIUM); throws with how to install it when there is none. */
export function launchChromium(): Promise<Browser>;
