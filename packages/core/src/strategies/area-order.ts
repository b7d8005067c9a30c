/**
 * The order in which a request tries the areas, from the configuration's area policy. Resolved
 * once per configuration; the orders are shared arrays, never changed.
 */
import type { HeapConfig } from '../config.js';

/** For a request of `blocks` blocks: the area indices to try, first choice first. */
export type AreaOrder = (blocks: number) => readonly number[];

/** The area order of a configuration (see `AreaPolicy`). */
export function areaOrder(config: HeapConfig): AreaOrder {
  const inOrder = config.areas.map((_, index) => index);
  const policy = config.areaPolicy;
  if (policy.kind === 'in-order') return () => inOrder;
  const smallFirst = [...inOrder].sort((a, b) => config.areas[a]!.blocks - config.areas[b]!.blocks || a - b);
  const largeFirst = [...inOrder].sort((a, b) => config.areas[b]!.blocks - config.areas[a]!.blocks || a - b);
  const smallBlocks = Math.floor(policy.smallBytes / config.blockBytes);
  return (blocks) => (blocks <= smallBlocks ? smallFirst : largeFirst);
}
