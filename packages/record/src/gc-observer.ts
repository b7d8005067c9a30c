/**
 * The recorder's side of the hooks: it watches the real allocator through the calls of
 * `HookImports` and its linear memory, and writes the device trace of docs/device-trace.md, line
 * for line what the firmware hook writes inside `py/gc.c`.
 *
 * - Flags the hook keeps as statics come from stacks of the running calls here: `in_realloc`
 *   while a `gc_realloc` runs; `after_collect` when a collection started inside the running
 *   `gc_alloc`.
 * - A collection's reason: inside a `gc_alloc`, `threshold` when its counter had passed the
 *   threshold on entry (and it had not collected yet), otherwise `alloc_fail` (with the
 *   `pre_collect` line first); anywhere else `explicit`.
 * - `gc.threshold()` writes a memory word and calls nothing: a change is seen, and written as a
 *   `threshold` line, at the next allocation or realloc, the first call it can affect.
 * - Sweeps: the allocation table is copied when a collection starts and compared when it ends;
 *   each head that became free (and was not freed by `gc_free` meanwhile) is a `sweep_free`,
 *   in (area, block) order.
 * - Realloc results follow from `gc_realloc`'s own scan of the tails and free blocks after the
 *   object, made here before the call.
 */
import { layoutArea } from '@heaplab/core';
import { areaLayout } from './area-layout.js';
import type { HookImports } from './hook-imports.js';
import type { RecordedArea } from './interpreter-messages.js';
import { markLabel } from './mark-label.js';
import { traceLine, type FieldValue } from './trace-line.js';
import { AT_FREE, AT_HEAD, AT_TAIL, type WasmArea, type WasmHeap } from './wasm-heap.js';
import {
  ADDRESSES,
  ALLOC_TABLE_GAP_BYTE,
  AREA_STRUCT,
  BLOCKS_PER_ATB,
  BLOCKS_PER_FTB,
  BYTES_PER_BLOCK,
  GC_ALLOC_FLAG_HAS_FINALISER,
  GC_COLLECT_FLAG,
  GC_INFO_FIELDS,
  THRESHOLD_OFF,
  WORD_BYTES,
} from './wasm-facts.js';

/** What the observer needs besides the hooks' arguments. */
export interface ObserverOptions {
  /** Sizes in bytes of the regions added after area 0 (`gc_add` at start-up), in order. */
  readonly addedAreas: readonly number[];
  /** `gc.threshold` in force from the start, in bytes; null when off (the firmware default). */
  readonly threshold: number | null;
  /** Receives each trace line (no line end). */
  readonly emit: (line: string) => void;
}

/** The instance's exports the observer calls. */
export interface ObservedInstance {
  readonly heap: WasmHeap;
  /** libc `malloc`, for the regions of added areas. */
  readonly malloc: (bytes: number) => number;
}

/** A running `gc_alloc`. */
interface AllocCall {
  readonly bytes: number;
  readonly blocks: number;
  readonly fin: number;
  readonly lockDepth: number;
  /** Its counter had passed the threshold on entry: its first collection is a threshold one. */
  readonly thresholdDue: boolean;
  /** It has run a collection. */
  collected: boolean;
}

/** The object a `gc_realloc` or `gc_free` names, as gc.c sees it before the call. */
interface ObjectAt {
  readonly area: number;
  readonly block: number;
  /** Its blocks, head and tails. */
  readonly blocks: number;
}

/** A running `gc_realloc`. */
interface ReallocCall {
  readonly ptr: number;
  readonly bytes: number;
  readonly allowMove: number;
  readonly lockDepth: number;
  readonly at: ObjectAt | null;
  readonly newBlocks: number;
  /** Free blocks after the object, counted as gc_realloc counts them. */
  readonly free: number;
}

/** A running `gc_free`. */
interface FreeCall {
  readonly ptr: number;
  readonly lockDepth: number;
  readonly at: ObjectAt | null;
}

/** A running collection: the allocation tables when it started, and heads `gc_free` freed since. */
interface Collection {
  readonly tables: readonly Uint8Array[];
  readonly freed: Set<number>;
}

export class GcObserver implements HookImports {
  private instance: ObservedInstance | null = null;
  private areaList: WasmArea[] = [];
  private readonly allocs: AllocCall[] = [];
  private readonly reallocs: ReallocCall[] = [];
  private readonly frees: FreeCall[] = [];
  private collection: Collection | null = null;
  private started = false;
  /** The threshold (blocks) the trace last said: `gc_init` turns it off. */
  private threshold = THRESHOLD_OFF;
  /** Counts for the summary. */
  readonly counts = { lines: 0, allocs: 0, collections: 0, memoryErrors: 0 };
  /** The areas, as their heap lines give them. */
  readonly areas: RecordedArea[] = [];

  constructor(private readonly options: ObserverOptions) {}

