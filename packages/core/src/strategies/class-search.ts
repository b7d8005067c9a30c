/**
 * The search of the segregated-fit strategies: among the free runs of at least the search size,
 * the one in the smallest size class, the lowest-address one within a class (address order
 * standing in for the class list's order).
 */
import type { FindBlock } from './first-area.js';

/** A search that finds the lowest-address run whose class (`classOf` of its length) is smallest. */
export function smallestClassSearch(classOf: (length: number) => number): FindBlock {
  // The run chosen by the current search (one search runs at a time).
  let chosenStart = -1;
  let chosenClass = Infinity;
  // The class of the search size: no run can be in a smaller one, so the first run in it is the answer.
  let floorClass = 0;
  const visit = (start: number, length: number): boolean => {
    const cls = classOf(length);
    if (cls < chosenClass) {
      chosenStart = start;
      chosenClass = cls;
    }
    return cls <= floorClass;
  };
  return (_tables, runs, area, search) => {
    chosenStart = -1;
    chosenClass = Infinity;
    floorClass = classOf(search);
    runs.forEachRun(area, search, visit);
    return chosenStart;
  };
}
