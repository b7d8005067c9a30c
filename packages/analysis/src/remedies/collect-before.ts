/**
 * `collect-before` (workloads): a collection (`gc.collect()`) just before each large request:
 * the requests of the failing request's series (or, when it has none, of the whole run) of at
 * least half the failing request's bytes. Only a run with real reachability (roots and
 * references) can say what such a collection frees.
 */
import type { HeapEvent } from '@heaplab/core';
import { eventAt } from '../diagnosis/wording.js';
import { plural } from '@heaplab/core';
import type { Remedy } from './remedy.js';
import { lineAt, type RemedyContext } from './remedy-context.js';
import { checkText } from './remedy-wording.js';
import type { RequestSeries } from './request-series.js';
import { StreamEdit } from './stream-edit.js';

/** The recorded indices of the large requests: of the series' objects when there is a series, else of all. */
export function largeRequests(events: readonly HeapEvent[], series: RequestSeries | null, failingBytes: number): number[] {
  const candidates = series === null ? events.keys() : [...series.lives.values()].flat().sort((a, b) => a - b);
  const large: number[] = [];
  for (const index of candidates) {
    const event = events[index]!;
    if ((event.op === 'alloc' || event.op === 'realloc') && event.bytes * 2 >= failingBytes) large.push(index);
  }
  return large;
}

export function collectBeforeEdit(requests: readonly number[]): StreamEdit {
  const edit = new StreamEdit();
  for (const index of requests) edit.insertBefore(index, { op: 'collect' });
  return edit;
}

export function collectBefore(context: RemedyContext, series: RequestSeries | null): Remedy {
  const requests = largeRequests(context.events, series, context.diagnosis.failure.bytes);
  const verified = context.replayer.run(collectBeforeEdit(requests)).check;
  const firstEvent = requests[0]! + 1;
  const firstLine = lineAt(context, firstEvent);
  const which = series === null ? 'request' : 'request of the series';
  return {
    kind: 'collect-before',
    summary: `Collect (gc.collect()) before each ${which} of at least half the failing request's size, ${plural(requests.length, 'collection')} from ${eventAt(firstEvent, firstLine)} on: ${checkText(verified)}.`,
    change: { collections: requests.length, firstEvent, firstLine },
    verified,
  };
}
