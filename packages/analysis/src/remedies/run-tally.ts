/**
 * What a remedy's replay keeps as it goes, event by event on an engine draft: how many events
 * ran, the first failed request, the smallest margin a request had and the most bytes in use.
 *
 * A request's margin is the longest free run it could be placed from minus the blocks it took:
 * for an allocation, the longest run just before it (after the collection it ran, if any); for a
 * realloc that moved, the same, against its new size; for a realloc that grew in place, that
 * figure or 0, whichever is more (it fitted where it was). A failed request's margin is the
 * longest run after its collection minus the blocks it wanted: negative. The margins that say
 * how near a run came to failing are those of the requests that ran a collection (the heap was
 * as clean as it gets): a request that did not could have collected for more room, and on a heap
 * the collector runs full, some such request fills the last hole with nothing to spare. So the
 * tally keeps the smallest margin of those apart. Bytes in use are the allocated blocks (garbage
 * not yet collected included), as `gc.mem_alloc()` counts them.
 */
import { applyAll, areaFree, type EngineDraft, type HeapEvent, type HeapState, type Outcome } from '@heaplab/core';

/** The figures so far. Plain numbers: a checkpoint keeps a copy. */
export interface Tally {
  /** Events run. */
  events: number;
  /** The event (from 1) of the first failed request, 0 while none failed. */
  failedAt: number;
  /** The smallest margin in blocks of a request that ran a collection (or failed), and of any request; +Infinity before one. */
  minCollectedMargin: number;
  minMargin: number;
  peakUsedBlocks: number;
  /** Events the engine refused (a changed stream that names an object it no longer has). */
  rejected: number;
  /** Failed requests retried after taking a device collection's drops early (see `replayer.ts`). */
  assumedGarbage: number;
  /** The recorded index of the first of those requests; −1 before one. */
  firstAssumedAt: number;
}

export function emptyTally(): Tally {
  return {
    events: 0,
    failedAt: 0,
    minCollectedMargin: Number.POSITIVE_INFINITY,
    minMargin: Number.POSITIVE_INFINITY,
    peakUsedBlocks: 0,
    rejected: 0,
    assumedGarbage: 0,
    firstAssumedAt: -1,
  };
}

/** The heap a tally is kept on: all areas' blocks, and the block size. */
export interface TallyHeap {
  readonly blocks: number;
  readonly blockBytes: number;
}

/** Applies `event` to `draft` and counts it in `tally`; the outcome. */
export function tallyStep(draft: EngineDraft, event: HeapEvent, tally: Tally, heap: TallyHeap): Outcome {
  const request = event.op === 'alloc' || (event.op === 'realloc' && event.bytes > 0);
  const runBefore = request ? draft.largestFreeRun() : 0;
  const outcome = draft.apply(event);
  tally.events++;
  let margin: number | null = null;
  let collected = false;
  switch (outcome.kind) {
    case 'placed':
      collected = outcome.collection !== null;
      margin = (outcome.collection === null ? runBefore : runAfterCollection(draft.snapshot(), [{ op: 'free', id: outcome.id }])) - outcome.at.blocks;
      break;
    case 'realloc':
      if (outcome.result === 'moved') {
        collected = outcome.collection !== null;
        const { area, block, blocks } = outcome.from;
        const undo: HeapEvent[] = [
          { op: 'free', id: outcome.id },
          { op: 'alloc', id: outcome.id, bytes: blocks * heap.blockBytes, at: { area, block } },
        ];
        margin = (outcome.collection === null ? runBefore : runAfterCollection(draft.snapshot(), undo)) - outcome.to.blocks;
      } else if (outcome.result === 'grow') margin = Math.max(0, runBefore - outcome.to.blocks);
      break;
    case 'memory-error':
      margin = Math.max(0, ...outcome.facts.largestFreeRun) - outcome.facts.blocks;
      collected = true;
      tally.failedAt = tally.events;
      break;
    case 'rejected':
      tally.rejected++;
      break;
    default:
  }
  if (margin !== null && margin < tally.minMargin) tally.minMargin = margin;
  if (margin !== null && collected && margin < tally.minCollectedMargin) tally.minCollectedMargin = margin;
  if (outcome.kind === 'placed' || outcome.kind === 'realloc') {
    const used = heap.blocks - draft.freeBlocks();
    if (used > tally.peakUsedBlocks) tally.peakUsedBlocks = used;
  }
  return outcome;
}

/**
 * The longest free run of the heap a request was placed in after its collection: `state` (after
 * the request) with the request undone (the new object freed; a moved one put back at its old place).
 */
function runAfterCollection(state: HeapState, undo: readonly HeapEvent[]): number {
  return Math.max(0, ...areaFree(applyAll(state, undo).state).map((a) => a.largestFreeRun));
}
