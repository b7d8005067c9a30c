/**
 * `heaplab replay TRACE`: replays a device trace, checks the engine against it and explains
 * the MemoryError it ends in.
 */
import { heapFromMemInfo, HeapInputError, type HeapState } from '@heaplab/core';
import { jsonLine } from '@heaplab/analysis';
import { badLinesJson, buildTimeline, isEngineTrace, replayJson, timelineDiagnosis, type ReplayReport, type StateView, type Timeline } from '@heaplab/replay';
import { typedCommand } from '../../io/invocation.js';
import { shellWord } from '../../render/shell-word.js';
import { readDumpText } from '../../io/read-dump.js';
import { EXIT, type ExitCode } from '../../exit-codes.js';
import { startProgress } from '../../io/progress.js';
import type { Output } from '../../io/output.js';
import { TempChunkStore } from '../../io/temp-chunk-store.js';
import { gapAdvice } from '../../render/gap-advice.js';
import { eventNumber } from '../../options/event-number.js';
import { minimumHeap } from './minimum-heap.js';
import { renderReplay } from './render.js';
import { plural } from '@heaplab/core';

export interface ReplayCommandOptions {
  readonly verify?: boolean;
  readonly json?: boolean;
  readonly minHeap?: boolean;
  /** Event number, as typed. */
  readonly at?: string;
  readonly map?: boolean;
  /** A mem_info(1) dump to start an engine trace from. */
  readonly from?: string;
  readonly skipBadLines?: boolean;
  readonly mpyVersion: string;
}

export async function replay(trace: string, options: ReplayCommandOptions, output: Output): Promise<ExitCode> {
  const at = options.at === undefined ? undefined : eventNumber(options.at);
  const initial = options.from === undefined ? undefined : await startingHeap(trace, options.from, output);
  const badLines: HeapInputError[] = [];
  const onBadLine = options.skipBadLines === true ? (error: HeapInputError) => void badLines.push(error) : undefined;
  const progress = startProgress(output, 'replaying');
  const replayOptions = {
    mpyVersion: options.mpyVersion,
    onProgress: progress.update,
    initial,
    onBadLine,
    verify: options.verify === true,
    gapAdvice: gapAdvice('replay', trace, output),
  };
  // A timeline: one pass gives the report, the heap at any event (--at) and the events to diagnose.
  // Its events go to a temporary file and it keeps few snapshots (--at asks for one heap): the
  // memory a replay takes does not grow with the trace.
  const store = new TempChunkStore();
  try {
    return await replayOn(
      trace,
      options,
      output,
      await buildTimeline(trace, { ...replayOptions, store, maxSnapshots: SNAPSHOTS, diagnose: true }).finally(progress.stop),
      {
        at,
        initial,
        badLines,
      },
    );
  } finally {
    store.close();
  }
}

/** Snapshots the replay keeps: the heap at --at is at most a 64th of the trace's events from one. */
const SNAPSHOTS = 64;

/** What the replay prints and returns, from its timeline. */
async function replayOn(
  trace: string,
  options: ReplayCommandOptions,
  output: Output,
  timeline: Timeline,
  { at, initial, badLines }: { at: number | undefined; initial: HeapState | undefined; badLines: HeapInputError[] },
): Promise<ExitCode> {
  const report = timeline.report;
  const diagnosis = timelineDiagnosis(timeline, initial !== undefined);
  const why = { diagnosis, explain: typedCommand(`heaplab explain ${shellWord(trace)}`, output.invocation), skippedLine: badLines[0]?.location.line };
  const wantsHeap = options.minHeap === true && report.memoryError !== null;
  const [gap] = report.gaps;
  if (wantsHeap && gap !== undefined)
    throw new HeapInputError(`--min-heap replays the whole trace on other heaps, but ${plural(gap.lost, 'event was', 'events were')} lost here`, {
      file: trace,
      line: gap.line,
      field: 'lost',
    });
  const deviceBytes = report.config.areas.reduce((sum, area) => sum + area.blocks, 0) * report.config.blockBytes;
  const heap = wantsHeap ? await minimumHeap(trace, options.mpyVersion, deviceBytes, output) : undefined;
  const view = at === undefined ? (options.map === true ? { event: report.events, line: report.lines, state: report.state } : undefined) : viewAt(timeline, at);
  output.out(
    options.json === true
      ? jsonLine('replay', { ...replayJson(report, heap, view, why.diagnosis), ...badLinesJson(badLines) })
      : renderReplay(report, heap, view, options.map === true, why),
  );
  if (badLines.length > 0 && options.json !== true) {
    output.err(
      `heaplab: skipped ${badLines.length} bad line${badLines.length === 1 ? '' : 's'}; the first:\n${badLines
        .slice(0, 5)
        .map((e) => `  ${e.message}\n`)
        .join('')}`,
    );
  }
  return badLines.length > 0 && options.verify === true ? EXIT.diverged : exitFor(report, options.verify === true);
}

/** The heap of a dump, to start an engine trace from (a device trace starts at boot). */
async function startingHeap(trace: string, dump: string, output: Output): Promise<HeapState> {
  if (!(await isEngineTrace(trace)))
    throw new HeapInputError('--from applies to engine traces; a device trace starts from the empty heap at boot', { file: trace, line: 1 });
  const { text, name } = await readDumpText(dump, output, process.stdin);
  return heapFromMemInfo(text, { file: name });
}

/** The heap after `event` engine events. */
function viewAt(timeline: Timeline, event: number): StateView {
  if (event > timeline.length)
    throw new HeapInputError(`the trace has ${timeline.length} engine events; expected a number from 0 to ${timeline.length}`, { field: '--at' });
  return { event, line: event === 0 ? 0 : timeline.lines.at(event - 1)!, state: timeline.stateAt(event) };
}

/** 4 (with --verify) over 1 over 5: a cut trace still shows what was found before the cut. */
function exitFor(report: ReplayReport, verify: boolean): ExitCode {
  const clean = report.divergences === 0 && report.checkpoints.matched === report.checkpoints.total;
  if (verify && !clean) return EXIT.diverged;
  if (report.memoryError !== null) return EXIT.found;
  return report.truncated === null ? EXIT.ok : EXIT.truncated;
}
