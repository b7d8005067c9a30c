/**
 * The replay worker: streams a dropped trace through the replay (the page stays responsive),
 * says how far it got, and hands back `heaplab replay --json`'s line with what the page shows.
 */
import { diagnosisFigures, heapSize, jsonLine, renderFailure, stateMaps } from '@heaplab/analysis';
import { gcInfo, plural } from '@heaplab/core';
import { memoryErrorLines, replayJson, timelineDiagnosis, type ReplayReport, type Timeline } from '@heaplab/replay';
import { droppedTimeline } from './dropped-trace.js';
import { errorText } from './error-text.js';
import { FileChunkStore } from './file-chunk-store.js';
import type { ReplayMessage, ReplayRequest, ReplayResult, StateFrame } from './trace-messages.js';

/** The worker's side of the channel (typed here: the page's DOM types do not describe a worker). */
interface WorkerScope {
  postMessage(message: ReplayMessage): void;
  onmessage: ((event: MessageEvent<ReplayRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
/** The replayed trace, kept for the time scrubber, and the file its events are in (null: in memory). */
let replayed: Timeline | null = null;
let store: FileChunkStore | null = null;

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'at') {
    if (replayed !== null) scope.postMessage({ kind: 'state', frame: frameAt(replayed, request.event) });
    return;
  }
  void replay(request.file).then(
    (result) => scope.postMessage({ kind: 'done', result }),
    (error: unknown) => scope.postMessage({ kind: 'error', message: errorText(error) }),
  );
};

/** The heap after `event` events (clamped to the trace), as the scrubber shows it. */
function frameAt(timeline: Timeline, event: number): StateFrame {
  const n = Math.max(0, Math.min(timeline.length, Math.round(event)));
  const state = timeline.stateAt(n);
  const info = gcInfo(state);
  const bpb = state.config.blockBytes;
  const facts = `${plural(info.free, 'byte')} free, the longest run ${plural(info.maxFree, 'block')} (${plural(info.maxFree * bpb, 'byte')}), ${plural(state.objectCount, 'object')}`;
  return { event: n, line: n === 0 ? 0 : timeline.lines.at(n - 1)!, facts, maps: stateMaps(state) };
}

async function replay(file: File): Promise<ReplayResult> {
  const started = performance.now();
  replayed = null;
  await store?.close();
  store = await FileChunkStore.open();
  let shown = -1;
  const onProgress = (read: number): void => {
    // A message a percent at most: a large trace makes thousands of batches.
    if (Math.floor(read * 100) === shown) return;
    shown = Math.floor(read * 100);
    scope.postMessage({ kind: 'progress', read, phase: 'replaying' });
  };
  const timeline = await droppedTimeline(file, file.name, { onProgress, series: true, diagnose: true, ...(store === null ? {} : { store }) });
  replayed = timeline;
  scope.postMessage({ kind: 'progress', read: 1, phase: 'diagnosing' });
  const diagnosis = timelineDiagnosis(timeline);
  const { report } = timeline;
  return {
    json: jsonLine('replay', replayJson(report, undefined, undefined, diagnosis)),
    summary: summaryLines(report),
    failure: failureLines(report),
    causes: diagnosis?.causes.map(({ kind, summary }) => ({ kind, summary })) ?? [],
    figures: diagnosis === null ? [] : diagnosisFigures(diagnosis, timeline.lines),
    maps: failureMaps(timeline),
    series: timeline.series,
    events: timeline.length,
    failedEvent: report.memoryError?.event ?? null,
    ms: Math.round(performance.now() - started),
    eventsOnDisk: store !== null,
  };
}

/** What the trace is, and how the replay matched the device. */
function summaryLines(report: ReplayReport): string[] {
  const { config } = report;
  const lines = [
    `MicroPython ${config.profile.version}, ${config.wordBytes * 8}-bit, heap ${heapSize(config)}`,
    `${plural(report.lines, 'line')}, ${plural(report.events, 'engine event')} (${plural(report.allocs, 'allocation request')})`,
  ];
  const { matched, total } = report.checkpoints;
  lines.push(total === 0 ? 'checkpoints (gc_info): none in the trace' : `checkpoints (gc_info): ${matched} of ${total} match the device`);
  if (report.checkedEvents === 0) lines.push('placements: none recorded to check against (an engine trace is replayed, not verified)');
  else if (report.firstDivergence === null) lines.push('placements: every one as the device recorded');
  else lines.push(`placements: ${plural(report.divergences, 'divergence')}; the first at line ${report.firstDivergence.line}`);
  const lost = report.gaps.reduce((sum, gap) => sum + gap.lost, 0);
  if (lost > 0) lines.push(`LOST EVENTS: ${lost} in ${plural(report.gaps.length, 'gap')}; figures cover the replayed stretches only`);
  if (report.truncated !== null) lines.push(`CUT SHORT after line ${report.truncated.afterLine} (${report.truncated.reason}): the rest was not read`);
  return lines;
}

/** The MemoryError, as the CLI's replay prints it; empty without one. */
function failureLines(report: ReplayReport): string[] {
  const error = report.memoryError;
  if (error === null) return [];
  const { header, verdict } = memoryErrorLines(error, report.gaps);
  return [header, `  ${verdict}`, ...renderFailure(error.facts, error.explanation, report.config.blockBytes).map((line) => line.slice(2))];
}

/** The heap when the request failed, the objects in its way marked. */
function failureMaps(timeline: Timeline): ReplayResult['maps'] {
  const error = timeline.report.memoryError;
  if (error === null || error.explanation === null) return [];
  return stateMaps(timeline.stateAt(error.event), error.explanation.blockers[0]?.objects ?? []);
}
