/** A device trace's heap lines against the layout heaplab computes for its configuration. */
import { type GcInfo, type HeapConfig, HeapInputError } from '@heaplab/core';
import type { HeapLine } from './device-event.js';

/** The device's layout must be the one heaplab computes, or nothing after it can match. */
export function checkLayout(config: HeapConfig, heaps: readonly HeapLine[], file: string | undefined): void {
  heaps.forEach((heap, index) => {
    const area = config.areas[index]!;
    const ours = `${area.blocks} blocks, ATB ${area.atbBytes} B, pool at +${area.poolOffset}`;
    const theirs = `${heap.total_blocks} blocks, ATB ${heap.atb_bytes} B, pool at +${heap.pool_offset}`;
    if (ours !== theirs || (index > 0 && heap.struct_bytes !== config.areaStructBytes)) {
      throw new HeapInputError(`area ${index}: heaplab lays out ${ours}; the device reports ${theirs} (check --mpy-version and the build's options)`, {
        file,
        line: index + 1,
      });
    }
  });
}

/** Whether two `gc_info` readings agree in every field. */
export function sameInfo(a: GcInfo, b: GcInfo): boolean {
  return (
    a.total === b.total && a.used === b.used && a.free === b.free && a.maxFree === b.maxFree && a.n1 === b.n1 && a.n2 === b.n2 && a.maxBlock === b.maxBlock
  );
}
