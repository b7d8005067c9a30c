/**
 * Replays one trace file, checked against what the device recorded, and prints what it found,
 * how long it took and the process's peak resident memory, as one JSON object. `replay-memory.ts`
 * runs it in a fresh process per trace, so the peak is the replay's own; it is also the thing to
 * profile: `node --cpu-prof dist/replay-once.js TRACE`.
 */
import { replayTrace } from '@heaplab/replay';

/** What `replay-once` prints. */
export interface ReplayOnce {
  readonly lines: number;
  readonly divergences: number;
  readonly checkpoints: { readonly matched: number; readonly total: number };
  readonly seconds: number;
  /** Peak resident set size of the process, in bytes. */
  readonly peakRssBytes: number;
}

const file = process.argv[2];
if (file === undefined) throw new Error('usage: node dist/replay-once.js TRACE');
const start = performance.now();
const report = await replayTrace(file);
const result: ReplayOnce = {
  lines: report.lines,
  divergences: report.divergences,
  checkpoints: report.checkpoints,
  seconds: (performance.now() - start) / 1000,
  // maxRSS is in kilobytes.
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
};
console.log(JSON.stringify(result));
