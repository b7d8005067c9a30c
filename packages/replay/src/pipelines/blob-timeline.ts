/**
 * `buildTimeline` for a trace in a Blob (a browser's File): read twice, once for its first line
 * (which tells the kind of trace), then streamed through the replay.
 */
import { firstLine, traceItemsOf } from './trace-items.js';
import { readBlobLines } from '../sources/read-blob-lines.js';
import { timelineOf, type Timeline, type TimelineOptions } from './timeline.js';

/** The timeline of the trace in `blob` (plain or gzip); `name` names it in the report and errors. */
export async function buildBlobTimeline(blob: Blob, name: string, options: TimelineOptions = {}): Promise<Timeline> {
  const first = await firstLine(readBlobLines(blob, name, { batchLines: 1 }));
  return timelineOf(name, traceItemsOf(name, first, readBlobLines(blob, name, { keepCut: true }), options), options);
}
