/**
 * Shrinking a failing event list: the smallest list (by delta debugging over `eventUnits`)
 * that, on the same heap configuration, still ends in the same failed request.
 */
import { createHeap, openDraft, type HeapConfig, type HeapEvent } from '@heaplab/core';
import { ddmin } from './ddmin.js';
import { eventsOf, eventUnits, type Unit } from './event-units.js';

export interface Minimized {
  /** The shrunk events; the last is the failing request. */
  readonly events: readonly HeapEvent[];
  /** Events before shrinking. */
  readonly originalEvents: number;
  readonly tests: number;
  /** Whether the result is 1-minimal (no unit can be dropped) or the test budget ran out. */
  readonly complete: boolean;
}

/**
 * `events` must end in the request that fails (an alloc or realloc whose outcome is a
 * MemoryError). Throws `RangeError` if it does not fail on `config`.
 */
export function minimizeFailure(config: HeapConfig, events: readonly HeapEvent[], maxTests = 10_000, onProgress?: (used: number) => void): Minimized {
  if (events.length === 0) throw new RangeError('minimizeFailure: no events');
  // The failing request is a unit of its own that is always kept.
  const target: Unit = [events.length - 1];
  const units = eventUnits(events.slice(0, -1));
  const candidate = (kept: readonly Unit[]): HeapEvent[] => eventsOf(events, [...kept, target]);
  if (!endsInFailure(config, candidate(units))) throw new RangeError('minimizeFailure: the events do not end in a failed request on this configuration');
  let tests = 0;
  const result = ddmin(
    units,
    (kept) => {
      onProgress?.(++tests / maxTests);
      return endsInFailure(config, candidate(kept));
    },
    maxTests,
  );
  return { events: candidate(result.items), originalEvents: events.length, tests: result.tests, complete: result.complete };
}

/** Whether the events apply cleanly and the last one fails with a MemoryError. */
function endsInFailure(config: HeapConfig, events: readonly HeapEvent[]): boolean {
  const draft = openDraft(createHeap(config));
  for (let i = 0; i < events.length - 1; i++) if (draft.apply(events[i]!).kind === 'rejected') return false;
  return draft.apply(events.at(-1)!).kind === 'memory-error';
}
