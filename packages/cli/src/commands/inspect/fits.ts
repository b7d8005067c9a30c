/**
 * `--fits BYTES`: would one more allocation succeed on the dumped heap, and where would it go?
 */
import { wouldFit, type HeapState } from '@heaplab/core';
import type { MapDoubt } from './trust.js';

/** Whether the answer was given on a map that cannot be trusted (`--force`), and why not. */
export interface FitsTrust {
  /** True when the map cannot be trusted and `--force` asked for the answer anyway. */
  readonly forced: boolean;
  /** Why the map cannot be trusted; null when nothing says so. */
  readonly doubt: MapDoubt | null;
}

/** Where an allocation would go, or why it would fail. Sizes in blocks unless named bytes. */
export type FitsProbe = FitsTrust &
  (
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
      }
  );

/**
 * Places `bytes` (1 or more) on `state` with core's `wouldFit`: the engine's placement with the
 * collector disabled, so a failure does not collect: a dump cannot tell garbage from live
 * objects, and every object in it counts as live. `doubt`: why the map cannot be trusted, when
 * the answer is asked for anyway.
 */
export function probeFits(state: HeapState, bytes: number, doubt: MapDoubt | null = null): FitsProbe {
  const trust: FitsTrust = { forced: doubt !== null, doubt };
  const probe = wouldFit(state, bytes);
  if (probe.fits) {
    const { area, block, blocks } = probe.at;
    return { ok: true, bytes, blocks, area, block, address: state.config.areas[area]!.poolStart + block * state.config.blockBytes, ...trust };
  }
  const { blocks, largestFreeRun, freeBytes } = probe.facts;
  const largest = Math.max(0, ...largestFreeRun);
  return {
    ok: false,
    bytes,
    blocks,
    largestFreeRun: largest,
    largestFreeRunArea: largest === 0 ? null : largestFreeRun.indexOf(largest),
    freeBytes,
    ...trust,
  };
}
