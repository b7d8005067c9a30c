/**
 * `gc_alloc`, step by step as in spec §3.1: zero size, lock, threshold collection, search, one
 * collection on failure and one more search.
 */
import { freeBlocks, largestFreeRun } from './block-table.js';
import { collect } from './collect.js';
import type { HeapDraft } from './draft.js';
import type { ObjectId } from './events.js';
import type { CollectReport, MemoryErrorFacts, Placement } from './outcomes.js';
import type { PlacementRequest } from './strategies/strategy.js';

/** The result of one gc_alloc call: a spot, or the facts of its failure. */
export type GcAllocResult =
  | { readonly ok: true; readonly at: Placement; readonly collection: CollectReport | null }
  | { readonly ok: false; readonly facts: MemoryErrorFacts };

/**
 * Allocates `request.blocks` blocks (for a request of `bytes`); `pinned` names an object that must
 * survive a collection run from here (the old block of a moving realloc), and `sweep`, when
 * given, is what such a collection frees.
 */
export function gcAlloc(draft: HeapDraft, bytes: number, request: PlacementRequest, pinned?: ObjectId, sweep?: readonly ObjectId[]): GcAllocResult {
  const { blocks } = request;
  if (draft.control.lockDepth > 0) return { ok: false, facts: failureFacts(draft, bytes, blocks, true, null) };
  let collected = !draft.control.autoCollect;
  let collection: CollectReport | null = null;
  const threshold = draft.control.thresholdBlocks;
  if (!collected && threshold >= 0 && draft.allocAmount >= threshold) {
    collection = collect(draft, 'threshold', { pinned, freedIds: sweep });
    collected = true;
  }
  for (;;) {
    const at = draft.claim(request);
    if (at !== null) {
      draft.allocAmount += blocks;
      return { ok: true, at, collection };
    }
    if (collected) return { ok: false, facts: failureFacts(draft, bytes, blocks, false, collection) };
    collection = collect(draft, 'alloc-fail', { pinned, freedIds: sweep });
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
