/**
 * Segregated fit with size classes, as Wilson et al.'s survey describes it. The classes, in
 * blocks, are the powers of two and, by default, the midpoints between them: 1, 2, 3, 4, 6, 8,
 * 12, 16, 24, 32, … (parameter `classes`: 1 for powers of two only, 2 with the midpoints).
 * A request takes the whole of its class, the smallest at least its size, so the difference is
 * internal waste; a request whose class is larger than an area does not fit in it.
 *
 * The free runs of the block tables are the free blocks, coalesced at once. Each is listed in
 * the largest class not above its length, so every run in the request's class list and above
 * fits. The search takes the request's class list, then the larger ones in turn, and from the
 * first that is not empty the lowest-address run (address order standing in for the list
 * order); the object takes the run's first blocks and the rest stays free.
 */
import type { HeapConfig } from '../config.js';
import { areaOrder } from './area-order.js';
import { smallestClassSearch } from './class-search.js';
import { placeInFirstArea } from './first-area.js';
import { floorLog2, pow2 } from './log2.js';
import { readParams } from './params.js';
import { statelessStrategy } from './stateless.js';
import type { Strategy } from './strategy.js';

/** The smallest size class of at least `blocks` blocks: what a request of that size takes. */
export function sizeClassAtLeast(blocks: number, classes: number): number {
  const fl = floorLog2(blocks);
  if (blocks === pow2(fl)) return blocks;
  const mid = 3 * pow2(fl - 1);
  return classes === 2 && blocks <= mid ? mid : pow2(fl + 1);
}

/** The largest size class of at most `blocks` blocks: the list a free run of that length is on. */
export function sizeClassAtMost(blocks: number, classes: number): number {
  const fl = floorLog2(blocks);
  const mid = 3 * pow2(fl - 1);
  return classes === 2 && fl >= 1 && blocks >= mid ? mid : pow2(fl);
}

export function segregatedStrategy(config: HeapConfig): Strategy<null, null> {
  const { classes } = readParams(config, {
    classes: { default: 2, min: 1, max: 2, doc: 'size classes: 1 = powers of two, 2 = powers of two and the midpoints between them' },
  });
  const order = areaOrder(config);
  const search = smallestClassSearch((length) => sizeClassAtMost(length, classes));
  return statelessStrategy({
    name: 'segregated',
    summary: 'segregated fit: requests rounded to size classes, served from the smallest class list with a free run',
    blocksFor: (blocks) => sizeClassAtLeast(blocks, classes),
    // `blocks` is a class, so the runs of at least `blocks` are those on its list and above.
    searchesRuns: true,
    place: (tables, { blocks, needed }, runs) => placeInFirstArea(tables, runs, order(needed), search, blocks, blocks),
  });
}
