/**
 * TLSF, two-level segregated fit (Masmano, Ripoll, Crespo and Real, 2004), at block
 * granularity. Free blocks fall into size classes: the first level is floor(log2 size), and
 * each first-level range [2^fl, 2^(fl+1)) is cut into 2^sli equal classes (parameter `sli`).
 * A range below 2^sli blocks holds fewer sizes than that, so each of its sizes is a class of
 * its own, as TLSF implementations handle small blocks.
 *
 * A request is served by good fit: its size is rounded up to the start of the next class
 * (mapping_search) unless it already starts one, and the object takes its blocks from the start
 * of a free block in the smallest non-empty class at or above that class; the rest of the free
 * block stays free (split). Every free block in those classes fits, so the search never looks
 * at one that doesn't, and TLSF pays for that: it fails when the only free blocks that fit are
 * shorter than the rounded size, where best fit would succeed. This model fails there too.
 *
 * The rounding bounds the search, not the object: `blocksFor` is the identity. TLSF's block
 * header (4 bytes on 32-bit targets) is absorbed by MicroPython's allocation table, which keeps
 * every block's metadata outside the heap already.
 *
 * Free blocks are the maximal free runs of the block tables, so coalescing is immediate, as in
 * TLSF. Within a class the lowest-address run stands in for the head of the class's free list:
 * real TLSF lists are LIFO, so their head depends on the order of earlier frees; taking address
 * order keeps the model a function of the block tables alone, independent of history.
 */
import type { HeapConfig } from '../config.js';
import { areaOrder } from './area-order.js';
import { smallestClassSearch } from './class-search.js';
import { placeInFirstArea } from './first-area.js';
import { floorLog2, pow2 } from './log2.js';
import { readParams } from './params.js';
import { statelessStrategy } from './stateless.js';
import type { Strategy } from './strategy.js';

/** A TLSF size class: first level (floor(log2 size)) and second-level index within it. */
export interface TlsfClass {
  readonly fl: number;
  readonly sl: number;
}

/** Sizes per second-level class of first level `fl`: 1 while the classes are exact sizes. */
function classWidth(fl: number, sli: number): number {
  return pow2(Math.max(0, fl - sli));
}

/** The class a free block of `blocks` blocks is listed in (TLSF's mapping_insert). */
export function tlsfClass(blocks: number, sli: number): TlsfClass {
  const fl = floorLog2(blocks);
  return { fl, sl: Math.floor((blocks - pow2(fl)) / classWidth(fl, sli)) };
}

/** The smallest size in the class of `blocks`: classes compare as their starts do. */
function classStart(blocks: number, sli: number): number {
  const width = classWidth(floorLog2(blocks), sli);
  return Math.floor(blocks / width) * width;
}

/**
 * The size a request of `blocks` blocks searches for (TLSF's mapping_search): `blocks` rounded
 * up to the start of a class. It exceeds `blocks` by less than 2^(fl − sli), fl = floor(log2
 * blocks), and equals it while the classes are exact sizes.
 */
export function tlsfSearchSize(blocks: number, sli: number): number {
  const width = classWidth(floorLog2(blocks), sli);
  return Math.ceil(blocks / width) * width;
}

export function tlsfStrategy(config: HeapConfig): Strategy<null, null> {
  const { sli } = readParams(config, {
    sli: { default: 4, min: 1, max: 5, doc: 'second-level index: each power-of-two size range splits into 2^sli classes' },
  });
  const order = areaOrder(config);
  const search = smallestClassSearch((length) => classStart(length, sli));
  return statelessStrategy({
    name: 'tlsf',
    summary: 'two-level segregated fit: good fit from the smallest non-empty size class at or above the rounded request',
    // Runs of at least the search size are exactly those in the classes at or above its class.
    searchesRuns: true,
    place: (tables, { blocks, needed }, runs) => placeInFirstArea(tables, runs, order(needed), search, tlsfSearchSize(blocks, sli), blocks),
  });
}
