/**
 * MicroPython's own placement (`py/gc.c`): first fit over the areas in registration order.
 *
 * Its search hints (kept up to date by gc.c's `gc_alloc`, `gc_free` and `gc_realloc`) are
 * modelled so they can be printed and checked, though they never change where an object goes:
 * no FREE block lies below block 4·lastFreeAtb[a] of area a, and none in an area before
 * `lastFreeArea`, so scanning from the hints finds the same run as scanning from block 0 of
 * area 0.
 */
import { firstFit, lastUsedBlock, type BlockTable } from '../block-table/index.js';
import type { HeapConfig } from '../config.js';
import type { Placement } from '../outcomes.js';
import { areaOrder } from './area-order.js';
import { readParams } from './params.js';
import type { PlacementRequest, Strategy } from './strategy.js';

/** The hint state of `gc.c`, per area where it is per area. */
export interface MicroPythonHints {
  /** `gc_last_free_area` (split builds), as an area index. */
  readonly lastFreeArea: number;
  /** `gc_last_free_atb_index` of each area, in ATB bytes (block 4·h). */
  readonly lastFreeAtb: readonly number[];
  /** `gc_last_used_block` of each area (v1.21+; 0 on older versions). */
  readonly lastUsed: readonly number[];
}

/**
 * A draft's working copy. The arrays are shared with `base` until the first write copies them
 * (`owned`), so events that leave the hints alone cost no copies.
 */
interface Work {
  base: MicroPythonHints;
  lastFreeArea: number;
  lastFreeAtb: number[];
  lastUsed: number[];
  owned: boolean;
}

function own(work: Work): void {
  if (!work.owned) {
    work.lastFreeAtb = work.lastFreeAtb.slice();
    work.lastUsed = work.lastUsed.slice();
    work.owned = true;
  }
}

function setLastFreeAtb(work: Work, area: number, value: number): void {
  if (work.lastFreeAtb[area] === value) return;
  own(work);
  work.lastFreeAtb[area] = value;
}

function raiseLastUsed(work: Work, area: number, value: number): void {
  if (value <= work.lastUsed[area]!) return;
  own(work);
  work.lastUsed[area] = value;
}

/** The MicroPython strategy for one configuration (its switches are resolved here, once). */
export function micropythonStrategy(config: HeapConfig): Strategy<MicroPythonHints, Work> {
  readParams(config, {});
  const split = config.splitHeap;
  const tracksLastUsed = config.profile.tracksLastUsed;
  // Split builds mark an area "full" after a failed one-block search: h = (A + 1) div 4.
  const fullHints = config.areas.map((area) => (area.atbBytes + 1) >> 2);
  // Another area policy keeps the hints (they are facts about each area) but not the area order.
  const order = config.areaPolicy.kind === 'in-order' ? null : areaOrder(config);

  return {
    name: 'micropython',
    summary: "MicroPython's gc.c: first fit over areas in registration order, with its search hints",
    blocksFor: (blocks) => blocks,
    growsInPlace: () => true,
    initial: (c) => ({ lastFreeArea: 0, lastFreeAtb: c.areas.map(() => 0), lastUsed: c.areas.map(() => 0) }),
    begin: (s) => ({ base: s, lastFreeArea: s.lastFreeArea, lastFreeAtb: s.lastFreeAtb as number[], lastUsed: s.lastUsed as number[], owned: false }),

    finish(work: Work): MicroPythonHints {
      if (!work.owned && work.lastFreeArea === work.base.lastFreeArea) return work.base;
      // The arrays now belong to the state: the draft copies them again before its next write.
      work.base = { lastFreeArea: work.lastFreeArea, lastFreeAtb: work.lastFreeAtb, lastUsed: work.lastUsed };
      work.owned = false;
      return work.base;
    },

    place(work: Work, tables: readonly BlockTable[], { blocks, needed }: PlacementRequest): Placement | null {
      if (order !== null) {
        for (const area of order(needed)) {
          const block = firstFit(tables[area]!, blocks, 4 * work.lastFreeAtb[area]!);
          if (block >= 0) return { area, block, blocks };
        }
        return null;
      }
      for (let area = split ? work.lastFreeArea : 0; area < tables.length; area++) {
        // No block below 4·h is free (see the module comment), so the search starts there.
        const block = firstFit(tables[area]!, blocks, 4 * work.lastFreeAtb[area]!);
        if (block >= 0) return { area, block, blocks };
        if (split && blocks === 1) setLastFreeAtb(work, area, fullHints[area]!);
      }
      return null;
    },

    claimed(work: Work, area: number, block: number, blocks: number, searched: boolean): void {
      // Only a one-block search proves there is no free block before it.
      if (searched && blocks === 1) {
        work.lastFreeArea = area;
        setLastFreeAtb(work, area, (block + 1) >> 2);
      }
      if (tracksLastUsed) raiseLastUsed(work, area, block + blocks - 1);
    },

    grown(work: Work, area: number, end: number): void {
      // gc.c's gc_realloc stores the exclusive end here when it grows in place: one past the last block.
      if (tracksLastUsed) raiseLastUsed(work, area, end);
    },

    released(work: Work, area: number, block: number): void {
      if (split && area !== work.lastFreeArea) work.lastFreeArea = 0;
      if (block >> 2 < work.lastFreeAtb[area]!) setLastFreeAtb(work, area, block >> 2);
    },

    collected(work: Work, tables: readonly BlockTable[]): void {
      work.lastFreeArea = 0;
      for (let area = 0; area < tables.length; area++) {
        setLastFreeAtb(work, area, 0);
        if (tracksLastUsed && work.lastUsed[area] !== lastUsedBlock(tables[area]!)) {
          own(work);
          work.lastUsed[area] = lastUsedBlock(tables[area]!);
        }
      }
    },
  };
}
