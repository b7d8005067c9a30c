/**
 * `--fits REQUEST`: would a request succeed on the dumped heap, and where would it go? A request
 * is a number of bytes (one allocation) or a Python object (`bytearray(640)`…): the allocations
 * MicroPython makes for it, placed one after another.
 */
import { pythonAllocations, requestText, wouldFitEach, type AllocationRequest, type HeapState } from '@heaplab/core';
import type { MapDoubt } from './trust.js';

/** Whether the answer was given on a map that cannot be trusted (`--force`), and why not. */
export interface FitsTrust {
  /** True when the map cannot be trusted and `--force` asked for the answer anyway. */
  readonly forced: boolean;
  /** Why the map cannot be trusted; null when nothing says so. */
  readonly doubt: MapDoubt | null;
}

/** One allocation of the request: where it would go, or that it fails, or that it is never made. */
export type FitsAllocation = { readonly what: string; readonly bytes: number; readonly blocks: number } & (
  | { readonly outcome: 'placed'; readonly area: number; readonly block: number; readonly address: number }
  | { readonly outcome: 'failed' | 'not tried' }
);

/** The request's allocations, in order, and the one that fails (null: none). */
export interface FitsSteps {
  /** The request as heaplab writes it: `640`, `bytearray(640)`. */
  readonly request: string;
  readonly allocations: readonly FitsAllocation[];
  /** Index of the allocation that fails; null when all are placed. */
  readonly failed: number | null;
}

/**
 * Where the request would go, or why it would fail. `bytes` and `blocks` are all its
 * allocations'; `area`, `block` and `address` are there for a number of bytes (one allocation).
 * On failure, the free space is the heap's when the failing allocation was asked for.
 */
export type FitsProbe = FitsTrust &
  FitsSteps &
  (
    | {
        readonly ok: true;
        readonly bytes: number;
        readonly blocks: number;
        readonly area?: number;
        readonly block?: number;
        /** Address of the first block, from the dump's pool addresses. */
        readonly address?: number;
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
 * Places the allocations of `request` on `state` one after another with core's `wouldFitEach`:
 * the engine's placement with the collector disabled, so a failure does not collect: a dump
 * cannot tell garbage from live objects, and every object in it counts as live. `doubt`: why
 * the map cannot be trusted, when the answer is asked for anyway.
 */
export function probeFits(state: HeapState, request: AllocationRequest, doubt: MapDoubt | null = null): FitsProbe {
  const { blockBytes, wordBytes } = state.config;
  const planned = pythonAllocations(request, wordBytes === 8 ? 8 : 4);
  const probe = wouldFitEach(state, planned);
  const failed = probe.fits ? null : probe.failed;
  const allocations = planned.map(({ what, bytes }, i): FitsAllocation => {
    const at = probe.at[i];
    if (at !== undefined)
      return { what, bytes, blocks: at.blocks, outcome: 'placed', area: at.area, block: at.block, address: address(state, at.area, at.block) };
    const blocks = i === failed && !probe.fits ? probe.facts.blocks : Math.ceil(bytes / blockBytes);
    return { what, bytes, blocks, outcome: i === failed ? 'failed' : 'not tried' };
  });
  const bytes = allocations.reduce((sum, a) => sum + a.bytes, 0);
  const blocks = allocations.reduce((sum, a) => sum + a.blocks, 0);
  const steps: FitsSteps = { request: requestText(request), allocations, failed };
  const trust: FitsTrust = { forced: doubt !== null, doubt };
  if (probe.fits) {
    const [only] = allocations;
    const where = request.form === 'bytes-raw' && only?.outcome === 'placed' ? { area: only.area, block: only.block, address: only.address } : {};
    return { ok: true, bytes, blocks, ...where, ...steps, ...trust };
  }
  const { largestFreeRun, freeBytes } = probe.facts;
  const largest = Math.max(0, ...largestFreeRun);
  return {
    ok: false,
    bytes,
    blocks,
    largestFreeRun: largest,
    largestFreeRunArea: largest === 0 ? null : largestFreeRun.indexOf(largest),
    freeBytes,
    ...steps,
    ...trust,
  };
}

function address(state: HeapState, area: number, block: number): number {
  return state.config.areas[area]!.poolStart + block * state.config.blockBytes;
}
