/**
 * Builds one timeline (`buildTimeline`) of a trace and prints, as one JSON object, its events,
 * the memory it holds once built (after a full collection, less before: the JS heap used and the
 * ArrayBuffers, which typed arrays keep outside that heap) and how long the build took. Run with `--expose-gc`; `timeline-memory.ts` runs it in a fresh process per
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
const result: TimelineMemoryOnce = {
  events: timeline.length,
  heapBytes: after.heapUsed - before.heapUsed,
  arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
  milliseconds,
};
console.log(JSON.stringify(result));
