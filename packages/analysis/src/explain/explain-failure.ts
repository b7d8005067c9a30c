/**
 * Explaining a failed request the way an engineer would: the request, the free memory and how
 * it is cut up, and the live objects that stand in the way.
 */
import { areaFree, externalFragmentation, type HeapState, type MemoryErrorFacts, type ObjectId } from '@heaplab/core';
import { blockingObjects } from './blocking-objects.js';

/** One object that stands in the way, and where it came from. */
export interface Blocker {
  readonly id: ObjectId;
  readonly area: number;
  readonly block: number;
  readonly blocks: number;
  readonly bytes: number;
  /** The number of the engine event that allocated it (from 1: the heap after that event is the first to hold it), and its trace line when known; 0 for an object of the heap the run started from (a dump). */
  readonly bornEvent: number;
  readonly bornLine: number | null;
}

export interface AreaFigures {
  readonly area: number;
  readonly blocks: number;
  readonly freeBlocks: number;
  readonly largestFreeRun: number;
  /** External fragmentation, 1 − largest run / free blocks (0 when nothing is free). */
  readonly fragmentation: number;
}

export interface FailureExplanation {
  readonly bytes: number;
  readonly blocks: number;
  readonly blockBytes: number;
  readonly freeBytes: number;
  /** Over the whole heap: 1 − (largest run in any area) / (free blocks in all). */
  readonly fragmentation: number;
  readonly areas: readonly AreaFigures[];
  /** Per area, the cheapest objects to free to make the request fit there; fewest first. */
  readonly blockers: readonly { readonly area: number; readonly block: number; readonly objects: readonly Blocker[] }[];
  /** The collection the request ran before failing, if any. */
  readonly collection: { readonly freedObjects: number; readonly freedBytes: number } | null;
}

/** The explanation of `facts` on `state` (the heap when the request failed); `startEvents`: the events that built the heap the run started from (a dump's), not the run's own. */
export function explainFailure(state: HeapState, facts: MemoryErrorFacts, bornLine: (id: ObjectId) => number | null, startEvents = 0): FailureExplanation {
  const bpb = state.config.blockBytes;
  const areas = areaFree(state).map((a) => ({ ...a, fragmentation: externalFragmentation(a.largestFreeRun, a.freeBlocks) }));
  const free = areas.reduce((sum, a) => sum + a.freeBlocks, 0);
  const largest = Math.max(0, ...areas.map((a) => a.largestFreeRun));
  const blockers = blockingObjects(state, facts.blocks)
    .map((window) => ({
      area: window.area,
      block: window.block,
      objects: window.objects.map((o) => ({
        id: o.id,
        area: o.area,
        block: o.block,
        blocks: o.blocks,
        bytes: o.bytes,
        bornEvent: Math.max(0, o.born + 1 - startEvents),
        bornLine: bornLine(o.id),
      })),
    }))
    .sort((a, b) => a.objects.length - b.objects.length || a.area - b.area);
  return {
    bytes: facts.bytes,
    blocks: facts.blocks,
    blockBytes: bpb,
    freeBytes: facts.freeBytes,
    fragmentation: externalFragmentation(largest, free),
    areas,
    blockers,
    collection: facts.collection === null ? null : { freedObjects: facts.collection.freed.length, freedBytes: facts.collection.freedBlocks * bpb },
  };
}
