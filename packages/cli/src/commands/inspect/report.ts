/**
 * Everything `heaplab inspect` says about a dump, computed from its map: statistics,
 * fragmentation, the printed statistics that disagree, and the `--fits` answer.
 */
import {
  gcInfo,
  heapFragmentation,
  heapFromMemInfo,
  parseMemInfo,
  statsDisagreements,
  type GcInfo,
  type HeapFragmentation,
  type HeapState,
  type MemInfoDump,
  type StatDisagreement,
} from '@heaplab/core';
import { probeFits, type FitsProbe } from './fits.js';

/** What a dump shows. */
export interface InspectReport {
  /** The input's name (`<stdin>` for standard input). */
  readonly file: string;
  readonly dump: MemInfoDump;
  /** The heap the map shows, every object in it live. */
  readonly state: HeapState;
  /** `gc_info` of the map. */
  readonly stats: GcInfo;
  readonly fragmentation: HeapFragmentation;
  /** Printed statistics the map does not give (none for a bare map). */
  readonly disagreements: readonly StatDisagreement[];
  /** The `--fits` answer; null without `--fits`. */
  readonly fits: FitsProbe | null;
}

/**
 * Reads the first `mem_info(1)` dump (or bare map) in `text` and works out the report, with the
 * `--fits` probe when `fitsBytes` is not null. Throws `HeapInputError` for text without a map.
 */
export function inspectDump(text: string, file: string, fitsBytes: number | null): InspectReport {
  const dump = parseMemInfo(text, file);
  // Disagreeing statistics are reported, not fatal: the map is what the allocator works on.
  const state = heapFromMemInfo(dump, { file, checkStats: false });
  const stats = gcInfo(state);
  return {
    file,
    dump,
    state,
    stats,
    fragmentation: heapFragmentation(state),
    disagreements: statsDisagreements(dump, stats, state.config.blockBytes),
    fits: fitsBytes === null ? null : probeFits(state, fitsBytes),
  };
}
