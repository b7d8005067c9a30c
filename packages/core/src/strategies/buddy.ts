/**
 * The binary buddy system (Knowlton 1965; Knuth, TAOCP vol. 1 §2.5) at block granularity.
 * Every request takes a power of two of blocks (`min` sets the smallest order), aligned to its
 * size counting from the start of its area. An area of N blocks is the binary decomposition of
 * N from block 0: its top-level blocks are the largest aligned powers of two that fit.
 *
 * The free buddy blocks are read from the block tables: each maximal free run is cut greedily,
 * at each position p the largest 2^j with p % 2^j = 0 that ends inside the run. While every
 * object is an aligned power of two this gives exactly the free lists of a buddy allocator that
 * merges each freed block with its free buddy, so coalescing is immediate. A request of order
 * k takes the first 2^k blocks of the smallest free buddy block of order k or more (lowest
 * address on a tie), leaving its upper halves free as the split would.
 *
 * An object grows in place only while its block stays aligned to the grown size. Shrinking in
 * place keeps the invariant too: the freed tail [block + 2^m, block + 2^k) of an aligned 2^k
 * block cuts into aligned buddies of orders m to k − 1.
 */
import type { HeapConfig } from '../config.js';
import { areaOrder } from './area-order.js';
import { floorLog2, pow2 } from './log2.js';
import { readParams } from './params.js';
import { statelessStrategy } from './stateless.js';
import type { Strategy } from './strategy.js';

/** The largest 2^j with p % 2^j = 0 and p + 2^j ≤ end (p < end ≤ 2^31). */
function buddyBlockAt(p: number, end: number): number {
  const room = pow2(floorLog2(end - p));
  return p === 0 ? room : Math.min(p & -p, room);
}

// The search under way (one search runs at a time): the size it needs and the best block yet.
let wanted = 1;
let chosenStart = -1;
let chosenSize = Infinity;

/** Considers the buddy blocks of one free run, in address order; true once a block of the wanted size is found (none can be smaller). */
function visitRun(start: number, length: number): boolean {
  const end = start + length;
  for (let p = start; p < end; ) {
    const size = buddyBlockAt(p, end);
    if (size >= wanted && size < chosenSize) {
      chosenStart = p;
      chosenSize = size;
      if (size === wanted) return true;
    }
    p += size;
  }
  return false;
}

export function buddyStrategy(config: HeapConfig): Strategy<null, null> {
  const { min } = readParams(config, {
    min: { default: 0, min: 0, max: 10, doc: 'smallest block order: every object takes at least 2^min blocks' },
  });
  const smallest = 2 ** min;
  const order = areaOrder(config);
  return statelessStrategy({
    name: 'buddy',
    summary: 'binary buddy system: power-of-two blocks aligned to their size, split from the smallest free buddy block',
    blocksFor(blocks) {
      const floor = pow2(floorLog2(blocks));
      return Math.max(smallest, floor === blocks ? blocks : 2 * floor);
    },
    growsInPlace: (block, _blocks, to) => block % to === 0,
    searchesRuns: true,
    place(_tables, { blocks, needed }, runs) {
      for (const area of order(needed)) {
        wanted = blocks;
        chosenStart = -1;
        chosenSize = Infinity;
        // A run shorter than the request holds no buddy block large enough.
        runs.forEachRun(area, blocks, visitRun);
        if (chosenStart >= 0) return { area, block: chosenStart, blocks };
      }
      return null;
    },
  });
}
