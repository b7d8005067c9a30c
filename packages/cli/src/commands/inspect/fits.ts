/**
 * `--fits BYTES`: would one more allocation succeed on the dumped heap, and where would it go?
 */
import { wouldFit, type HeapState } from '@heaplab/core';

/** Where an allocation would go, or why it would fail. Sizes in blocks unless named bytes. */
export type FitsProbe =
  | {
      readonly ok: true;
      readonly bytes: number;
      readonly blocks: number;
      readonly area: number;
      readonly block: number;
      /** Address of the first block, from the dump's pool addresses. */
      readonly address: number;
    }
  | {
      readonly ok: false;
      readonly bytes: number;
      readonly blocks: number;
      /** The longest free run of any area, and the first area that has it (null: nothing is free). */
      readonly largestFreeRun: number;
      readonly largestFreeRunArea: number | null;
      readonly freeBytes: number;
    };

/**
 * Places `bytes` (1 or more) on `state` with core's `wouldFit`: the engine's placement with the
 * collector disabled, so a failure does not collect: a dump cannot tell garbage from live
 * objects, and every object in it counts as live.
 */
export function probeFits(state: HeapState, bytes: number): FitsProbe {
  const probe = wouldFit(state, bytes);
  if (probe.fits) {
    const { area, block, blocks } = probe.at;
    return { ok: true, bytes, blocks, area, block, address: state.config.areas[area]!.poolStart + block * state.config.blockBytes };
  }
  const { blocks, largestFreeRun, freeBytes } = probe.facts;
  const largest = Math.max(0, ...largestFreeRun);
  return { ok: false, bytes, blocks, largestFreeRun: largest, largestFreeRunArea: largest === 0 ? null : largestFreeRun.indexOf(largest), freeBytes };
}
