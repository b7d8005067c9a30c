/**
 * Which collection an outcome reports: allocations and moving reallocs may run one, a failed
 * request says whether it did, and a `collect` event is one.
 */
import type { CollectReport, Outcome } from './outcomes.js';

/** The collection this outcome reports, or null. */
export function collectionOf(outcome: Outcome): CollectReport | null {
  switch (outcome.kind) {
    case 'placed':
    case 'realloc':
      return outcome.collection;
    case 'memory-error':
      return outcome.facts.collection;
    case 'collected':
      return outcome.report;
    default:
      return null;
  }
}
