/**
 * Shrinking a failing event list: the smallest list found that, on the same heap
 * configuration, still ends in the same failed request. The heap the request met is rebuilt
 * and shrunk (`minimizeLayout`); when that rebuild does not fail the same way, the events
 * themselves are shrunk (`minimizeEvents`).
 */
import type { HeapConfig, HeapEvent } from '@heaplab/core';
import { minimizeEvents } from './minimize-events.js';
import { minimizeLayout } from './minimize-layout.js';

/** How a reproducer was made: from the heap at the failure, or from the events that led there. */
export type MinimizeMethod = 'layout' | 'events';

export interface Minimized {
  /** The shrunk events; the last is the failing request. */
  readonly events: readonly HeapEvent[];
  /** Events before shrinking. */
  readonly originalEvents: number;
  readonly tests: number;
  /**
   * Whether the result is 1-minimal or the test budget ran out first. Its units are the live
   * objects kept (`layout`: with any one of them dropped, left as garbage in its place, the request fits) or the event
   * units (`events`: objects with their events, and global events).
   */
  readonly complete: boolean;
  readonly method: MinimizeMethod;
  /** `layout`: the objects live at the failure, and how many of them the reproducer keeps; `events`: null. */
  readonly objects: { readonly live: number; readonly kept: number } | null;
}

/**
 * `events` must end in the request that fails (an alloc or realloc whose outcome is a
 * MemoryError). Throws `RangeError` if it does not fail on `config`.
 */
export function minimizeFailure(config: HeapConfig, events: readonly HeapEvent[], maxTests = 10_000, onProgress?: (used: number) => void): Minimized {
  if (events.length === 0) throw new RangeError('minimizeFailure: no events');
  const layout = minimizeLayout(config, events, maxTests, onProgress);
  if (layout !== null) {
    const { tests, complete, liveObjects: live, keptObjects: kept } = layout;
    return { events: layout.events, originalEvents: events.length, tests, complete, method: 'layout', objects: { live, kept } };
  }
  const shrunk = minimizeEvents(config, events, maxTests, onProgress);
  return { events: shrunk.events, originalEvents: events.length, tests: shrunk.tests, complete: shrunk.complete, method: 'events', objects: null };
}
