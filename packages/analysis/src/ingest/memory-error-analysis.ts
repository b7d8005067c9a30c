/**
 * A MemoryError seen in a snapshot: the probe took it right after the failure, so its map is
 * the heap the request failed on (after the collection the failure ran). From the message's
 * byte count: could the request have fitted, and if not, why: no run long enough although the
 * free total would hold it (fragmentation), or not that much free at all (the heap is too
 * small). The live objects that stand in the way are `explainFailure`'s, as for a full trace.
 */
import { getObject, wouldFit, type DumpKind, type HeapState } from '@heaplab/core';
import { explainFailure, type AreaFigures } from '../explain/explain-failure.js';

/**
 * - `fragmented`: enough free blocks in some area, but no run of them long enough;
 * - `too-small`: no area has that many free blocks at all;
 * - `fits-now`: a run is long enough on the heap as snapshotted (something was freed between
 *   the failure and the snapshot, or the message names another request);
 * - `locked`: the heap was locked (`heap_lock()`, an interrupt handler): nothing could be allocated;
 * - `unknown`: the message gives no size (an exception raised by Python code, or under the lock
 *   on ports that then cannot format one), or the snapshot has no map.
 */
export type FailureVerdict = 'fragmented' | 'too-small' | 'fits-now' | 'locked' | 'unknown';

/** A live object in the way, as the snapshot shows it. */
export interface SnapshotBlocker {
  readonly block: number;
  readonly blocks: number;
  readonly address: number;
  /** Its letter in the map (`h` for anything not named: instances, buffers, list storage…). */
  readonly kind: DumpKind;
}

/** Why the request did not fit, figured on the snapshot's heap. */
export interface SnapshotExplanation {
  readonly freeBytes: number;
  /** Over the whole heap: 1 − (largest run in any area) / (free blocks in all). */
  readonly fragmentation: number;
  readonly areas: readonly AreaFigures[];
  /** Per area big enough, the window of the request's length that the fewest objects occupy; fewest first. */
  readonly blockers: readonly { readonly area: number; readonly block: number; readonly objects: readonly SnapshotBlocker[] }[];
}

/** What a MemoryError snapshot says about the failed request. */
export interface SnapshotFailure {
  readonly message: string;
  /** From "allocating N bytes"; null when the message gives no size. */
  readonly bytes: number | null;
  /** The request in blocks; null without a size or a map. */
  readonly blocks: number | null;
  readonly verdict: FailureVerdict;
  /** Areas with at least `blocks` free blocks (runs or not): where defragmenting would help. */
  readonly areasWithEnoughFree: readonly number[];
  /** Free space per area, fragmentation and the cheapest objects to free; null unless fragmented or too small. */
  readonly explanation: SnapshotExplanation | null;
  /** The heap could have grown instead (`max new split` > 0): the request was also larger than that. */
  readonly maxNewSplit: number | null;
}

const ALLOCATING = /allocating (\d{1,15}) bytes/;
const LOCKED = /heap is locked/;

/** The request's size in a MemoryError message (`allocating N bytes`); null when it gives none. */
export function requestBytes(message: string): number | null {
  const size = ALLOCATING.exec(message);
  return size === null ? null : Number(size[1]);
}

/** The analysis of `message` on `state`, the snapshot's heap (null: the snapshot has no map). */
export function analyseFailure(message: string, state: HeapState | null, maxNewSplit: number | null): SnapshotFailure {
  const bytes = requestBytes(message);
  const base = { message, bytes, maxNewSplit };
  if (LOCKED.test(message)) return { ...base, blocks: null, verdict: 'locked', areasWithEnoughFree: [], explanation: null };
  if (bytes === null || bytes === 0 || state === null) return { ...base, blocks: null, verdict: 'unknown', areasWithEnoughFree: [], explanation: null };
  // First fit on the heap as snapshotted, without a collection: the failure already ran one,
  // and a snapshot cannot tell garbage from live objects.
  const probe = wouldFit(state, bytes);
  const blockBytes = state.config.blockBytes;
  const blocks = Math.ceil(bytes / blockBytes);
  if (probe.fits) return { ...base, blocks, verdict: 'fits-now', areasWithEnoughFree: [], explanation: null };
  const explained = explainFailure(state, probe.facts, () => null);
  const areasWithEnoughFree = explained.areas.filter((a) => a.freeBlocks >= blocks).map((a) => a.area);
  const explanation: SnapshotExplanation = {
    freeBytes: explained.freeBytes,
    fragmentation: explained.fragmentation,
    areas: explained.areas,
    blockers: explained.blockers.map(({ area, block, objects }) => ({
      area,
      block,
      objects: objects.map((o) => ({
        block: o.block,
        blocks: o.blocks,
        address: state.config.areas[area]!.poolStart + o.block * blockBytes,
        kind: getObject(state, o.id)?.kind ?? 'h',
      })),
    })),
  };
  return { ...base, blocks, verdict: areasWithEnoughFree.length > 0 ? 'fragmented' : 'too-small', areasWithEnoughFree, explanation };
}
