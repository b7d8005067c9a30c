/**
 * Reading the interpreter's GC heap from its linear memory: the area list, each area's
 * allocation table, and the state words of `mp_state_mem`. The views are made anew whenever the
 * memory has grown (growing detaches the old buffer).
 */
import { ADDRESSES, AREA_STRUCT, BLOCKS_PER_ATB, BYTES_PER_BLOCK } from './wasm-facts.js';

/** One GC area, as its `mp_state_mem_area_t` describes it. */
export interface WasmArea {
  /** Where its struct is: `MP_STATE_MEM(area)` for area 0, the region's start for an added area. */
  readonly struct: number;
  readonly atbStart: number;
  /** The allocation table's length in bytes. */
  readonly atbBytes: number;
  readonly ftbStart: number;
  readonly poolStart: number;
  readonly poolEnd: number;
  /** Blocks in the pool. */
  readonly blocks: number;
}

/** Block kinds in the allocation table. */
export const AT_FREE = 0;
export const AT_HEAD = 1;
export const AT_TAIL = 2;

export class WasmHeap {
  private buffer: ArrayBuffer | null = null;
  private bytes: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(new ArrayBuffer(0));

  constructor(private readonly memory: WebAssembly.Memory) {}

  private fresh(): void {
    const buffer = this.memory.buffer;
    if (this.buffer !== buffer) {
      this.buffer = buffer;
      this.bytes = new Uint8Array(buffer);
      this.view = new DataView(buffer);
    }
  }

  u8(address: number): number {
    this.fresh();
    return this.bytes[address]!;
  }

  u16(address: number): number {
    this.fresh();
    return this.view.getUint16(address, true);
  }

  u32(address: number): number {
    this.fresh();
    return this.view.getUint32(address, true);
  }

  setU32(address: number, value: number): void {
    this.fresh();
    this.view.setUint32(address, value, true);
  }

  /** Zeroes `length` bytes from `address`. */
  zero(address: number, length: number): void {
    this.fresh();
    this.bytes.fill(0, address, address + length);
  }

  /** A copy of `length` bytes from `address`. */
  copy(address: number, length: number): Uint8Array {
    this.fresh();
    return this.bytes.slice(address, address + length);
  }

  /** The area whose struct is at `struct`. */
  area(struct: number): WasmArea {
    const atbBytes = this.u32(struct + AREA_STRUCT.allocTableByteLen);
    const poolStart = this.u32(struct + AREA_STRUCT.poolStart);
    const poolEnd = this.u32(struct + AREA_STRUCT.poolEnd);
    const blocks = atbBytes * BLOCKS_PER_ATB;
    if (poolEnd - poolStart !== blocks * BYTES_PER_BLOCK) throw new Error(`the GC area at ${struct} does not look like an mp_state_mem_area_t`);
    return {
      struct,
      atbStart: this.u32(struct + AREA_STRUCT.allocTableStart),
      atbBytes,
      ftbStart: this.u32(struct + AREA_STRUCT.finaliserTableStart),
      poolStart,
      poolEnd,
      blocks,
    };
  }

  /** Every area, in registration order (the `next` list from `MP_STATE_MEM(area)`). */
  areas(): WasmArea[] {
    const list: WasmArea[] = [];
    for (let struct: number = ADDRESSES.firstArea; struct !== 0; struct = this.u32(struct + AREA_STRUCT.next)) list.push(this.area(struct));
    return list;
  }

  /** The kind of `block` in `area` (AT_FREE, AT_HEAD, AT_TAIL or 3, marked). */
  kind(area: WasmArea, block: number): number {
    return (this.u8(area.atbStart + (block >>> 2)) >>> ((block & 3) * 2)) & 3;
  }

  /** `MP_STATE_THREAD(gc_lock_depth)`. */
  lockDepth(): number {
    return this.u16(ADDRESSES.gcLockDepth);
  }
}
