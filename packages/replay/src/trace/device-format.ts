/**
 * The device trace format (`docs/device-trace.md`), written once. For each line kind (`op`): its
 * fields in the order the firmware writes them, each with the kind of value it holds, and for an
 * extension line its version `v`. The event types (`device-event.ts`), the full parser
 * (`decode-device-line.ts`) and the fast byte decoder (`decode-known-line.ts`) all read it.
 *
 * The ops are in the order an unknown op's error lists them.
 */

/**
 * A field's value: `count` a whole number ≥ 0 (a safe integer), `flag` 0 or 1, `string` any
 * string, `label` a string of 1 to `LABEL_MAX_BYTES` bytes (UTF-8), or one of a fixed list of
 * strings.
 */
export type FieldKind = 'count' | 'flag' | 'string' | 'label' | readonly [string, ...string[]];

/** The longest `label` a line may hold, in bytes of UTF-8 (the firmware hook truncates to it). */
export const LABEL_MAX_BYTES = 64;

/**
 * A field a line may leave out. With `absent`, the event gets that value when the line has no
 * such field (added after the line's own fields); without, the event has no such key either.
 */
export interface OptionalField {
  readonly optional: FieldKind;
  readonly absent?: number;
}

/** A line kind: its fields in the firmware's order, and for an extension line its version. */
export interface LineFormat {
  /** The version of an extension line's shape: its `v` field, written right after `op`. */
  readonly v?: number;
  readonly fields: Readonly<Record<string, FieldKind | OptionalField>>;
}

/** Every line kind of the device trace format, with its fields (see the top of this file). */
export const DEVICE_FORMAT = {
  heap: {
    fields: {
      area: 'count',
      bytes: 'count',
      pool_bytes: 'count',
      total_blocks: 'count',
      block_bytes: 'count',
      word_bytes: 'count',
      atb_bytes: 'count',
      ftb_bytes: 'count',
      wtb_bytes: 'count',
      pool_offset: 'count',
      /** The area struct `gc_add` keeps in the region (0 for area 0; absent in one-area traces). */
      struct_bytes: { optional: 'count', absent: 0 },
    },
  },
  alloc: { fields: { bytes: 'count', blocks: 'count', area: 'count', block: 'count', fin: 'flag', in_realloc: 'flag', after_collect: 'flag' } },
  alloc_fail: {
    fields: {
      bytes: 'count',
      blocks: 'count',
      stage: ['pre_collect', 'final', 'locked'],
      fin: 'flag',
      in_realloc: 'flag',
      in_collect: 'flag',
      after_collect: 'flag',
    },
  },
  memory_error: { fields: { bytes: 'count', heap_locked: 'flag' } },
  alloc_zero: { fields: {} },
  free: { fields: { area: 'count', block: 'count', blocks: 'count', in_realloc: 'flag', in_collect: 'flag' } },
  free_ignored: {
    fields: {
      area: 'count',
      block: 'count',
      /** Why, as text; the firmware hook writes `locked`. */
      reason: { optional: 'string' },
      in_realloc: 'flag',
    },
  },
  collect_start: { fields: { reason: ['alloc_fail', 'explicit', 'threshold', 'sweep_all'] } },
  sweep_free: { fields: { area: 'count', block: 'count', blocks: 'count' } },
  collect_end: { fields: { freed_objs: 'count', freed_blocks: 'count' } },
  realloc: {
    fields: {
      result: ['same', 'shrink', 'grow', 'moved', 'fail', 'alloc', 'free'],
      /** The object's area before the call (for result `alloc`: the new object's). */
      area: { optional: 'count' },
      /** Its head block before the call (for result `alloc`: the new object's). */
      block: { optional: 'count' },
      /** Its length before the call (0 for result `alloc`). */
      old_blocks: { optional: 'count' },
      bytes: 'count',
      new_blocks: 'count',
      allow_move: 'flag',
      /** With `moved` and `alloc`: the new head's area. */
      new_area: { optional: 'count' },
      /** With `moved` and `alloc`: the new head block. */
      new_block: { optional: 'count' },
      /** With `fail`: why. */
      reason: { optional: ['no_move', 'oom', 'locked', 'alloc_null'] },
      /** Free blocks found right after the object, when `gc_realloc` looked. */
      free_after: { optional: 'count' },
    },
  },
  info: {
    fields: { total: 'count', used: 'count', free: 'count', max_free_blocks: 'count', n_1block: 'count', n_2block: 'count', max_block: 'count' },
  },
  gap: { v: 1, fields: { lost: 'count' } },
  sync: {
    v: 1,
    fields: {
      area: 'count',
      /** Blocks in the area (its heap line's `total_blocks`). */
      blocks: 'count',
    },
  },
  sync_map: {
    v: 1,
    fields: {
      area: 'count',
      /** The first block, a multiple of 64. */
      block: 'count',
      /** One character a block: `.` free, `=` tail, `h` head, `f` head with its finaliser bit, `m` marked head. */
      map: 'string',
    },
  },
  sync_end: { v: 1, fields: {} },
  /** A point the program named (a phase, a `file:line`): no event, a label for what follows. */
  mark: { v: 1, fields: { label: 'label' } },
  /** The program changed `gc.threshold`: an engine event, in force from here. */
  threshold: {
    v: 1,
    fields: {
      /** The threshold in bytes (`gc.threshold()` reads it back so): whole blocks of `block_bytes`; 0 when `off`. */
      bytes: 'count',
      /** 1 when the threshold is off (`gc.threshold(-1)`, the firmware's default). */
      off: 'flag',
    },
  },
} as const satisfies Readonly<Record<string, LineFormat>>;

/** A line kind's name. */
export type DeviceOp = keyof typeof DEVICE_FORMAT;
