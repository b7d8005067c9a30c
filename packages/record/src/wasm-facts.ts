/**
 * What the recorder knows of the one binary it instruments: `micropython.wasm` of
 * `@micropython/micropython-webassembly-pyscript@1.27.0`. The release build has no names, so
 * functions are found by their index and state by its address; both were read off this exact
 * binary (checked by its SHA-256 before anything is rewritten) and `py/mpstate.h` of v1.27.0.
 */

/** The interpreter's version, as traces and summaries name it. */
export const MICROPYTHON_VERSION = '1.27.0';

/** The npm package that ships the binary. */
export const WASM_PACKAGE = '@micropython/micropython-webassembly-pyscript';

/** SHA-256 of the package's `micropython.wasm` (v1.27.0). */
export const KNOWN_WASM_SHA256 = '06338c955b03c5700aa0069015d3e392d76836ef8e2ce25bedbe59b88ccd373c';

/**
 * Function indices in the wasm index space (the 60 imported functions come first), with the
 * signature each must have: parameters and result, `i` for i32, `v` for none.
 */
export const FUNCTIONS = {
  gcInit: { index: 74, params: 'ii', result: 'v' },
  gcCollectStart: { index: 78, params: '', result: 'v' },
  gcCollectEnd: { index: 80, params: '', result: 'v' },
  gcInfo: { index: 81, params: 'i', result: 'v' },
  gcAlloc: { index: 82, params: 'ii', result: 'i' },
  gcFree: { index: 84, params: 'i', result: 'v' },
  gcRealloc: { index: 86, params: 'iii', result: 'i' },
  mMallocFail: { index: 416, params: 'i', result: 'v' },
  /** The split-heap-auto build's `gc_get_max_new_split()`: returns 128 MiB. */
  gcGetMaxNewSplit: { index: 1277, params: '', result: 'i' },
  /** The port's `gc_collect()`: only sets `gc_collect_pending`. */
  gcCollect: { index: 1278, params: '', result: 'v' },
  /** `nlr_jump_fail()`: `while (1);`. */
  nlrJumpFail: { index: 1279, params: 'i', result: 'v' },
  emscriptenStackGetBase: { index: 1507, params: '', result: 'i' },
  /** libc `free()` (exported as `free`): `MP_PLAT_FREE_HEAP`. */
  free: { index: 1480, params: 'i', result: 'v' },
} as const;

/** A function's entry in `FUNCTIONS`. */
export type KnownFunction = (typeof FUNCTIONS)[keyof typeof FUNCTIONS];

/** Linear-memory addresses of fields of `mp_state_ctx`. */
export const ADDRESSES = {
  /** `MP_STATE_THREAD(pystack_start)`. */
  pystackStart: 185116,
  /** `MP_STATE_THREAD(pystack_cur)`. */
  pystackCur: 185124,
  /** `MP_STATE_THREAD(gc_lock_depth)`, a uint16: bit 0 is `GC_COLLECT_FLAG`, the lock depth is above it. */
  gcLockDepth: 185128,
  /** `MP_STATE_MEM(area)`: the first area's `mp_state_mem_area_t`. */
  firstArea: 185492,
  /** `MP_STATE_MEM(gc_stack_overflow)`. */
  gcStackOverflow: 185524,
  /** `MP_STATE_MEM(gc_auto_collect_enabled)`, a uint16. */
  gcAutoCollectEnabled: 186040,
  /** `MP_STATE_MEM(gc_alloc_amount)`, in blocks. */
  gcAllocAmount: 186044,
  /** `MP_STATE_MEM(gc_alloc_threshold)`, in blocks; 0xffffffff when off. */
  gcAllocThreshold: 186048,
} as const;

/**
 * `mp_state_mem_area_t` of this split-heap build with finalisers: its fields' byte offsets and
 * its size (the struct `gc_add` keeps at the start of an added region).
 */
export const AREA_STRUCT = {
  next: 0,
  allocTableStart: 4,
  allocTableByteLen: 8,
  finaliserTableStart: 12,
  poolStart: 16,
  poolEnd: 20,
  lastFreeAtbIndex: 24,
  lastUsedBlock: 28,
  bytes: 32,
} as const;

/** `gc_info_t`'s fields, one 32-bit word each, in order. */
export const GC_INFO_FIELDS = ['total', 'used', 'free', 'maxFree', 'n1block', 'n2block', 'maxBlock'] as const;

/** Bytes per GC block on this 32-bit build. */
export const BYTES_PER_BLOCK = 16;
/** Bytes per machine word. */
export const WORD_BYTES = 4;
/** Blocks per byte of the allocation table (2 bits a block). */
export const BLOCKS_PER_ATB = 4;
/** Blocks per byte of the finaliser table. */
export const BLOCKS_PER_FTB = 8;
/** `ALLOC_TABLE_GAP_BYTE` of v1.27.0. */
export const ALLOC_TABLE_GAP_BYTE = 1;
/** `GC_COLLECT_FLAG`: bit 0 of `gc_lock_depth` while a collection runs. */
export const GC_COLLECT_FLAG = 1;
/** `GC_ALLOC_FLAG_HAS_FINALISER`. */
export const GC_ALLOC_FLAG_HAS_FINALISER = 1;
/** `gc_alloc_threshold` when the threshold is off (`(size_t)-1`). */
export const THRESHOLD_OFF = 0xffffffff;
