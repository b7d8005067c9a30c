/**
 * The heap a command runs a workload on: the workload's own, a board preset (`--board`) or a
 * layout (`--areas`), with a strategy spec (`--strategy`).
 */
import { HeapInputError, parseStrategySpec, type HeapConfigInput } from '@heaplab/core';
import { parseAreaList } from './area-list.js';
import { findBoard } from './boards.js';

export interface HeapChoice {
  readonly board?: string;
  readonly areas?: string;
  readonly strategy?: string;
}

/** The configuration for `base` (the workload's heap) under the user's choices. */
export function chooseHeap(base: HeapConfigInput, choice: HeapChoice): HeapConfigInput {
  if (choice.board !== undefined && choice.areas !== undefined) throw new HeapInputError('give --board or --areas, not both', { field: '--areas' });
  let config: HeapConfigInput = base;
  if (choice.board !== undefined) config = { ...findBoard(choice.board).heap };
  if (choice.areas !== undefined) {
    const areas = parseAreaList(choice.areas);
    config = { ...config, areas, splitHeap: areas.length > 1 };
  }
  return choice.strategy === undefined ? config : { ...config, ...parseStrategySpec(choice.strategy) };
}
