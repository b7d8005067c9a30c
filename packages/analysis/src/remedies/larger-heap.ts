/**
 * `larger-heap`: the smallest heap found on which the recording survives (`smallestSafeHeap`:
 * every area scaled by one factor, bisected), replayed once more for its figures. When the
 * failing request grows without levelling off, or the bytes the program holds keep rising (an
 * accumulation), no heap size is safe: the size found survives this recording only, and the
 * remedy says so.
 */
import { configInput, resolveConfig, smallestSafeHeap, type HeapConfigInput } from '@heaplab/core';
import { plural } from '@heaplab/core';
import { Replayer } from './replayer.js';
import type { Remedy } from './remedy.js';
import type { RemedyContext } from './remedy-context.js';
import { checkText } from './remedy-wording.js';
import { StreamEdit } from './stream-edit.js';

/** The factor `smallestSafeHeap` tries at most. */
const MAX_SCALE = 64;
/** The search stops when the passing and failing heaps differ by this share of the given heap, or one block an area. */
const PRECISION_SHARE = 1 / 64;

export function largerHeap(context: RemedyContext): Remedy {
  const input = configInput(context.config);
  const givenBytes = context.config.areas.reduce((sum, area) => sum + area.regionBytes, 0);
  const precisionBytes = precision(context);
  const found = smallestSafeHeap(input, context.events, { maxScale: MAX_SCALE, precisionBytes });
  const scale = found?.scale ?? MAX_SCALE;
  const config = resolveConfig(scaled(input, scale));
  const verified = new Replayer(config, context.events, { lines: context.lines, earlyDrops: context.earlyDrops, once: true }).run(new StreamEdit()).check;
  const heapBytes = config.areas.reduce((sum, area) => sum + area.regionBytes, 0);
  const usableBytes = config.areas.reduce((sum, area) => sum + area.blocks, 0) * config.blockBytes;
  const unbounded = unboundedBy(context);
  const safe = found !== null && unbounded === null;
  // A heap's size as every output writes it: its blocks' bytes, what gc_info reports as total.
  const givenUsable = context.config.areas.reduce((sum, area) => sum + area.blocks, 0) * context.config.blockBytes;
  const heap = `a heap of ${plural(usableBytes, 'byte')} (${round(usableBytes / givenUsable)} times the given ${givenUsable}; regions of ${heapBytes} bytes in all)`;
  // The search is coarse to stay quick; replay --min-heap bisects to one block.
  const near = `found in steps of ${plural(precisionBytes, 'byte')}`;
  const summary =
    found === null
      ? `Even ${heap} does not help: ${checkText(verified)}.`
      : safe
        ? `Give the program ${heap}, the smallest ${near} on which the recording survives: ${checkText(verified)}.`
        : `No heap size is safe: ${unbounded}. ${upper(heap)}, ${near}, survives this recording only: ${checkText(verified)}.`;
  return { kind: 'larger-heap', summary, change: { givenBytes, heapBytes, usableBytes, scale, safe }, verified };
}

/** How close the search gets, in region bytes: a 64th of the given heap, or one block an area if that is more. */
function precision(context: RemedyContext): number {
  const { areas, blockBytes } = context.config;
  const givenBytes = areas.reduce((sum, area) => sum + area.regionBytes, 0);
  return Math.max(blockBytes * areas.length, Math.ceil(givenBytes * PRECISION_SHARE));
}

/** Why no heap size is safe, or null. */
function unboundedBy(context: RemedyContext): string | null {
  for (const cause of context.diagnosis.causes) {
    if (cause.kind === 'growing-request' && !cause.evidence.bounded) return 'the failing request grows without levelling off';
    if (cause.kind === 'accumulation') return 'the bytes the program holds keep rising';
  }
  return null;
}

/** `input` with every area's region scaled as `smallestSafeHeap` scales it (areas given by bytes). */
function scaled(input: HeapConfigInput, scale: number): HeapConfigInput {
  return { ...input, areas: (input.areas ?? []).map((area) => ('bytes' in area ? { ...area, bytes: Math.round(area.bytes * scale) } : area)) };
}

function round(scale: number): string {
  return String(Math.round(scale * 100) / 100);
}

function upper(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
