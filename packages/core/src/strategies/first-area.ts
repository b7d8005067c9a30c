/**
 * The search an area-ordered strategy ends with: the areas in the policy's order, the object
 * placed in the first one where the strategy's search finds room.
 */
import type { BlockTable } from '../block-table/index.js';
import type { Placement } from '../outcomes.js';
import type { FreeRuns } from './strategy.js';

/** Where a search for `search` free blocks finds room in `area` (reading its table or its free runs): the first block, or -1. */
export type FindBlock = (tables: readonly BlockTable[], runs: FreeRuns, area: number, search: number) => number;

/** `blocks` blocks from where `find` finds room for `search` blocks, in the first of `areas` where it does; null when none. */
export function placeInFirstArea(
  tables: readonly BlockTable[],
  runs: FreeRuns,
  areas: readonly number[],
  find: FindBlock,
  search: number,
  blocks: number,
): Placement | null {
  for (const area of areas) {
    const block = find(tables, runs, area, search);
    if (block >= 0) return { area, block, blocks };
  }
  return null;
}
