/**
 * Two-ended first fit, as CircuitPython's long-lived heap did: objects the program marks
 * long-lived go to the highest free run that fits, at its top end, searching the areas from
 * the last; everything else takes first fit from the bottom. Long-lived objects then pile up
 * at the top instead of pinning holes among the short-lived ones.
 */
import { firstFit, forEachFreeRun, type BlockTable } from '../block-table/index.js';
import type { HeapConfig } from '../config.js';
import { areaOrder } from './area-order.js';
import { placeInFirstArea } from './first-area.js';
import { readParams } from './params.js';
import { statelessStrategy } from './stateless.js';
import type { Strategy } from './strategy.js';

let highest = -1;

/** The first block of the highest `blocks` blocks that are free together, or -1. */
function lastFit(table: BlockTable, blocks: number): number {
  highest = -1;
  forEachFreeRun(table, blocks, (start, length) => {
    highest = start + length - blocks;
  });
  return highest;
}

export function twoEndedStrategy(config: HeapConfig): Strategy<null, null> {
  readParams(config, {});
  const order = areaOrder(config);
  return statelessStrategy({
    name: 'two-ended',
    summary: 'long-lived objects from the top of the heap, the rest first fit from the bottom (CircuitPython)',
    place(tables, { blocks, needed, longLived }) {
      const areas = order(needed);
      if (longLived) {
        for (let i = areas.length - 1; i >= 0; i--) {
          const area = areas[i]!;
          const block = lastFit(tables[area]!, blocks);
          if (block >= 0) return { area, block, blocks };
        }
        return null;
      }
      return placeInFirstArea(tables, areas, firstFit, blocks, blocks);
    },
  });
}
