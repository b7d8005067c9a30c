/**
 * The functions the instrumented binary imports from the recorder (module `heaplab`), one pair
 * around each hooked allocator function. Every argument is an i32 as wasm passes it: signed, so
 * a reader takes `>>> 0` of a size or address.
 */
export interface HookImports {
  /** `gc_init(start, end)` returned: area 0 is set up. */
  init_after(start: number, end: number): void;
  /** `gc_alloc(n_bytes, alloc_flags)` is called. */
  alloc_before(bytes: number, flags: number): void;
  /** …and returned `ptr` (0: NULL). */
  alloc_after(ptr: number): void;
  /** `gc_free(ptr)` is called. */
  free_before(ptr: number): void;
  /** …and returned. */
  free_after(): void;
  /** `gc_realloc(ptr, n_bytes, allow_move)` is called. */
  realloc_before(ptr: number, bytes: number, allowMove: number): void;
  /** …and returned `ptr`. */
  realloc_after(ptr: number): void;
  /** The port's `gc_collect()` is called: a collection starts. */
  collect_before(): void;
  /** …and returned: the sweep is done. */
  collect_after(): void;
  /** `gc_info(info)` returned; `info` points at the filled `gc_info_t`. */
  info_after(info: number): void;
  /** `m_malloc_fail(num_bytes)` is called: MicroPython raises MemoryError. */
  malloc_fail_before(bytes: number): void;
}

/** A hook's import name. */
export type HookName = keyof HookImports;
