/**
 * The heap a script is recorded on, from `--heap`, `--areas` or `--board`: region sizes in bytes,
 * area 0 first (the region `gc_init` gets), then the areas added at start-up.
 */
import { HeapInputError, regionBytesForBlocks } from '@heaplab/core';
import { areaLayout, checkHeap } from '@heaplab/record';
import { parseAreaList } from '../../options/area-list.js';
import { findBoard } from '../../options/boards.js';

export interface RecordHeapChoice {
  readonly heap?: string;
  readonly areas?: string;
  readonly board?: string;
}

/** Without a choice: the package's own default, 1 MiB. */
const DEFAULT_HEAP = [1048576];

/** The regions' sizes in bytes, checked. Throws `HeapInputError` naming the option. */
export function recordHeap(choice: RecordHeapChoice): number[] {
  const areas = regions(choice);
  checkHeap(areas[0]!, areas.slice(1), choice.board !== undefined ? '--board' : choice.areas !== undefined ? '--areas' : '--heap');
  return areas;
}

function regions(choice: RecordHeapChoice): number[] {
  const given = (['heap', 'areas', 'board'] as const).filter((name) => choice[name] !== undefined);
  if (given.length > 1)
    throw new HeapInputError(`give one of --heap, --areas and --board, not ${given.map((g) => `--${g}`).join(' and ')}`, { field: `--${given[1]}` });
  if (choice.heap !== undefined) {
    const areas = parseAreaList(choice.heap, '--heap');
    if (areas.length !== 1) throw new HeapInputError('one size (for several areas use --areas, e.g. --areas 48k,16k)', { field: '--heap' });
    return areas.map((area) => bytesOf(area, '--heap'));
  }
  if (choice.areas !== undefined) return parseAreaList(choice.areas).map((area) => bytesOf(area, '--areas'));
  if (choice.board !== undefined) {
    const board = findBoard(choice.board);
    if (board.heap.wordBytes === 8) throw new HeapInputError(`${board.name} is a 64-bit build; the recorder's interpreter is 32-bit`, { field: '--board' });
    return (board.heap.areas ?? [{ bytes: DEFAULT_HEAP[0]! }]).map((area, index) =>
      'bytes' in area ? area.bytes : regionBytesForBlocks(area.blocks, { ...areaLayout(index), regionStart: 0 }),
    );
  }
  return DEFAULT_HEAP;
}

function bytesOf(area: { bytes: number } | { blocks: number }, field: string): number {
  if ('bytes' in area) return area.bytes;
  throw new HeapInputError('give the region in bytes (e.g. 64k); a block count is for workloads', { field });
}