  /** The instance is there (call before it runs any code). */
  attach(instance: ObservedInstance): void {
    this.instance = instance;
  }

  /** The hook imports, bound to this observer. */
  imports(): HookImports {
    const names: (keyof HookImports)[] = [
      'init_after',
      'alloc_before',
      'alloc_after',
      'free_before',
      'free_after',
      'realloc_before',
      'realloc_after',
      'collect_before',
      'collect_after',
      'info_after',
      'malloc_fail_before',
    ];
    return Object.fromEntries(names.map((name) => [name, (this[name] as (...args: number[]) => void).bind(this)])) as unknown as HookImports;
  }

  private get heap(): WasmHeap {
    if (this.instance === null) throw new Error('the recorder was called before the interpreter was attached');
    return this.instance.heap;
  }

  private line(op: string, fields?: Readonly<Record<string, FieldValue>>): void {
    this.counts.lines++;
    this.options.emit(traceLine(op, fields));
  }

  init_after(start: number, end: number): void {
    const from = start >>> 0;
    const to = (end >>> 0) & ~(BYTES_PER_BLOCK - 1);
    const first = this.heap.area(ADDRESSES.firstArea);
    this.heapLine(0, first, to - from, first.poolStart - from, 0);
    for (const bytes of this.options.addedAreas) this.addArea(bytes);
    this.areaList = this.heap.areas();
  }

  /**
   * `gc_add` of a region of `bytes` bytes, done here as gc.c does it (the build inlines its only
   * caller), laid out by `layoutArea`: the area struct at the region's start, the tables cleared, the
   * area last in the list.
   */
  private addArea(bytes: number): void {
    const heap = this.heap;
    const region = this.instance!.malloc(bytes + BYTES_PER_BLOCK) >>> 0;
    if (region === 0) throw new Error(`no memory for a ${bytes}-byte heap area`);
    const start = (region + BYTES_PER_BLOCK - 1) & ~(BYTES_PER_BLOCK - 1);
    let last: number = ADDRESSES.firstArea;
    let index = 1;
    for (let next = heap.u32(last + AREA_STRUCT.next); next !== 0; next = heap.u32(last + AREA_STRUCT.next)) {
      last = next;
      index++;
    }
    const layout = layoutArea({ ...areaLayout(index), regionStart: start, regionBytes: bytes });
    const tables = start + AREA_STRUCT.bytes;
    const end = layout.poolStart + layout.poolBytes;
    heap.zero(tables, layout.atbBytes + ALLOC_TABLE_GAP_BYTE + layout.ftbBytes);
    heap.setU32(start + AREA_STRUCT.next, 0);
    heap.setU32(start + AREA_STRUCT.allocTableStart, tables);
    heap.setU32(start + AREA_STRUCT.allocTableByteLen, layout.atbBytes);
    heap.setU32(start + AREA_STRUCT.finaliserTableStart, tables + layout.atbBytes + ALLOC_TABLE_GAP_BYTE);
    heap.setU32(start + AREA_STRUCT.poolStart, layout.poolStart);
    heap.setU32(start + AREA_STRUCT.poolEnd, end);
    heap.setU32(start + AREA_STRUCT.lastFreeAtbIndex, 0);
    heap.setU32(start + AREA_STRUCT.lastUsedBlock, 0);
    heap.setU32(last + AREA_STRUCT.next, start);
    this.heapLine(index, heap.area(start), end - start, layout.poolOffset, AREA_STRUCT.bytes);
  }

  private heapLine(index: number, area: WasmArea, bytes: number, poolOffset: number, structBytes: number): void {
    this.areas.push({ bytes, blocks: area.blocks });
    this.line('heap', {
      area: index,
      bytes,
      pool_bytes: area.poolEnd - area.poolStart,
      total_blocks: area.blocks,
      block_bytes: BYTES_PER_BLOCK,
      word_bytes: WORD_BYTES,
      atb_bytes: area.atbBytes,
      ftb_bytes: Math.ceil(area.blocks / BLOCKS_PER_FTB),
      wtb_bytes: 0,
      pool_offset: poolOffset,
      struct_bytes: structBytes,
    });
  }

  /**
   * Before each allocation or realloc: the first time, the threshold the recording starts with
   * is set (the port sets its own after `gc_init`); then a `threshold` line whenever
   * `gc.threshold()` changed it since the last look.
   */
  private watchThreshold(): void {
    const heap = this.heap;
    if (!this.started) {
      this.started = true;
      const threshold = this.options.threshold;
      heap.setU32(ADDRESSES.gcAllocThreshold, threshold === null ? THRESHOLD_OFF : Math.floor(threshold / BYTES_PER_BLOCK));
    }
    const blocks = heap.u32(ADDRESSES.gcAllocThreshold);
    if (blocks === this.threshold) return;
    this.threshold = blocks;
    const off = blocks === THRESHOLD_OFF;
    this.line('threshold', { v: 1, bytes: off ? 0 : blocks * BYTES_PER_BLOCK, off: off ? 1 : 0 });
  }

