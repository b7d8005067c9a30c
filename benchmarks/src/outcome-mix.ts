/**
 * The outcome mix of a run: how many requests were placed, failed, freed, collected, and how
 * full the heap was along the way. It shows readers what a benchmark stream actually exercises.
 */
import type { CollectReport, Outcome } from '@heaplab/core';

/** Counts of what a run's events did, and the heap's fill over the run. */
export interface OutcomeMix {
  readonly events: number;
  readonly placed: number;
  readonly allocMemoryErrors: number;
  readonly reallocMemoryErrors: number;
  /** Explicit `gc_free`s. */
  readonly freed: number;
  readonly reallocGrow: number;
  readonly reallocMoved: number;
  readonly reallocShrinkOrSame: number;
  /** Reallocs that could not grow in place and were not allowed to move. */
  readonly reallocNoMove: number;
  readonly explicitCollections: number;
  readonly thresholdCollections: number;
  readonly allocFailCollections: number;
  readonly objectsCollected: number;
  /** Root, reference and setting changes. */
  readonly ok: number;
  readonly rejected: number;
  /** Mean share of the heap's blocks in use after each event (live objects and garbage). */
  readonly meanFill: number;
  /** Mean share in use right after a collection: the live data. */
  readonly meanFillAfterCollection: number;
  readonly minFillAfterCollection: number;
  readonly maxFillAfterCollection: number;
}

/** The mix of `outcomes`, from an empty heap of `totalBlocks` blocks. */
export function outcomeMix(outcomes: readonly Outcome[], totalBlocks: number): OutcomeMix {
  const count = {
    placed: 0,
    allocMemoryErrors: 0,
    reallocMemoryErrors: 0,
    freed: 0,
    reallocGrow: 0,
    reallocMoved: 0,
    reallocShrinkOrSame: 0,
    reallocNoMove: 0,
    explicitCollections: 0,
    thresholdCollections: 0,
    allocFailCollections: 0,
    objectsCollected: 0,
    ok: 0,
    rejected: 0,
  };
  let used = 0;
  let fillSum = 0;
  const afterCollection: number[] = [];
  const swept = (report: CollectReport | null): void => {
    if (report === null) return;
    if (report.reason === 'explicit') count.explicitCollections++;
    else if (report.reason === 'threshold') count.thresholdCollections++;
    else count.allocFailCollections++;
    count.objectsCollected += report.freed.length;
    used -= report.freedBlocks;
    afterCollection.push(used / totalBlocks);
  };
  for (const outcome of outcomes) {
    switch (outcome.kind) {
      case 'placed':
        swept(outcome.collection);
        count.placed++;
        used += outcome.at.blocks;
        break;
      case 'memory-error':
        swept(outcome.facts.collection);
        if (outcome.op === 'alloc') count.allocMemoryErrors++;
        else count.reallocMemoryErrors++;
        break;
      case 'freed':
        count.freed++;
        used -= outcome.at.blocks;
        break;
      case 'realloc':
        swept(outcome.collection);
        if (outcome.result === 'grow') count.reallocGrow++;
        else if (outcome.result === 'moved') count.reallocMoved++;
        else count.reallocShrinkOrSame++;
        used += outcome.to.blocks - outcome.from.blocks;
        break;
      case 'realloc-failed':
        count.reallocNoMove++;
        break;
      case 'collected':
        swept(outcome.report);
        break;
      case 'rejected':
        count.rejected++;
        break;
      default:
        count.ok++;
    }
    fillSum += used / totalBlocks;
  }
  return {
    events: outcomes.length,
    ...count,
    meanFill: outcomes.length === 0 ? 0 : fillSum / outcomes.length,
    meanFillAfterCollection: afterCollection.length === 0 ? 0 : afterCollection.reduce((a, b) => a + b, 0) / afterCollection.length,
    minFillAfterCollection: afterCollection.length === 0 ? 0 : Math.min(...afterCollection),
    maxFillAfterCollection: afterCollection.length === 0 ? 0 : Math.max(...afterCollection),
  };
}
