/**
 * Two-ended first fit, as CircuitPython's long-lived heap did: objects the program marks
 * long-lived go to the highest free run that fits, at its top end, searching the areas from
 * the last; everything else takes first fit from the bottom. Long-lived objects then pile up
 * at the top instead of pinning holes among the short-lived ones.
 */
import { firstFit } from '../block-table/index.js';
import type { HeapConfig } from '../config.js';
import { areaOrder } from './area-order.js';
import { placeInFirstArea } from './first-area.js';
import { readParams } from './params.js';
import { statelessStrategy } from './stateless.js';
import type { FreeRuns, Strategy } from './strategy.js';

let highest = -1;

/** The first block of the highest `blocks` blocks that are free together, or -1. */
function lastFit(runs: FreeRuns, area: number, blocks: number): number {
  highest = -1;
  runs.forEachRun(area, blocks, (start, length) => {
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
    searchesRuns: true,
    place(tables, { blocks, needed, longLived }, runs) {
      const areas = order(needed);
      if (longLived) {
        for (let i = areas.length - 1; i >= 0; i--) {
          const area = areas[i]!;
          const block = lastFit(runs, area, blocks);
          if (block >= 0) return { area, block, blocks };
        }
        return null;
      }
      return placeInFirstArea(tables, runs, areas, (t, _runs, a, n) => firstFit(t[a]!, n), blocks, blocks);
    },
  });
}
