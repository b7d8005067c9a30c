/**
 * Board presets: the GC heaps of real devices. OpenMV boards give the block counts their firmware
 * reports; the unix and webassembly ports their default heap sizes.
 */
import { HeapInputError, type HeapConfigInput } from '@heaplab/core';

export interface Board {
  readonly name: string;
  readonly summary: string;
  readonly heap: HeapConfigInput;
}

const BOARDS: readonly Board[] = [
  { name: 'openmv-h7', summary: 'OpenMV H7 (OPENMV4), firmware v4.8.1: SRAM4 64K then SRAM1 267K', heap: { areas: [{ blocks: 4000 }, { blocks: 16692 }] } },
  {
    name: 'openmv-h7-v4.5.9',
    summary: 'OpenMV H7 (OPENMV4), firmware v4.5.9: SRAM4 26K then SRAM1 267K',
    heap: { areas: [{ blocks: 1624 }, { blocks: 16692 }] },
  },
  {
    name: 'openmv-h7-plus',
    summary: 'OpenMV H7 Plus (OPENMV4P), v4.5.9–v4.8.1: SRAM1 239K then SDRAM 4M',
    heap: { areas: [{ blocks: 14944 }, { blocks: 256136 }] },
  },
  {
    name: 'openmv-rt1062',
    summary: 'OpenMV RT1062, firmware v4.8.1: OCRAM2 64K, DTCM 272K, SDRAM 8M',
    heap: { areas: [{ blocks: 4000 }, { blocks: 17004 }, { blocks: 512276 }] },
  },
  {
    name: 'esp32',
    summary: 'ESP32 without PSRAM, approximately: one 128K area (the firmware grows its heap by SPLIT_HEAP_AUTO, which heaplab does not model)',
    heap: { areas: [{ bytes: 131072 }] },
  },
  { name: 'unix', summary: 'unix port, 64-bit standard variant: one 2 MiB area, 32-byte blocks', heap: { wordBytes: 8, areas: [{ bytes: 2097152 }] } },
  { name: 'unix-32', summary: 'unix port, 32-bit build: one 1 MiB area', heap: { areas: [{ bytes: 1048576 }] } },
  { name: 'webassembly', summary: "webassembly port, loadMicroPython()'s default 1 MiB heap (64032 blocks)", heap: { areas: [{ blocks: 64032 }] } },
  { name: 'webassembly-node', summary: "webassembly port's node CLI, 128 KiB heap (8004 blocks)", heap: { areas: [{ blocks: 8004 }] } },
];

/** Every preset, in the order listed. */
export function allBoards(): readonly Board[] {
  return BOARDS;
}

/** The preset with this name. Throws `HeapInputError` (field `--board`) naming the known ones. */
export function findBoard(name: string): Board {
  const board = BOARDS.find((b) => b.name === name);
  if (board === undefined)
    throw new HeapInputError(`unknown board ${JSON.stringify(name)}; known: ${BOARDS.map((b) => b.name).join(', ')}`, { field: '--board' });
  return board;
}
