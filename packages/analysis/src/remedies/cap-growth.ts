/**
 * `cap-growth`: a growing series never asks for more than a cap; every request of its objects
 * above the cap asks for the cap instead. The cap is searched in whole blocks, down from the
 * largest size the series asks for to its first size (`largestSurviving`): the largest cap found
 * at which the recording survives.
 */
import type { HeapEvent } from '@heaplab/core';
import { plural } from '@heaplab/core';
import { largestSurviving } from './largest-surviving.js';
import type { Remedy } from './remedy.js';
import type { RemedyContext } from './remedy-context.js';
import { checkText } from './remedy-wording.js';
import type { RequestSeries } from './request-series.js';
import { StreamEdit } from './stream-edit.js';

/** The change: each request of the series above `capBytes` asks for `capBytes`. */
export function capGrowthEdit(events: readonly HeapEvent[], series: RequestSeries, capBytes: number): { edit: StreamEdit; capped: number } {
  const edit = new StreamEdit();
  let capped = 0;
  for (const life of series.lives.values()) {
    for (const index of life) {
      const event = events[index]!;
      if ((event.op === 'alloc' || event.op === 'realloc') && event.bytes > capBytes) {
        edit.replace(index, { ...event, bytes: capBytes });
        capped++;
      }
    }
  }
  return { edit, capped };
}

export function capGrowth(context: RemedyContext, series: RequestSeries): Remedy | null {
  const { events, replayer } = context;
  const bpb = context.config.blockBytes;
  const low = Math.ceil(series.firstBytes / bpb);
  const uncapped = Math.ceil(series.maxBytes / bpb);
  const { best, failing } = largestSurviving(low, uncapped, (blocks) => replayer.run(capGrowthEdit(events, series, blocks * bpb).edit));
  const chosen = best ?? failing;
  if (chosen === null) return null;
  const capBytes = chosen.value * bpb;
  const verified = chosen.replayed.check;
  const range = `${series.firstBytes} to ${series.maxBytes} bytes`;
  const summary =
    best === null
      ? `No cap on the growing series (${range}) helps, down to its first size (${plural(capBytes, 'byte')}): ${checkText(verified)}.`
      : `Cap the growing series (${range}) at ${plural(capBytes, 'byte')}: ${checkText(verified)}` +
        (failing === null ? '.' : `; a cap of ${plural(failing.value * bpb, 'byte')} still fails.`);
  return {
    kind: 'cap-growth',
    summary,
    change: {
      capBytes,
      firstBytes: series.firstBytes,
      uncappedBytes: series.maxBytes,
      requestsCapped: capGrowthEdit(events, series, capBytes).capped,
      failingCapBytes: best === null || failing === null ? null : failing.value * bpb,
    },
    verified,
  };
}
