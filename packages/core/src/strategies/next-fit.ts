/**
 * Next fit: first fit that starts where the last allocation ended (a roving pointer) and wraps
 * around, through the areas in the policy's order. Frees never move the rover. Wilson found
 * this policy fragments badly when frees come in batches, as a collector's do.
 */
import { firstFitAfter } from '../block-table/index.js';
import type { HeapConfig } from '../config.js';
import type { Placement } from '../outcomes.js';
import { areaOrder } from './area-order.js';
import { readParams } from './params.js';
import type { Strategy } from './strategy.js';

/** Where the next search starts: just past the last object placed. */
export interface Rover {
  readonly area: number;
  readonly block: number;
}

interface Work {
  base: Rover;
  area: number;
  block: number;
}

export function nextFitStrategy(config: HeapConfig): Strategy<Rover, Work> {
  readParams(config, {});
  const order = areaOrder(config);
  return {
    name: 'next-fit',
    summary: 'next fit: first fit from a roving pointer left where the last allocation ended',
    blocksFor: (blocks) => blocks,
    growsInPlace: () => true,
    initial: () => ({ area: 0, block: 0 }),
    begin: (rover) => ({ base: rover, area: rover.area, block: rover.block }),
    finish(work) {
      if (work.area !== work.base.area || work.block !== work.base.block) work.base = { area: work.area, block: work.block };
      return work.base;
    },
    place(work, tables, { blocks, needed }): Placement | null {
      const areas = order(needed);
      const first = Math.max(0, areas.indexOf(work.area));
      // The rover's area from the rover on, the other areas whole, then the rover's area again
      // from its start (a run found there now lies before the rover).
      for (let i = 0; i <= areas.length; i++) {
        const area = areas[(first + i) % areas.length]!;
        const from = i === 0 && area === work.area ? work.block : 0;
        const block = firstFitAfter(tables[area]!, blocks, from);
        if (block >= 0) return { area, block, blocks };
      }
      return null;
    },
    claimed(work, area, block, blocks, searched) {
      if (!searched) return;
      work.area = area;
      work.block = block + blocks;
    },
    grown: () => {},
    released: () => {},
    collected: () => {},
  };
}
