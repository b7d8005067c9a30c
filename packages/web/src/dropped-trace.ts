/**
 * A dropped trace as the page's workers read it. The replay's errors are the CLI's, but the page
 * has no --skip-bad-lines switch: a trace cut short inside its last line gets advice the page
 * can stand behind (capture it again, or the command that reads the lines before the cut).
 */
import { blobTraceEvents, buildBlobTimeline, type Timeline, type TimelineOptions, type TraceEvents } from '@heaplab/replay';

/** What to do about a trace that ends inside a line the page cannot read. */
export const PAGE_CUT_ADVICE =
  'the page replays only a trace that ends with a whole line: capture it again, or, to use the lines before it, run heaplab replay TRACE --skip-bad-lines';

/** The replay worker's timeline of `file` (what `buildBlobTimeline` gives, with the page's advice). */
export function droppedTimeline(file: Blob, name: string, options: TimelineOptions = {}): Promise<Timeline> {
  return buildBlobTimeline(file, name, { ...options, cutAdvice: PAGE_CUT_ADVICE });
}

/** The compare worker's events of `file` (what `blobTraceEvents` gives, with the page's advice). */
export function droppedTraceEvents(file: Blob, name: string): Promise<TraceEvents> {
  return blobTraceEvents(file, name, { cutAdvice: PAGE_CUT_ADVICE });
}
