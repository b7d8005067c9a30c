/**
 * A stateless strategy with no parameters that picks, in each area by the area policy, one free
 * run that holds the request: first fit, best fit, worst fit.
 */
import type { HeapConfig } from '../config.js';
import { areaOrder } from './area-order.js';
import { type FindBlock, placeInFirstArea } from './first-area.js';
import { readParams } from './params.js';
import { statelessStrategy } from './stateless.js';
import type { Strategy } from './strategy.js';

/** The strategy `name` that places each request at the block `choose` picks in the first area where it picks one (`searchesRuns`: `choose` reads the free runs). */
export function runChooser(name: string, summary: string, choose: FindBlock, searchesRuns: boolean): (config: HeapConfig) => Strategy<null, null> {
  return (config) => {
    readParams(config, {});
    const order = areaOrder(config);
    return statelessStrategy({
      name,
      summary,
      searchesRuns,
      place: (tables, { blocks, needed }, runs) => placeInFirstArea(tables, runs, order(needed), choose, blocks, blocks),
    });
  };
}
