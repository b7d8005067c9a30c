/**
 * Heap layouts as the command line writes them: region sizes in registration order, with k/m
 * suffixes for KiB/MiB (`64k`, `16k,48k`, `4m`), a plain byte count, or a block count the area
 * must yield (`4000blk`, as the board presets give them). A layout's name is analysis's
 * `formatAreaList`.
 */
import { HeapInputError, type AreaInput } from '@heaplab/core';

/** The areas of one layout. Throws `HeapInputError` for `field` on bad input. */
export function parseAreaList(text: string, field = '--areas'): AreaInput[] {
  return text.split(',').map((part) => {
    const blocks = /^(\d+)blk$/.exec(part.trim());
    if (blocks !== null) return { blocks: Number(blocks[1]) };
    const match = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(part.trim());
    if (match === null) throw new HeapInputError(`${JSON.stringify(part)} is not a size (e.g. 65536, 64k, 4m, 4000blk)`, { field });
    const unit = match[2]!.toLowerCase() === 'k' ? 1024 : match[2]!.toLowerCase() === 'm' ? 1048576 : 1;
    const bytes = Number(match[1]) * unit;
    if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new HeapInputError(`${JSON.stringify(part)} is not a whole, positive number of bytes`, { field });
    return { bytes };
  });
}
