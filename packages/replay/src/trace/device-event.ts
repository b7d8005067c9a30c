/**
 * Device trace events: one line of the GC event log an instrumented firmware writes (see
 * `docs/device-trace.md`). Field names are the format's own; the types are derived from the
 * format's table, `DEVICE_FORMAT`.
 */
import type { DEVICE_FORMAT, DeviceOp, FieldKind, OptionalField } from './device-format.js';

type Format = typeof DEVICE_FORMAT;

/** The value a field of this kind holds. */
type ValueOf<K extends FieldKind> = K extends 'count' ? number : K extends 'flag' ? 0 | 1 : K extends 'string' | 'label' ? string : K[number];

/** Whether an event may lack the field: the line may leave it out and nothing stands in. */
type MayLack<F> = F extends OptionalField ? (F extends { readonly absent: number } ? false : true) : false;

type KindOf<F> = F extends OptionalField ? F['optional'] : F extends FieldKind ? F : never;

type Fields<F> = { readonly [K in keyof F as MayLack<F[K]> extends true ? never : K]: ValueOf<KindOf<F[K]>> } & {
  readonly [K in keyof F as MayLack<F[K]> extends true ? K : never]?: ValueOf<KindOf<F[K]>>;
};

type Version<L> = L extends { readonly v: infer V } ? { readonly v: V } : unknown;

/** One object type, not an intersection (for readable hovers and messages). */
type Flat<T> = { [K in keyof T]: T[K] };

/** The event of one line kind. */
export type LineOf<Op extends DeviceOp> = Flat<{ readonly op: Op } & Version<Format[Op]> & Fields<Format[Op]['fields']>>;

/** `heap`: one area's layout, at the top of the file. */
export type HeapLine = LineOf<'heap'>;

/** A gc_alloc call that succeeded. */
export type AllocLine = LineOf<'alloc'>;

/** A gc_alloc call that found no room. */
export type AllocFailLine = LineOf<'alloc_fail'>;

/** MicroPython raised MemoryError for a request. */
export type MemoryErrorLine = LineOf<'memory_error'>;

/** gc_alloc was asked for 0 bytes. */
export type AllocZeroLine = LineOf<'alloc_zero'>;

/** An explicit gc_free. */
export type FreeLine = LineOf<'free'>;

/** gc_free while the heap was locked: the object stays allocated. */
export type FreeIgnoredLine = LineOf<'free_ignored'>;

/** A collection begins. */
export type CollectStartLine = LineOf<'collect_start'>;

/** The sweep freed one unmarked object. */
export type SweepFreeLine = LineOf<'sweep_free'>;

/** The collection is over. */
export type CollectEndLine = LineOf<'collect_end'>;

/** The summary of one gc_realloc call, written after any nested alloc/free lines. */
export type ReallocLine = LineOf<'realloc'>;

/** A gc_info() snapshot: a checkpoint. */
export type InfoLine = LineOf<'info'>;

/*
 * Extension lines, version 1 (`v`). A recorder writes them; a reader that meets another
 * version must stop, not guess.
 */

/** `gap`: the recorder's buffer overflowed and `lost` events are missing here (a recorder never writes 0). */
export type GapLine = LineOf<'gap'>;

/** `sync`: the start of one area's full allocation map (a sync spans every area, in order). */
export type SyncLine = LineOf<'sync'>;

/**
 * `sync_map`: up to 64 blocks of the area's map from `block` (a multiple of 64). A 64-block
 * line without one is all free.
 */
export type SyncMapLine = LineOf<'sync_map'>;

/** `sync_end`: the map of every area has been written. */
export type SyncEndLine = LineOf<'sync_end'>;

/** `mark`: the program named this point of its run (a phase, a `file:line`); the heap does not change. */
export type MarkLine = LineOf<'mark'>;

/** `threshold`: the program set `gc.threshold`; from here the engine's threshold is this one. */
export type ThresholdLine = LineOf<'threshold'>;

/** Any line's event. */
export type DeviceEvent = { [Op in DeviceOp]: LineOf<Op> }[DeviceOp];

/** A device event and the trace line it came from. */
export interface DeviceLine {
  readonly line: number;
  readonly event: DeviceEvent;
}
