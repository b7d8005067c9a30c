/**
 * A device line that cannot have happened: a placement outside its area, or a size in blocks
 * that is not its own size in bytes rounded up to whole blocks (gc.c computes one from the
 * other). Such a line is corrupt, not a divergence: the engine has nothing to be compared with.
 */
import { HeapInputError, plural } from '@heaplab/core';
import type { AllocLine, DeviceEvent, HeapLine, ReallocLine } from './device-event.js';

/** Realloc results for which gc.c has computed `new_blocks` from `bytes` (the others return first). */
const SIZED_RESULTS: ReadonlySet<string> = new Set(['same', 'shrink', 'grow', 'moved']);
const SIZED_FAILURES: ReadonlySet<string> = new Set(['no_move', 'oom']);

/**
 * Throws a `HeapInputError` naming the field when the line contradicts itself or the trace's
 * heap lines (`heaps`, read before it); does nothing for a line that could have happened.
 */
export function checkPossible(event: DeviceEvent, heaps: readonly HeapLine[], file: string | undefined, line: number): void {
  const blockBytes = heaps[0]?.block_bytes;
  if (blockBytes === undefined) return;
  const fail = (field: string, message: string): never => {
    throw new HeapInputError(message, { file, line, field });
  };
  /** `blocks` must be `bytes` rounded up to whole blocks. */
  const sized = (bytes: number, blocks: number, field: string): void => {
    const expected = Math.ceil(bytes / blockBytes);
    if (blocks !== expected) fail(field, `expected ${expected} (${plural(bytes, 'byte')} rounded up to whole ${blockBytes}-byte blocks), got ${blocks}`);
  };
  /** The run `block` … `block + blocks − 1` must lie inside `area`. */
  const inside = (area: number, block: number, blocks: number, fields: { area: string; block: string }): void => {
    const heap = heaps[area];
    if (heap === undefined) fail(fields.area, `the trace has ${plural(heaps.length, 'area')} (its heap lines); there is no area ${area}`);
    else if (block + blocks > heap.total_blocks)
      fail(
        fields.block,
        `expected a place inside area ${area}'s ${plural(heap.total_blocks, 'block')} (block + blocks ≤ ${heap.total_blocks}), got block ${block} with ${plural(blocks, 'block')}`,
      );
  };
  switch (event.op) {
    case 'alloc':
      checkAlloc(event, sized, inside, fail);
      return;
    case 'alloc_fail':
      if (event.bytes === 0) fail('bytes', 'expected at least 1 (a request for 0 bytes is an alloc_zero line), got 0');
      sized(event.bytes, event.blocks, 'blocks');
      return;
    case 'free':
    case 'sweep_free':
      inside(event.area, event.block, event.blocks, { area: 'area', block: 'blocks' });
      return;
    case 'realloc':
      checkRealloc(event, sized, inside, fail);
      return;
    default:
      return;
  }
}

type Sized = (bytes: number, blocks: number, field: string) => void;
type Inside = (area: number, block: number, blocks: number, fields: { area: string; block: string }) => void;
type Fail = (field: string, message: string) => never;

function checkAlloc(event: AllocLine, sized: Sized, inside: Inside, fail: Fail): void {
  if (event.bytes === 0) fail('bytes', 'expected at least 1 (gc_alloc places nothing for 0 bytes: that is an alloc_zero line), got 0');
  sized(event.bytes, event.blocks, 'blocks');
  inside(event.area, event.block, event.blocks, { area: 'area', block: 'block' });
}

function checkRealloc(event: ReallocLine, sized: Sized, inside: Inside, fail: Fail): void {
  const { result } = event;
  if (!(SIZED_RESULTS.has(result) || (result === 'fail' && event.reason !== undefined && SIZED_FAILURES.has(event.reason)))) return;
  sized(event.bytes, event.new_blocks, 'new_blocks');
  const old = event.old_blocks;
  if (old !== undefined) {
    const relation = result === 'same' ? '=' : result === 'shrink' ? '<' : '>';
    const holds = relation === '=' ? event.new_blocks === old : relation === '<' ? event.new_blocks < old : event.new_blocks > old;
    const what = result === 'fail' ? `a failed realloc (${event.reason})` : `a "${result}" realloc`;
    if (!holds) fail('new_blocks', `${what} needs new_blocks ${relation} old_blocks (${old}), got ${event.new_blocks}`);
  }
  // In place, the object keeps its head; a moved one goes where new_area and new_block say.
  if (result === 'same' || result === 'shrink' || result === 'grow') {
    if (event.area !== undefined && event.block !== undefined) inside(event.area, event.block, event.new_blocks, { area: 'area', block: 'new_blocks' });
  } else if (result === 'moved' && event.new_area !== undefined && event.new_block !== undefined) {
    inside(event.new_area, event.new_block, event.new_blocks, { area: 'new_area', block: 'new_block' });
  }
}
