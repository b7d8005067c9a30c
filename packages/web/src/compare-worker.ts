/**
 * A compare worker: reads a dropped trace's what-if events once (as `heaplab compare` does),
 * then runs the cells it is given on them, one at a time, with the CLI's own cell computation,
 * the smallest safe heap included.
 */
import { cellConfig, defaultStrategies, formatAreaList, runCell, type CompareCell } from '@heaplab/analysis';
import type { AreaInput } from '@heaplab/core';
import type { TraceEvents } from '@heaplab/replay';
import type { CompareMessage, ComparePlan, CompareRequest } from './compare-messages.js';
import { droppedTraceEvents } from './dropped-trace.js';
import { errorText } from './error-text.js';

/** The worker's side of the channel (typed here: the page's DOM types do not describe a worker). */
interface WorkerScope {
  postMessage(message: CompareMessage): void;
  onmessage: ((event: MessageEvent<CompareRequest>) => void) | null;
}

const scope = self as unknown as WorkerScope;
/** The events of the file this worker was last given. */
let read: { file: File; events: Promise<TraceEvents> } | null = null;

const eventsOf = (file: File): Promise<TraceEvents> => {
  if (read?.file !== file) read = { file, events: droppedTraceEvents(file, file.name) };
  return read.events;
};

scope.onmessage = (event) => {
  const request = event.data;
  const answer: Promise<CompareMessage> =
    request.kind === 'plan'
      ? eventsOf(request.file).then((trace) => ({ kind: 'plan', plan: planOf(trace) }))
      : eventsOf(request.file).then(({ config, events, lines }) => ({
          kind: 'cell',
          index: request.index,
          result: runCell(cellConfig(config, request.cell), events, lines, true),
        }));
  void answer.then(
    (message) => scope.postMessage(message),
    (error: unknown) => scope.postMessage({ kind: 'error', message: errorText(error) }),
  );
};

/**
 * Every strategy on the trace's heap, as `heaplab compare TRACE` runs them; on a heap of several
 * areas (all in bytes), each strategy again on one area of their total, as `--areas` would.
 */
function planOf(trace: TraceEvents): ComparePlan {
  const areas: readonly AreaInput[] = trace.config.areas ?? [{ bytes: 65536 }];
  const layouts: CompareCell['layout'][] = [null];
  if (areas.length > 1 && areas.every((area) => 'bytes' in area)) {
    const joined = [{ bytes: areas.reduce((sum, area) => sum + ('bytes' in area ? area.bytes : 0), 0) }];
    layouts.push({ label: formatAreaList(joined), heap: { areas: joined } });
  }
  return {
    cells: layouts.flatMap((layout) => defaultStrategies().map((strategy) => ({ strategy, layout }))),
    ownLayout: formatAreaList(areas),
    length: trace.lineCount,
    truncated: trace.truncated,
  };
}
