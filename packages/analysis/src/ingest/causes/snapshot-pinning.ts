/**
 * `pinning` from the snapshot taken at a MemoryError: the heap has enough free blocks for the
 * request (the verdict is `fragmented`) but a few small objects that had been there a while cut
 * them, so no run is long enough. The pins are found as `diagnosis/pinning.ts` finds them, by
 * the same rule and thresholds: the cheapest window to clear that only small objects occupy
 * (small: at least 1 block and at most 1/8 of the request's), holding 1 to 8 objects of at most
 * 1/4 of the request's blocks in all, whose freeing lets the request fit (the heap's own first
 * fit). Long-lived, as far as snapshots tell: at least half of them are shown by the snapshot
 * before the failure's too (`object-persistence.ts`). Without an earlier snapshot of the same
 * heap their age is not known, and pinning is not shown.
 */
import { applyAll, areaFree, plural, wouldFit, type HeapEvent, type HeapObject } from '@heaplab/core';
import { listed } from '../../diagnosis/wording.js';
import { smallObjectWindow } from '../../diagnosis/small-object-window.js';
import { firstShownAt } from './object-persistence.js';
import type { SnapshotFinding, SnapshotPin } from './snapshot-causes.js';
import { markAt, type SnapshotHistory } from './snapshot-history.js';

const MAX_PINS = 8;
const PIN_SHARE = 1 / 8;
const PINS_SHARE = 1 / 4;

/** The cause, not shown without a size, a map or an earlier snapshot, or null when the objects in the way are not a few small long-lived ones. */
export function snapshotPinning(history: SnapshotHistory): SnapshotFinding {
  const { state } = history.snapshots.at(-1)!;
  const failure = history.failures.at(-1)!;
  if (failure.bytes === null || failure.bytes === 0) return { notShown: 'the message gives no size' };
  if (state === null || failure.blocks === null) return { notShown: 'the snapshot at the MemoryError has no map (use micropython.mem_info(1))' };
  if (failure.verdict !== 'fragmented') return null;
  const blocks = failure.blocks;
  const smallBlocks = Math.max(1, Math.floor(blocks * PIN_SHARE));
  const best = smallObjectWindow(state, blocks, (o) => o.blocks <= smallBlocks);
  if (best === null || best.objects.length === 0 || best.objects.length > MAX_PINS) return null;
  if (best.blocks > Math.max(1, Math.floor(blocks * PINS_SHARE))) return null;
  const freed = applyAll(
    state,
    best.objects.map((o): HeapEvent => ({ op: 'free', id: o.id })),
  ).state;
  if (!wouldFit(freed, failure.bytes).fits) return null;
  const firstAt = firstShownAt(history, best.objects);
  const what = plural(best.objects.length, 'small object');
  if (firstAt === null) return { notShown: `no earlier snapshot of this heap shows how long the ${what} in the way had been there` };
  const pins = best.objects.map((o, i) => pin(history, o, firstAt[i]!));
  if (pins.filter((p) => p.seenIn >= 2).length * 2 < pins.length) return null;
  const area = areaFree(state)[best.area]!;
  const split = pins.length === 1 ? 'splits' : 'split';
  return {
    cause: {
      kind: 'pinning',
      summary: `${what} already there in earlier snapshots ${split} area ${area.area}'s ${plural(area.freeBlocks, 'free block')} so that its longest run is ${plural(area.largestFreeRun, 'block')}, short of the ${blocks} the request needs: ${listed(pins.map(pinText))}.`,
      evidence: { area: area.area, freeBlocks: area.freeBlocks, largestFreeRun: area.largestFreeRun, requestBlocks: blocks, block: best.block, pins },
    },
  };
}

function pin(history: SnapshotHistory, object: HeapObject, firstAt: number): SnapshotPin {
  const failed = history.snapshots.at(-1)!;
  const first = history.snapshots[firstAt]!.point;
  const bpb = failed.point.blockBytes;
  const lived = first.elapsedMs === null || failed.point.elapsedMs === null ? null : failed.point.elapsedMs - first.elapsedMs;
  return {
    bytes: object.blocks * bpb,
    blocks: object.blocks,
    area: object.area,
    block: object.block,
    address: failed.state!.config.areas[object.area]!.poolStart + object.block * bpb,
    kind: object.kind,
    seenIn: history.snapshots.length - firstAt,
    firstSeen: first.index,
    firstLine: first.line,
    livedMs: lived,
    mark: markAt(history, first.index),
    label: first.label === null || first.label === '' ? null : first.label,
  };
}

function pinText(pin: SnapshotPin): string {
  const label = pin.label === null ? '' : ` ("${pin.label}")`;
  const since = pin.seenIn === 1 ? 'new in the snapshot at the MemoryError' : `seen in ${pin.seenIn} snapshots from line ${pin.firstLine}${label}`;
  const where = [since, pin.mark === null ? null : `under mark "${pin.mark}"`, pin.livedMs === null ? null : `at least ${pin.livedMs} ms`];
  return `${pin.kind} ${plural(pin.bytes, 'byte')} at block ${pin.block} (${where.filter((w) => w !== null).join(', ')})`;
}
