/**
 * `preallocate`: serve a request series from one buffer allocated once, at start-up, at the
 * largest size the series asks for. The change takes out every event of the series' objects'
 * lives (allocations, reallocs, frees, roots, references, mentions in sweep lists) and puts one
 * allocation of the buffer, under a fresh id, before the first event.
 */
import type { HeapEvent, ObjectId } from '@heaplab/core';
import { eventAt } from '../diagnosis/wording.js';
import { plural } from '@heaplab/core';
import { withoutObjects } from './object-lives.js';
import type { Remedy } from './remedy.js';
import { lineAt, type RemedyContext } from './remedy-context.js';
import { checkText } from './remedy-wording.js';
import type { RequestSeries } from './request-series.js';
import { StreamEdit } from './stream-edit.js';

/** The change: the series' events out, the buffer in. */
export function preallocateEdit(events: readonly HeapEvent[], series: RequestSeries): StreamEdit {
  const edit = new StreamEdit();
  let freshId = 0;
  for (const event of events) if (event.op === 'alloc' && event.id >= freshId) freshId = event.id + 1;
  // An id names a series object only during its life: strip each event of the objects it names then.
  const named = new Map<number, ObjectId[]>();
  for (const [allocation, life] of series.lives) {
    const id = (events[allocation] as { id: ObjectId }).id;
    for (const index of life) named.set(index, [...(named.get(index) ?? []), id]);
  }
  for (const [index, ids] of named) edit.replace(index, withoutObjects(events[index]!, new Set(ids)));
  edit.insertBefore(0, { op: 'alloc', id: freshId, bytes: series.maxBytes });
  return edit;
}

export function preallocate(context: RemedyContext, series: RequestSeries): Remedy {
  const { events } = context;
  const edit = preallocateEdit(events, series);
  const verified = context.replayer.run(edit).check;
  let requests = 0;
  for (const life of series.lives.values()) for (const index of life) if (events[index]!.op === 'alloc' || events[index]!.op === 'realloc') requests++;
  const firstEvent = series.allocations[0]! + 1;
  const firstLine = lineAt(context, firstEvent);
  const what =
    series.kind === 'growing'
      ? `the ${plural(requests, 'request')} of the growing series (from ${plural(series.firstBytes, 'byte')} at ${eventAt(firstEvent, firstLine)})`
      : `the ${plural(requests, 'request')} of ${plural(series.maxBytes, 'byte')} (from ${eventAt(firstEvent, firstLine)})`;
  const unbounded = series.bounded
    ? ''
    : '; the series grows without levelling off, so the buffer is large enough for this recording only: cap the growth at that size too';
  return {
    kind: 'preallocate',
    summary: `Allocate one ${series.maxBytes}-byte buffer at start-up and serve ${what} from it: ${checkText(verified)}${unbounded}.`,
    change: {
      series: series.kind,
      bufferBytes: series.maxBytes,
      objects: series.allocations.length,
      requests,
      firstEvent,
      firstLine,
      bounded: series.bounded,
    },
    verified,
  };
}
