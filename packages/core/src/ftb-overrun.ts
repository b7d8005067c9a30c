/**
 * v1.19's end-of-heap quirk: a chain walk runs on into the finaliser table.
 *
 * `gc_nbytes`, `gc_free` and marking find an object's end by walking from its head until a block
 * is not TAIL, with no bound. v1.20 put a zero gap byte after the allocation table (ATB) to stop
 * that walk; v1.19 has none, and its finaliser table (FTB) follows the ATB directly. So for a
 * chain that ends on the heap's last block N−1, the walk reads "block" N+m from FTB byte m div 4:
 * its two bits are the FTB bits of blocks 2m (low) and 2m+1 (high), and read as TAIL (0b10) when
 * block 2m+1 is a head with a finaliser and block 2m is not.
 *
 * Modelled: what `gc_nbytes` reports (those blocks count), and `gc_free` turning each of them to
 * FREE, which clears the FTB bit of block 2m+1: that object silently loses its finaliser.
 * Not modelled, because the bytes involved are ones the engine does not know: a walk that gets past
 * the last FTB byte into the slack and the pool (that needs N a multiple of 8, every odd block a
 * finaliser head and no even one); the same walk in a build without finalisers, where the ATB is
 * followed by slack; and marking, which scans the words of those extra blocks past the pool's end
 * (a word there that looks like a head's address would keep that object alive).
 */
import type { AreaGeometry } from './geometry.js';
import type { HeapDraft } from './draft.js';
import { idMapValues, type IdMapRoot } from './id-map.js';
import { withFin } from './object-record.js';
import type { HeapObject, HeapState } from './state.js';

/** Whether a chain in `area` that ends just before block `end` runs on into the area's FTB. */
export function runsIntoFtb(area: AreaGeometry, end: number): boolean {
  return area.gapBytes === 0 && area.ftbBytes > 0 && end === area.blocks;
}

/** What `gc_nbytes` reports for a live object: its blocks, plus those a v1.19 walk reads past the heap's end. */
export function gcNbytes(state: HeapState, object: HeapObject): number {
  const { config } = state;
  const area = config.areas[object.area]!;
  let blocks = object.blocks;
  if (runsIntoFtb(area, object.block + object.blocks)) {
    blocks += overrun(finaliserHeads(state.objects, state.objectCount, object.area)).length;
  }
  return blocks * config.blockBytes;
}

/**
 * `gc_free`'s walk past the end of a chain that ended on the heap's last block: each FTB bit pair
 * it reads as TAIL is cleared, so the finaliser head at block 2m+1 loses its finaliser. Call once
 * the freed blocks are released and the object's record is gone or moved (gc_free clears the
 * freed head's own FTB bit before it walks).
 */
export function freeWalkPastEnd(draft: HeapDraft, areaIndex: number, end: number): void {
  const area = draft.config.areas[areaIndex]!;
  if (!runsIntoFtb(area, end)) return;
  const heads = finaliserHeads(draft.objects, draft.objectCount, areaIndex);
  for (const block of overrun(heads)) {
    const object = heads.get(block)!;
    draft.updateObject(object, withFin(object, false, draft.owns(object)));
  }
}

/** The area's objects that have a finaliser, by head block: the set FTB bits. */
function finaliserHeads(objects: IdMapRoot<HeapObject>, count: number, area: number): Map<number, HeapObject> {
  const heads = new Map<number, HeapObject>();
  for (const object of idMapValues(objects, count)) if (object.fin && object.area === area) heads.set(object.block, object);
  return heads;
}

/** For each FTB bit pair the walk reads as TAIL (in order), the block 2m+1 whose bit makes it so. */
function overrun(heads: ReadonlyMap<number, HeapObject>): number[] {
  const odd: number[] = [];
  // Heads lie below block N, so the walk stops within the FTB's N bits: the bytes after them
  // (slack, then the pool), which the engine does not know, count as not TAIL.
  for (let m = 0; !heads.has(2 * m) && heads.has(2 * m + 1); m++) odd.push(2 * m + 1);
  return odd;
}
