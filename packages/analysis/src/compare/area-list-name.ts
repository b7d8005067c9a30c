/**
 * A heap layout's name as the command line writes it, for `heaplab compare`'s rows and the web
 * page's.
 */
import type { AreaInput } from '@heaplab/core';

/**
 * A layout's name: region sizes as the command line writes them (in k or m where they divide
 * evenly: `16k,48k`); when an area is given by its blocks (the board presets), each area on its
 * own terms, joined by `+` (`4000 blocks + 16692 blocks`).
 */
export function formatAreaList(areas: readonly AreaInput[]): string {
  const byBlocks = areas.some((area) => !('bytes' in area));
  return areas
    .map((area) => {
      if (!('bytes' in area)) return `${area.blocks} blocks`;
      const { bytes } = area;
      return bytes % 1048576 === 0 ? `${bytes / 1048576}m` : bytes % 1024 === 0 ? `${bytes / 1024}k` : byBlocks ? `${bytes} B` : String(bytes);
    })
    .join(byBlocks ? ' + ' : ',');
}
