/**
 * Shrinking a failing event list by its own events: delta debugging over `eventUnits`, every
 * candidate replayed from the empty heap. It needs no model of the failure, so it is the
 * fallback for a failure the heap's layout does not rebuild; it is slow on long lists.
 */
import { createHeap, openDraft, type HeapConfig, type HeapEvent } from '@heaplab/core';
import { ddmin, type DdminResult } from './ddmin.js';
import { eventsOf, eventUnits, type Unit } from './event-units.js';

/** The shrunk events (the failing request last) and how the search went. */
export interface EventsMinimized extends DdminResult<Unit> {
  readonly events: readonly HeapEvent[];
}

/**
 * `events` must end in the request that fails (an alloc or realloc whose outcome is a
 * MemoryError). Throws `RangeError` if it does not fail on `config`.
 */
export function minimizeEvents(config: HeapConfig, events: readonly HeapEvent[], maxTests: number, onProgress?: (used: number) => void): EventsMinimized {
  // The failing request is a unit of its own that is always kept.
  const target: Unit = [events.length - 1];
  const units = eventUnits(events.slice(0, -1));
  const candidate = (kept: readonly Unit[]): HeapEvent[] => eventsOf(events, [...kept, target]);
  if (!endsInFailure(config, candidate(units))) throw new RangeError('minimizeFailure: the events do not end in a failed request on this configuration');
  let tests = 0;
  const result = ddmin(
    units,
    (kept) => {
      tests++;
      onProgress?.(tests / maxTests);
      return endsInFailure(config, candidate(kept));
    },
    maxTests,
  );
  return { ...result, events: candidate(result.items) };
}

/** Whether the events apply cleanly and the last one fails with a MemoryError. */
function endsInFailure(config: HeapConfig, events: readonly HeapEvent[]): boolean {
  const draft = openDraft(createHeap(config));
  for (let i = 0; i < events.length - 1; i++) if (draft.apply(events[i]!).kind === 'rejected') return false;
  return draft.apply(events.at(-1)!).kind === 'memory-error';
}
