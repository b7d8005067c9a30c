/**
 * Device trace events: one line of the GC event log an instrumented firmware writes (see
 * `docs/device-trace.md`). Field names are the format's own.
 */

/** `heap`: one area's layout, at the top of the file. */
export interface HeapLine {
  readonly op: 'heap';
  readonly area: number;
  readonly bytes: number;
  readonly pool_bytes: number;
  readonly total_blocks: number;
  readonly block_bytes: number;
  readonly word_bytes: number;
  readonly atb_bytes: number;
  readonly ftb_bytes: number;
  readonly wtb_bytes: number;
  readonly pool_offset: number;
  /** The area struct `gc_add` keeps in the region (0 for area 0; absent in one-area traces). */
  readonly struct_bytes: number;
}

/** A gc_alloc call that succeeded. */
export interface AllocLine {
  readonly op: 'alloc';
  readonly bytes: number;
  readonly blocks: number;
  readonly area: number;
  readonly block: number;
  readonly fin: 0 | 1;
  readonly in_realloc: 0 | 1;
  readonly after_collect: 0 | 1;
}

/** A gc_alloc call that found no room. */
export interface AllocFailLine {
  readonly op: 'alloc_fail';
  readonly bytes: number;
  readonly blocks: number;
  readonly stage: 'pre_collect' | 'final' | 'locked';
  readonly fin: 0 | 1;
  readonly in_realloc: 0 | 1;
  readonly in_collect: 0 | 1;
  readonly after_collect: 0 | 1;
}

export interface MemoryErrorLine {
  readonly op: 'memory_error';
  readonly bytes: number;
  readonly heap_locked: 0 | 1;
}

export interface AllocZeroLine {
  readonly op: 'alloc_zero';
}

export interface FreeLine {
  readonly op: 'free';
  readonly area: number;
  readonly block: number;
  readonly blocks: number;
  readonly in_realloc: 0 | 1;
  readonly in_collect: 0 | 1;
}

export interface FreeIgnoredLine {
  readonly op: 'free_ignored';
  readonly area: number;
  readonly block: number;
  readonly reason: string;
  readonly in_realloc: 0 | 1;
}

export interface CollectStartLine {
  readonly op: 'collect_start';
  readonly reason: 'alloc_fail' | 'explicit' | 'threshold' | 'sweep_all';
}

export interface SweepFreeLine {
  readonly op: 'sweep_free';
  readonly area: number;
  readonly block: number;
  readonly blocks: number;
}

export interface CollectEndLine {
  readonly op: 'collect_end';
  readonly freed_objs: number;
  readonly freed_blocks: number;
}

/** The summary of one gc_realloc call, written after any nested alloc/free lines. */
export interface ReallocLine {
  readonly op: 'realloc';
  readonly result: 'same' | 'shrink' | 'grow' | 'moved' | 'fail' | 'alloc' | 'free';
  readonly bytes: number;
  readonly new_blocks: number;
  readonly allow_move: 0 | 1;
  /** The object's head before the call (absent for realloc of NULL). */
  readonly area?: number;
  readonly block?: number;
  readonly old_blocks?: number;
  readonly new_area?: number;
  readonly new_block?: number;
  readonly free_after?: number;
  readonly reason?: 'no_move' | 'oom' | 'locked' | 'alloc_null';
}

/** A gc_info() snapshot: a checkpoint. */
export interface InfoLine {
  readonly op: 'info';
  readonly total: number;
  readonly used: number;
  readonly free: number;
  readonly max_free_blocks: number;
  readonly n_1block: number;
  readonly n_2block: number;
  readonly max_block: number;
}

/*
 * Extension lines, version 1 (`v`). A recorder writes them; a reader that meets another
 * version must stop, not guess.
 */

/** `gap`: the recorder's buffer overflowed and `lost` events are missing here (a recorder never writes 0). */
export interface GapLine {
  readonly op: 'gap';
  readonly v: 1;
  readonly lost: number;
}

/** `sync`: the start of one area's full allocation map (a sync spans every area, in order). */
export interface SyncLine {
  readonly op: 'sync';
  readonly v: 1;
  readonly area: number;
  /** Blocks in the area (its heap line's `total_blocks`). */
  readonly blocks: number;
}

/**
 * `sync_map`: up to 64 blocks of the area's map from `block` (a multiple of 64): `.` free,
 * `=` tail, `h` head, `f` head with its finaliser bit, `m` marked head. A 64-block line
 * without one is all free.
 */
export interface SyncMapLine {
  readonly op: 'sync_map';
  readonly v: 1;
  readonly area: number;
  readonly block: number;
  readonly map: string;
}

/** `sync_end`: the map of every area has been written. */
export interface SyncEndLine {
  readonly op: 'sync_end';
  readonly v: 1;
}

export type DeviceEvent =
  | HeapLine
  | AllocLine
  | AllocFailLine
  | MemoryErrorLine
  | AllocZeroLine
  | FreeLine
  | FreeIgnoredLine
  | CollectStartLine
  | SweepFreeLine
  | CollectEndLine
  | ReallocLine
  | InfoLine
  | GapLine
  | SyncLine
  | SyncMapLine
  | SyncEndLine;

/** A device event and the trace line it came from. */
export interface DeviceLine {
  readonly line: number;
  readonly event: DeviceEvent;
}
