/** Address-ordered first fit: the lowest free run that fits, searched from block 0 every time. */
import { firstFit } from '../block-table/index.js';
import type { HeapConfig } from '../config.js';
import { areaOrder } from './area-order.js';
import { readParams } from './params.js';
import { statelessStrategy } from './stateless.js';
import type { Strategy } from './strategy.js';

export function firstFitStrategy(config: HeapConfig): Strategy<null, null> {
  readParams(config, {});
  const order = areaOrder(config);
  return statelessStrategy({
    name: 'first-fit',
    summary: 'address-ordered first fit with no search hints: the lowest run that fits',
    place(tables, { blocks, needed }) {
      for (const area of order(needed)) {
        const block = firstFit(tables[area]!, blocks);
        if (block >= 0) return { area, block, blocks };
      }
      return null;
    },
  });
}
