/**
 * Everything `heaplab inspect` says about a dump, computed from its map: statistics,
 * fragmentation, the printed statistics that disagree, whether the map can be trusted, and the
 * `--fits` answer.
 */
import {
  gcInfo,
  HeapInputError,
  heapFragmentation,
  heapFromMemInfo,
  parseMemInfo,
  requestText,
  statsDisagreements,
  type AllocationRequest,
  type GcInfo,
  type HeapFragmentation,
  type HeapState,
  type MemInfoDump,
  type StatDisagreement,
} from '@heaplab/core';
import { probeFits, type FitsProbe } from './fits.js';
import { mapDoubt, type MapDoubt } from './trust.js';

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
  /** Why the map cannot be trusted; null when nothing says so. */
  readonly doubt: MapDoubt | null;
  /**
   * True when the map cannot be trusted and `--force` asked for its figures anyway; false with a
   * doubt means the whole heap's figures (and those of the areas `areaTrusted` leaves out) are
   * not to be given as facts.
   */
  readonly forced: boolean;
  /** The `--fits` answer; null without `--fits`. */
  readonly fits: FitsProbe | null;
}

/**
 * Reads the first `mem_info(1)` dump (or bare map) in `text` and works out the report, with the
 * `--fits` probe when `request` is not null. Throws `HeapInputError` for text without a map,
 * and for `--fits` on a map that cannot be trusted (located where the dump shows why), unless
 * `force`: then the answer is on the map as read, and says so. Without `--fits`, a map that
 * cannot be trusted is reported with its `doubt`, `forced` only with `force`.
 */
export function inspectDump(text: string, file: string, request: AllocationRequest | null, force = false): InspectReport {
  const dump = parseMemInfo(text, file);
  // Disagreeing statistics are reported, not fatal: the map is what the allocator works on.
  const state = heapFromMemInfo(dump, { file, checkStats: false });
  const stats = gcInfo(state);
  const { blockBytes } = state.config;
  const disagreements = statsDisagreements(dump, stats, blockBytes);
  const doubt = mapDoubt(dump, stats, blockBytes, disagreements);
  if (request !== null && doubt !== null && !force) {
    const what = request.form === 'bytes-raw' ? `${request.bytes} bytes` : requestText(request);
    throw new HeapInputError(`cannot tell whether ${what} would fit: ${doubt.reason} (--force answers on the map as read)`, {
      file,
      line: doubt.line,
      field: '--fits',
    });
  }
  return {
    file,
    dump,
    state,
    stats,
    fragmentation: heapFragmentation(state),
    disagreements,
    doubt,
    forced: doubt !== null && force,
    fits: request === null ? null : probeFits(state, request, doubt),
  };
}
