/**
 * `pinning`: a few small long-lived objects split the free space, so the longest run is shorter
 * than the request although the heap has room. The pins are the objects in the cheapest window
 * to clear that only small objects occupy (`smallObjectWindow`, the search `blockingObjects`
 * makes, kept to windows no large object overlaps); small is at most 1/8 of the request's blocks
 * (at least 1 block). The evidence holds when
 * - that window holds 1 to `MAX_PINS` (8) objects, with at most 1/4 of the request's blocks in all;
 * - at least half are long-lived: allocated `LONG_LIVED` events before the failure or more
 *   (1000 events, or a tenth of the run when that is shorter);
 * - freeing them would let the request fit (checked with the heap's own strategy).
 */
import { applyAll, areaFree, wouldFit, type HeapEvent } from '@heaplab/core';
import { describeObject } from './describe-object.js';
import type { Detected, DiagnosedFailure, DiagnosedObject } from './diagnosis.js';
import type { Recording } from './recording.js';
import { smallObjectWindow } from './small-object-window.js';
import { eventAt, listed } from './wording.js';
import { plural } from '@heaplab/core';

const MAX_PINS = 8;
const PIN_SHARE = 1 / 8;
const PINS_SHARE = 1 / 4;
const LONG_LIVED = 1000;
const LONG_LIVED_SHARE = 1 / 10;

/** The cause, or null when the objects in the way are not a few small long-lived ones. */
export function pinning(recording: Recording, failure: DiagnosedFailure): Detected | null {
  const state = recording.failure.state;
  const smallBlocks = Math.max(1, Math.floor(failure.blocks * PIN_SHARE));
  const best = smallObjectWindow(state, failure.blocks, (o) => o.blocks <= smallBlocks);
  if (best === null || best.objects.length === 0 || best.objects.length > MAX_PINS) return null;
  if (best.blocks > Math.max(1, Math.floor(failure.blocks * PINS_SHARE))) return null;
  const pins = best.objects.map((o) => describeObject(recording, o));
  const longLived = Math.min(LONG_LIVED, Math.ceil(failure.event * LONG_LIVED_SHARE));
  if (pins.filter((p) => p.lived >= longLived).length * 2 < pins.length) return null;
  const freed = applyAll(
    state,
    best.objects.map((o): HeapEvent => ({ op: 'free', id: o.id })),
  ).state;
  if (!wouldFit(freed, failure.bytes).fits) return null;
  const area = areaFree(state)[best.area]!;
  const what = pins.length === 1 ? '1 small long-lived object splits' : `${pins.length} small long-lived objects split`;
  return {
    kind: 'pinning',
    summary: `${what} area ${area.area}'s ${plural(area.freeBlocks, 'free block')} so that its longest run is ${plural(area.largestFreeRun, 'block')}, short of the ${failure.blocks} the request needs: ${listed(pins.map(pinText))}.`,
    evidence: {
      area: area.area,
      freeBlocks: area.freeBlocks,
      largestFreeRun: area.largestFreeRun,
      requestBlocks: failure.blocks,
      block: best.block,
      pins,
    },
    allocations: pins.map((p) => p.event).sort((a, b) => a - b),
  };
}

function pinText(pin: DiagnosedObject): string {
  const where = [`allocated at ${eventAt(pin.event, pin.line)}`, pin.mark === null ? null : `in "${pin.mark}"`];
  return `${plural(pin.bytes, 'byte')} at block ${pin.block} (${[...where.filter((w) => w !== null), `alive for ${plural(pin.lived, 'event')}`].join(', ')})`;
}