  alloc_before(bytes: number, flags: number): void {
    this.watchThreshold();
    const heap = this.heap;
    const n = bytes >>> 0;
    const autoCollect = heap.u16(ADDRESSES.gcAutoCollectEnabled) !== 0;
    this.allocs.push({
      bytes: n,
      blocks: blocksFor(n),
      fin: flags & GC_ALLOC_FLAG_HAS_FINALISER ? 1 : 0,
      lockDepth: heap.lockDepth(),
      thresholdDue: autoCollect && heap.u32(ADDRESSES.gcAllocAmount) >= heap.u32(ADDRESSES.gcAllocThreshold),
      collected: false,
    });
  }

  alloc_after(ptr: number): void {
    const call = this.allocs.pop()!;
    const p = ptr >>> 0;
    const inRealloc = this.reallocs.length > 0 ? 1 : 0;
    if (call.blocks === 0) {
      this.line('alloc_zero');
    } else if (p !== 0) {
      this.counts.allocs++;
      const { area, block } = this.locate(p);
      this.line('alloc', { bytes: call.bytes, blocks: call.blocks, area, block, fin: call.fin, in_realloc: inRealloc, after_collect: call.collected ? 1 : 0 });
    } else {
      const locked = call.lockDepth > 0;
      this.line('alloc_fail', {
        bytes: call.bytes,
        blocks: call.blocks,
        stage: locked ? 'locked' : 'final',
        fin: call.fin,
        in_realloc: inRealloc,
        in_collect: locked ? call.lockDepth & GC_COLLECT_FLAG : 0,
        after_collect: call.collected ? 1 : 0,
      });
    }
  }

  free_before(ptr: number): void {
    const p = ptr >>> 0;
    const lockDepth = this.heap.lockDepth();
    const freeing = p !== 0 && (lockDepth & ~GC_COLLECT_FLAG) === 0;
    this.frees.push({ ptr: p, lockDepth, at: p === 0 ? null : this.objectAt(p, freeing) });
  }

  free_after(): void {
    const call = this.frees.pop()!;
    const inRealloc = this.reallocs.length > 0 ? 1 : 0;
    if ((call.lockDepth & ~GC_COLLECT_FLAG) !== 0) {
      this.line('free_ignored', { area: call.at?.area ?? 0, block: call.at?.block ?? 0, reason: 'locked', in_realloc: inRealloc });
    } else if (call.at !== null) {
      this.line('free', {
        area: call.at.area,
        block: call.at.block,
        blocks: call.at.blocks,
        in_realloc: inRealloc,
        in_collect: call.lockDepth & GC_COLLECT_FLAG,
      });
      this.collection?.freed.add(call.ptr);
    }
  }

  realloc_before(ptr: number, bytes: number, allowMove: number): void {
    this.watchThreshold();
    const p = ptr >>> 0;
    const n = bytes >>> 0;
    const newBlocks = blocksFor(n);
    const at = p === 0 ? null : this.objectAt(p, true);
    let free = 0;
    if (at !== null) {
      // gc_realloc's scan: past the tails, count free blocks until enough for the new size.
      const area = this.areaList[at.area]!;
      for (let block = at.block + at.blocks; block < area.blocks; block++) {
        if (this.heap.kind(area, block) !== AT_FREE) break;
        free++;
        if (at.blocks + free >= newBlocks) break;
      }
    }
    this.reallocs.push({ ptr: p, bytes: n, allowMove: allowMove & 1, lockDepth: this.heap.lockDepth(), at, newBlocks, free });
  }

  realloc_after(ptr: number): void {
    const call = this.reallocs.pop()!;
    const p = ptr >>> 0;
    const base = { bytes: call.bytes, new_blocks: call.newBlocks, allow_move: call.allowMove };
    const at = call.at;
    if (at === null) {
      if (p === 0) {
        this.line('realloc', { result: 'fail', ...base, reason: 'alloc_null' });
        return;
      }
      const placed = this.locate(p);
      this.line('realloc', { result: 'alloc', area: placed.area, block: placed.block, old_blocks: 0, ...base, new_area: placed.area, new_block: placed.block });
      return;
    }
    const before = { area: at.area, block: at.block, old_blocks: at.blocks };
    if (call.bytes === 0) {
      this.line('realloc', { result: 'free', ...before, ...base });
    } else if (call.lockDepth > 0) {
      this.line('realloc', { result: 'fail', ...before, ...base, reason: 'locked' });
    } else if (call.newBlocks === at.blocks) {
      this.line('realloc', { result: 'same', ...before, ...base });
    } else if (call.newBlocks < at.blocks) {
      this.line('realloc', { result: 'shrink', ...before, ...base });
    } else if (call.newBlocks <= at.blocks + call.free) {
      this.line('realloc', { result: 'grow', ...before, ...base });
    } else if (call.allowMove === 0 || p === 0) {
      this.line('realloc', { result: 'fail', ...before, ...base, reason: call.allowMove === 0 ? 'no_move' : 'oom', free_after: call.free });
    } else {
      const moved = this.locate(p);
      this.line('realloc', { result: 'moved', ...before, ...base, new_area: moved.area, new_block: moved.block, free_after: call.free });
    }
  }

