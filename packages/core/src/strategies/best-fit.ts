/**
 * Best fit and worst fit: the smallest (or largest) free run that holds the request, the
 * lowest such run on a tie, in the first area (by the area policy) that has one.
 */
import { runChooser } from './run-chooser.js';
import type { FreeRuns } from './strategy.js';

// The run chosen by the current search (one search runs at a time).
let chosenStart = -1;
let chosenLength = 0;

function tightest(_tables: unknown, runs: FreeRuns, area: number, blocks: number): number {
  chosenStart = -1;
  chosenLength = Infinity;
  runs.forEachRun(area, blocks, (start, length) => {
    if (length < chosenLength) {
      chosenStart = start;
      chosenLength = length;
    }
    // An exact fit is the tightest there is, and the lowest one comes first.
    return length === blocks;
  });
  return chosenStart;
}

function loosest(_tables: unknown, runs: FreeRuns, area: number, blocks: number): number {
  chosenStart = -1;
  chosenLength = 0;
  runs.forEachRun(area, blocks, (start, length) => {
    if (length > chosenLength) {
      chosenStart = start;
      chosenLength = length;
    }
  });
  return chosenStart;
}

/** Best fit: the tightest hole. */
export const bestFitStrategy = runChooser('best-fit', 'best fit: the smallest free run that holds the request', tightest, true);

/** Worst fit: the largest hole, leaving the biggest remainder. */
export const worstFitStrategy = runChooser('worst-fit', 'worst fit: the largest free run, so the remainder stays large', loosest, true);
