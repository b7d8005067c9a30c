/**
 * A heap's size, written one way in every command: its usable bytes (blocks × block size, all
 * areas: what `mem_info`'s `GC: total:` and `gc.mem_free() + gc.mem_alloc()` report on the
 * device), then its blocks per area. The bytes a firmware gives the GC for each area (its
 * region, which also holds the allocation tables) appear only as a layout the user wrote.
 */
import type { AreaGeometry } from '@heaplab/core';

/** `47936 bytes (748 + 2248 blocks of 16 bytes)`. */
export function heapSize(config: { readonly areas: readonly Pick<AreaGeometry, 'blocks'>[]; readonly blockBytes: number }): string {
  const blocks = config.areas.map((a) => a.blocks);
  const total = blocks.reduce((sum, b) => sum + b, 0) * config.blockBytes;
  return `${total} bytes (${blocks.join(' + ')} blocks of ${config.blockBytes} bytes)`;
}
