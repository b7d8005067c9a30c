/**
 * The search of the segregated-fit strategies: among the free runs of at least the search size,
 * the one in the smallest size class, the lowest-address one within a class (address order
 * standing in for the class list's order).
 */
import { forEachFreeRun } from '../block-table/index.js';
import type { FindBlock } from './first-area.js';

/** A search that finds the lowest-address run whose class (`classOf` of its length) is smallest. */
export function smallestClassSearch(classOf: (length: number) => number): FindBlock {
  // The run chosen by the current search (one search runs at a time).
  let chosenStart = -1;
  let chosenClass = Infinity;
  const visit = (start: number, length: number): void => {
    const cls = classOf(length);
    if (cls < chosenClass) {
      chosenStart = start;
      chosenClass = cls;
    }
  };
  return (table, search) => {
    chosenStart = -1;
    chosenClass = Infinity;
    forEachFreeRun(table, search, visit);
    return chosenStart;
  };
}
