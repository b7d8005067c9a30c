/**
 * Shrinking a failure by its structure. A request fails because of the heap it meets, not
 * because of the history that made it, so the reproducer rebuilds that heap (see
 * `HeapRebuild`): the objects live at the failure, each where it was, then the request. Only
 * that rebuild failing the same request, with every object back in place, lets it stand in
 * for the history; otherwise there is no structural reproducer (null).
 *
 * Delta debugging then drops objects (see `DropTrial`): a dropped object's blocks become
 * garbage, the others keep their places. The reproducer written is the rebuild of the objects
 * kept, with one filler for each run of blocks between them; when the strategy does not place
 * that the same way (checked by replaying it), the searched rebuild itself is written, dropped
 * objects as garbage. It is 1-minimal when the
 * search ends within the budget: with any single one of its objects dropped, the request fits.
 */
import type { HeapConfig, HeapEvent, Outcome } from '@heaplab/core';
import { ddmin } from './ddmin.js';
import { DropTrial, sameFailure } from './drop-trial.js';
import { failureLayout, type FailureLayout } from './failure-layout.js';
import { HeapRebuild, type RebuildWalk } from './heap-rebuild.js';

/** The shrunk reproducer and how the search went. */
export interface LayoutMinimized {
  readonly events: readonly HeapEvent[];
  /** Live objects at the failure. */
  readonly liveObjects: number;
  /** Of those, the objects the reproducer keeps (the failed realloc's own object included). */
  readonly keptObjects: number;
  /** Replays run, the check of the full rebuild included. */
  readonly tests: number;
  /** No single kept object can be dropped (false: the budget ran out first). */
  readonly complete: boolean;
}

/**
 * `events` must end in a request that fails on `config`; null when the rebuilt heap does not
 * fail it the same way (then only the events themselves can be shrunk). At most `maxTests`
 * replays, the check of the full rebuild counting as one.
 */
export function minimizeLayout(
  config: HeapConfig,
  events: readonly HeapEvent[],
  maxTests: number,
  onProgress?: (used: number) => void,
): LayoutMinimized | null {
  const layout = failureLayout(config, events);
  if (layout === null) return null;
  const rebuild = new HeapRebuild(layout);
  const everything = layout.objects.map((_, index) => index);
  onProgress?.(1 / maxTests);
  const full = rebuild.build(everything);
  if (full === null || (layout.request.op === 'realloc' && !full.close())) return null;
  const before = full.draft.snapshot();
  if (!rebuildsFailure(layout, full)) return null;

  const units = everything.filter((index) => index !== layout.target);
  const trial = new DropTrial(layout, units, before);
  const result = ddmin(
    units,
    (kept) => {
      onProgress?.((trial.trials + 2) / maxTests);
      return trial.fails(kept);
    },
    maxTests - 1,
    { subsets: false },
  );
  const kept = layout.target < 0 ? result.items : [...result.items, layout.target].sort((a, b) => a - b);
  const out = compacted(rebuild, kept) ?? searched(rebuild, kept);
  return { events: out, liveObjects: layout.objects.length, keptObjects: kept.length, tests: result.tests + 1, complete: result.complete };
}

/**
 * Makes the failed request where `walk` stands (first filling the rest of the area for a
 * realloc, and locking the heap if it was locked); its outcome, or null when a filler lands
 * elsewhere.
 */
function request(layout: FailureLayout, walk: RebuildWalk, events?: HeapEvent[]): Outcome | null {
  if (layout.request.op === 'realloc' && !walk.close()) return null;
  if (layout.facts.locked) {
    walk.draft.apply({ op: 'lock' });
    events?.push({ op: 'lock' });
  }
  events?.push(layout.request);
  return walk.draft.apply(layout.request);
}

/**
 * Whether the full rebuild fails the request as the history did, on the same heap: the same
 * MemoryError, and (unless the heap was locked, when nothing is collected) every filler gone
 * and every object kept, so the request met exactly the objects it met before.
 */
function rebuildsFailure(layout: FailureLayout, walk: RebuildWalk): boolean {
  const outcome = request(layout, walk);
  if (outcome === null || !sameFailure(layout, outcome)) return false;
  return layout.facts.locked || walk.draft.snapshot().objectCount === layout.objects.length;
}

/**
 * The kept objects with one filler for each run of blocks between them, or null when a filler
 * lands elsewhere or the request does not fail. When it fails, it fails as the searched rebuild
 * does with any object dropped too: the kept objects are in the same places, the blocks between
 * them garbage until the request's collection (or free, in areas after the last kept object,
 * where a request that fits in free blocks fits after the collection as well).
 */
function compacted(rebuild: HeapRebuild, kept: readonly number[]): HeapEvent[] | null {
  const events: HeapEvent[] = [];
  const walk = rebuild.build(kept, { events });
  const outcome = walk === null ? null : request(rebuild.layout, walk, events);
  return outcome !== null && sameFailure(rebuild.layout, outcome) ? events : null;
}

/** The rebuild the search tried: every object in its place, the dropped ones as garbage. */
function searched(rebuild: HeapRebuild, kept: readonly number[]): HeapEvent[] {
  const { layout } = rebuild;
  const keep = new Set(kept);
  const garbage = new Set(layout.objects.flatMap((_, index) => (keep.has(index) ? [] : [index])));
  const events: HeapEvent[] = [];
  // The full rebuild placed every object, and garbage lands where the object would.
  request(
    layout,
    rebuild.build(
      layout.objects.map((_, index) => index),
      { events, garbage },
    )!,
    events,
  );
  return events;
}
