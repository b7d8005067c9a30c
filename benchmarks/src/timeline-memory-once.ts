/**
 * Builds one timeline (`buildTimeline`) of a trace and prints, as one JSON object, its events,
 * the memory it holds once built (after a full collection, less before: the JS heap used and the
 * ArrayBuffers, which typed arrays keep outside that heap), how long the build took and the
 * slowest of 256 `stateAt` calls spread over the trace (after a pass that warms them up). Run with `--expose-gc`; `timeline-memory.ts` runs it in a fresh process per
 * measurement. The second argument, when given, is another build's `@heaplab/replay` entry
 * (packages/replay/dist/index.js) to measure instead of this checkout's.
 */
import { pathToFileURL } from 'node:url';
import type { buildTimeline as BuildTimeline } from '@heaplab/replay';

/** What `timeline-memory-once` prints. */
export interface TimelineMemoryOnce {
  readonly events: number;
  /** JS heap held. */
  readonly heapBytes: number;
  /** ArrayBuffers held (typed arrays' contents live there, outside the JS heap). */
  readonly arrayBufferBytes: number;
  readonly milliseconds: number;
  /** The slowest `stateAt` (the scrubber's cost) over 256 events spread evenly over the trace, warm, in ms. */
  readonly slowestStateAtMs: number;
}

const [file, replayEntry] = process.argv.slice(2);
const gc = globalThis.gc;
if (file === undefined || gc === undefined) throw new Error('usage: node --expose-gc dist/timeline-memory-once.js TRACE [REPLAY_ENTRY]');
const { buildTimeline } = (await import(replayEntry === undefined ? '@heaplab/replay' : pathToFileURL(replayEntry).href)) as {
  buildTimeline: typeof BuildTimeline;
};
const held = (): { heapUsed: number; arrayBuffers: number } => {
  gc();
  return process.memoryUsage();
};
const before = held();
const start = performance.now();
const timeline = await buildTimeline(file);
const milliseconds = performance.now() - start;
const after = held();
// Twice over the same events: the first pass warms the engine's code up, the second is timed.
let slowestStateAtMs = 0;
for (const timed of [false, true]) {
  for (let k = 1; k <= 256; k++) {
    const started = performance.now();
    timeline.stateAt(Math.floor((timeline.length * k) / 257));
    if (timed) slowestStateAtMs = Math.max(slowestStateAtMs, performance.now() - started);
  }
}
const result: TimelineMemoryOnce = {
  events: timeline.length,
  heapBytes: after.heapUsed - before.heapUsed,
  arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
  milliseconds,
  slowestStateAtMs,
};
console.log(JSON.stringify(result));
