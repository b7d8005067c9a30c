/**
 * `gc_alloc`, step by step as gc.c's `gc_alloc` takes them: zero size, lock, threshold collection,
 * search, one collection on failure and one more search.
 */
import { freeBlocks, largestFreeRun } from './block-table/index.js';
import { collect } from './collect.js';
import type { HeapDraft } from './draft.js';
import type { ObjectId } from './events.js';
import type { CollectReport, MemoryErrorFacts, Placement } from './outcomes.js';
import type { PlacementRequest } from './strategies/strategy.js';

/**
 * Allocates `request.blocks` blocks and returns where, or null when the request fails (the
 * caller builds its facts with `failureFacts`). The collection it ran, if any, is left in
 * `draft.allocCollection`, so a successful call allocates no result object. `pinned` names an object that must survive a
 * collection run from here (the old block of a moving realloc), and `sweep`, when given, is what
 * such a collection frees. `thresholdCollect` runs a threshold collection first whatever the
 * counter says (a device trace recorded one). A locked heap fails at once.
 */
export function gcAlloc(
  draft: HeapDraft,
  request: PlacementRequest,
  pinned?: ObjectId,
  sweep?: readonly ObjectId[],
  thresholdCollect = false,
): Placement | null {
  draft.allocCollection = null;
  if (draft.control.lockDepth > 0) return null;
  let collected = !draft.control.autoCollect;
  const threshold = draft.control.thresholdBlocks;
  const due = !collected && threshold >= 0 && draft.allocAmount >= threshold;
  if (due || thresholdCollect) {
    const report = collect(draft, 'threshold', { pinned, freedIds: sweep });
    draft.allocCollection = due ? report : { ...report, unexpected: true };
    collected = true;
  }
  for (;;) {
    const at = draft.claim(request);
    if (at !== null) {
      draft.allocAmount += request.blocks;
      return at;
    }
    if (collected) return null;
    draft.allocCollection = collect(draft, 'alloc-fail', { pinned, freedIds: sweep });
    collected = true;
  }
}

/** The facts of a request that failed now. */
export function failureFacts(draft: HeapDraft, bytes: number, blocks: number, locked: boolean, collection: CollectReport | null): MemoryErrorFacts {
  let free = 0;
  const runs = draft.tables.map((table) => {
    free += freeBlocks(table);
    return largestFreeRun(table);
  });
  return { bytes, blocks, locked, freeBytes: free * draft.config.blockBytes, largestFreeRun: runs, collection };
}
