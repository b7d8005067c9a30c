/**
 * `heaplab replay TRACE`: replays a device trace, checks the engine against it and explains
 * the MemoryError it ends in.
 */
import { minimumHeap, replayTrace, type ReplayReport } from '@heaplab/replay';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import type { Output } from '../../output.js';
import { renderReplay, replayJson } from './render.js';

export interface ReplayCommandOptions {
  readonly verify?: boolean;
  readonly json?: boolean;
  readonly minHeap?: boolean;
  readonly mpyVersion: string;
}

export async function replay(trace: string, options: ReplayCommandOptions, output: Output): Promise<ExitCode> {
  const report = await replayTrace(trace, { mpyVersion: options.mpyVersion });
  const wantsHeap = options.minHeap === true && report.memoryError !== null;
  const heap = wantsHeap ? await minimumHeap(trace, { mpyVersion: options.mpyVersion }) : undefined;
  output.out(options.json === true ? `${JSON.stringify(replayJson(report, heap))}\n` : renderReplay(report, heap));
  return exitFor(report, options.verify === true);
}

function exitFor(report: ReplayReport, verify: boolean): ExitCode {
  const clean = report.divergences === 0 && report.checkpoints.matched === report.checkpoints.total;
  if (verify && !clean) return EXIT.diverged;
  return report.memoryError === null ? EXIT.ok : EXIT.found;
}
