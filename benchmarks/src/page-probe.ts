/// <reference lib="dom" />
/**
 * What the page-scale benchmark runs inside the web page (each function is handed to playwright's
 * `page.evaluate`, so it uses nothing from outside itself): clocks on the page's own timeline
 * (`performance.now()`), so that no round trip to the driving process counts in what they time.
 */

/** The clocks, kept on `window.heaplabBench`. */
export interface PageClocks {
  /** When the trace input's `change` fired (the file chosen). */
  chosen: number | null;
  /** When the result JSON first held `heaplab replay --json`'s line. */
  json: number | null;
  /** Each text the trace status line showed, and when. */
  readonly status: { readonly at: number; readonly text: string }[];
  /** When the last scrub step began (a key went down on the page, or the slider was moved). */
  stepAt: number;
  /** Each scrub readout shown: its text, the ms from the step to it, and to the next animation frame. */
  readonly frames: { readonly text: string; readonly shownMs: number; readonly frameMs: number }[];
}

/** Starts the clocks of a trace's replay: the file chosen, the status line, the result JSON. */
export function startReplayClocks(): void {
  const clocks: PageClocks = { chosen: null, json: null, status: [], stepAt: 0, frames: [] };
  (window as unknown as { heaplabBench: PageClocks }).heaplabBench = clocks;
  document.addEventListener(
    'change',
    (event) => {
      if ((event.target as HTMLElement).dataset.testid === 'trace-input') clocks.chosen = performance.now();
    },
    { capture: true },
  );
  const status = document.getElementById('trace-status')!;
  new MutationObserver(() => clocks.status.push({ at: performance.now(), text: status.textContent ?? '' })).observe(status, {
    childList: true,
    characterData: true,
    subtree: true,
  });
  const json = document.querySelector('[data-testid="result-json"]')!;
  new MutationObserver(() => {
    if (clocks.json === null && (json.textContent ?? '').startsWith('{"format":"heaplab-replay"')) clocks.json = performance.now();
  }).observe(json, { childList: true, characterData: true, subtree: true });
}

/** How the replay stands: the clocks, the error shown (or null), and the progress bar. */
export function replayState(): { clocks: PageClocks; error: string | null; progress: number } {
  const error = document.getElementById('trace-error')!;
  return {
    clocks: (window as unknown as { heaplabBench: PageClocks }).heaplabBench,
    error: error.hidden ? null : error.textContent,
    progress: (document.getElementById('trace-progress') as HTMLProgressElement).value,
  };
}

/** The result JSON's text. */
export function resultJson(): string {
  return document.querySelector('[data-testid="result-json"]')!.textContent ?? '';
}

/** Starts the scrub clocks: a key down anywhere starts a step; each readout shown ends one, and its animation frame. */
export function startScrubClocks(): void {
  const clocks = (window as unknown as { heaplabBench: PageClocks }).heaplabBench;
  document.addEventListener(
    'keydown',
    () => {
      clocks.stepAt = performance.now();
    },
    { capture: true },
  );
  const readout = document.querySelector('[data-testid="scrub-readout"]')!;
  new MutationObserver(() => {
    const shown = performance.now();
    const text = readout.textContent ?? '';
    requestAnimationFrame(() => clocks.frames.push({ text, shownMs: shown - clocks.stepAt, frameMs: performance.now() - clocks.stepAt }));
  }).observe(readout, { childList: true, characterData: true, subtree: true });
}

/** Moves the scrubber's slider to `event`, as a drag there does, and starts the step's clock. */
export function moveSlider(event: number): void {
  const clocks = (window as unknown as { heaplabBench: PageClocks }).heaplabBench;
  const slider = document.querySelector('[data-testid="scrub-input"]') as HTMLInputElement;
  clocks.stepAt = performance.now();
  slider.value = String(event);
  slider.dispatchEvent(new Event('input'));
}

/** How many scrub frames were shown, and the last one (null before any). */
export function lastFrame(): { count: number; last: PageClocks['frames'][number] | null } {
  const { frames } = (window as unknown as { heaplabBench: PageClocks }).heaplabBench;
  return { count: frames.length, last: frames.at(-1) ?? null };
}
