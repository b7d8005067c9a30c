/**
 * `heaplab replay TRACE`: replays a device trace, checks the engine against it and explains
 * the MemoryError it ends in.
 */
import { HeapInputError } from '@heaplab/core';
import { buildTimeline, minimumHeap, replayTrace, type ReplayReport } from '@heaplab/replay';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { startProgress } from '../../progress.js';
import type { Output } from '../../output.js';
import { renderReplay, replayJson, type StateView } from './render.js';

export interface ReplayCommandOptions {
  readonly verify?: boolean;
  readonly json?: boolean;
  readonly minHeap?: boolean;
  /** Event number, as typed. */
  readonly at?: string;
  readonly map?: boolean;
  readonly mpyVersion: string;
}

export async function replay(trace: string, options: ReplayCommandOptions, output: Output): Promise<ExitCode> {
  const at = options.at === undefined ? undefined : eventNumber(options.at);
  const progress = startProgress(output, 'replaying');
  const report = await replayTrace(trace, { mpyVersion: options.mpyVersion, onProgress: progress.update }).finally(progress.stop);
  const wantsHeap = options.minHeap === true && report.memoryError !== null;
  const heap = wantsHeap ? await minimumHeap(trace, { mpyVersion: options.mpyVersion }) : undefined;
  const view = at === undefined ? (options.map === true ? { event: report.events, line: report.lines, state: report.state } : undefined) : await stateAt(trace, at, options.mpyVersion);
  output.out(options.json === true ? `${JSON.stringify(replayJson(report, heap, view))}\n` : renderReplay(report, heap, view, options.map === true));
  return exitFor(report, options.verify === true);
}

/** The heap after `event` engine events, from a timeline of the trace. */
async function stateAt(trace: string, event: number, mpyVersion: string): Promise<StateView> {
  const timeline = await buildTimeline(trace, { mpyVersion });
  if (event > timeline.length) throw new HeapInputError(`the trace has ${timeline.length} engine events; expected a number from 0 to ${timeline.length}`, { field: '--at' });
  return { event, line: event === 0 ? 0 : timeline.lines[event - 1]!, state: timeline.stateAt(event) };
}

function eventNumber(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new HeapInputError(`expected an event number (a whole number ≥ 0), got ${JSON.stringify(text)}`, { field: '--at' });
  return value;
}

function exitFor(report: ReplayReport, verify: boolean): ExitCode {
  const clean = report.divergences === 0 && report.checkpoints.matched === report.checkpoints.total;
  if (verify && !clean) return EXIT.diverged;
  return report.memoryError === null ? EXIT.ok : EXIT.found;
}