  collect_before(): void {
    const call = this.allocs[this.allocs.length - 1];
    let reason = 'explicit';
    if (call !== undefined && !call.collected) {
      reason = call.thresholdDue ? 'threshold' : 'alloc_fail';
      if (reason === 'alloc_fail') {
        this.line('alloc_fail', {
          bytes: call.bytes,
          blocks: call.blocks,
          stage: 'pre_collect',
          fin: call.fin,
          in_realloc: this.reallocs.length > 0 ? 1 : 0,
          in_collect: 0,
          after_collect: 0,
        });
      }
      call.collected = true;
    }
    this.counts.collections++;
    this.line('collect_start', { reason });
    this.collection = { tables: this.areaList.map((area) => this.heap.copy(area.atbStart, area.atbBytes)), freed: new Set() };
  }

  collect_after(): void {
    const collection = this.collection!;
    this.collection = null;
    let objects = 0;
    let blocks = 0;
    this.areaList.forEach((area, index) => {
      const before = collection.tables[index]!;
      for (let byte = 0; byte < before.length; byte++) {
        if (before[byte] === 0) continue;
        for (let block = byte * BLOCKS_PER_ATB; block < (byte + 1) * BLOCKS_PER_ATB; block++) {
          if (kindIn(before, block) !== AT_HEAD || this.heap.kind(area, block) !== AT_FREE) continue;
          if (collection.freed.has(area.poolStart + block * BYTES_PER_BLOCK)) continue;
          let length = 1;
          while (block + length < area.blocks && kindIn(before, block + length) === AT_TAIL) length++;
          this.line('sweep_free', { area: index, block, blocks: length });
          objects++;
          blocks += length;
        }
      }
    });
    this.line('collect_end', { freed_objs: objects, freed_blocks: blocks });
  }

  info_after(info: number): void {
    const address = info >>> 0;
    const value = (field: (typeof GC_INFO_FIELDS)[number]): number => this.heap.u32(address + GC_INFO_FIELDS.indexOf(field) * WORD_BYTES);
    this.line('info', {
      total: value('total'),
      used: value('used'),
      free: value('free'),
      max_free_blocks: value('maxFree'),
      n_1block: value('n1block'),
      n_2block: value('n2block'),
      max_block: value('maxBlock'),
    });
  }

  malloc_fail_before(bytes: number): void {
    this.counts.memoryErrors++;
    this.line('memory_error', { bytes: bytes >>> 0, heap_locked: this.heap.lockDepth() !== 0 ? 1 : 0 });
  }

  /** The script marked this point (`heaplab.mark(label)`): a `mark` line, unless the label is empty. */
  mark(label: Uint8Array): void {
    const text = markLabel(label);
    if (text !== null) this.line('mark', { v: 1, label: text });
  }

  /** The area index and block of a pointer into a pool. */
  private locate(ptr: number): { area: number; block: number } {
    for (let index = 0; index < this.areaList.length; index++) {
      const area = this.areaList[index]!;
      if (ptr >= area.poolStart && ptr < area.poolEnd) return { area: index, block: Math.floor((ptr - area.poolStart) / BYTES_PER_BLOCK) };
    }
    throw new Error(`address ${ptr} is in no GC area`);
  }

  /** The object whose head `ptr` is, its length counted when `count` (else 0). */
  private objectAt(ptr: number, count: boolean): ObjectAt {
    const { area, block } = this.locate(ptr);
    let blocks = 0;
    if (count) {
      const table = this.areaList[area]!;
      blocks = 1;
      while (block + blocks < table.blocks && this.heap.kind(table, block + blocks) === AT_TAIL) blocks++;
    }
    return { area, block, blocks };
  }
}

/** `gc_alloc`'s (and `gc_realloc`'s) block count for `bytes`, with their 32-bit arithmetic. */
function blocksFor(bytes: number): number {
  return ((((bytes + BYTES_PER_BLOCK - 1) >>> 0) & ~(BYTES_PER_BLOCK - 1)) >>> 0) / BYTES_PER_BLOCK;
}

function kindIn(table: Uint8Array, block: number): number {
  return (table[block >>> 2]! >>> ((block & 3) * 2)) & 3;
}
