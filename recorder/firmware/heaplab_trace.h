/*
 * heaplab_trace: the GC event log of heaplab's device-trace format, written from inside a
 * MicroPython firmware's py/gc.c into a RAM ring buffer that the firmware drains to a UART,
 * USB or a file.
 *
 * Legend.
 *   line   one event: one JSON object and a '\n', in the exact shape heaplab's fast decoder
 *          reads (no spaces, the format's key order, plain decimal numbers).
 *   ring   the caller's byte buffer. Lines go in whole or not at all; a reader sees a byte
 *          stream of complete lines.
 *   lost   events dropped because the ring was full. The next line that fits is preceded by
 *          a gap line, {"op":"gap","v":1,"lost":N}, so the log says where and how much is
 *          missing instead of being corrupt.
 *   sync   the whole allocation table written as sync lines, so that a replay can start
 *          again after a gap (see heaplab_trace_sync).
 *   mark   a line the program writes to name a point of its run (a phase, "main.py:42"), so
 *          that heaplab can say where in the program something happened. Not a GC event.
 *   ATB    allocation table: 2 bits a block, 4 blocks a byte, block 0 in the low bits;
 *          0 free, 1 head, 2 tail, 3 mark. FTB: finaliser table, 1 bit a block.
 *
 * The library allocates nothing: no malloc, no GC heap. All state is in a heaplab_trace_t the
 * caller owns, and the ring is the caller's buffer. It is not thread-safe: call everything from
 * one context, or under the port's atomic section (MICROPY_BEGIN_ATOMIC_SECTION).
 *
 * Where each call goes in py/gc.c: see README.md beside this file.
 */
#ifndef HEAPLAB_TRACE_H
#define HEAPLAB_TRACE_H

#include <stddef.h>
#include <stdint.h>

/* Version of the extension lines this library writes (gap, sync, sync_map, sync_end, mark, threshold). */
#define HEAPLAB_TRACE_EXTENSION_VERSION 1

/*
 * Longest event line, '\n' included: a mark whose 64 label bytes are all control characters,
 * each written as a 6-byte \u escape (a free_ignored reason counts beyond its first few
 * characters). A ring smaller than this may lose lines.
 */
#define HEAPLAB_TRACE_LINE_MAX 416

/* Longest mark label, in bytes of UTF-8: a longer one is cut there, between characters. */
#define HEAPLAB_TRACE_LABEL_MAX 64

/* Blocks in one sync_map line. */
#define HEAPLAB_TRACE_SYNC_BLOCKS_PER_LINE 64

/* Results. */
#define HEAPLAB_TRACE_OK 0
/* The event was dropped: the ring was full. It is counted in the next gap line. */
#define HEAPLAB_TRACE_LOST 1
/* heaplab_trace_sync: the ring still holds lines; drain it first. Nothing was written. */
#define HEAPLAB_TRACE_BUSY 2
/* heaplab_trace_sync: the sink stopped taking bytes; the sync is incomplete. */
#define HEAPLAB_TRACE_SINK 3
/* heaplab_trace_mark: the label is empty (or NULL); nothing was written. */
#define HEAPLAB_TRACE_EMPTY 4

/* The trace state. Treat the fields as private; set it up with heaplab_trace_init. */
typedef struct {
    char *buf;
    size_t size;
    /* Next byte to read, and bytes waiting to be read. */
    size_t tail;
    size_t used;
    /* Events dropped since the last gap line (saturates at UINT32_MAX). */
    uint32_t lost;
    /* Events dropped since init. */
    uint32_t lost_total;
    /* A gap has happened and no sync has been written since. */
    unsigned char needs_sync;
} heaplab_trace_t;

/*
 * A sink for drained bytes (UART, USB, file): takes up to len bytes, returns how many it took.
 * Returning 0 stops the drain.
 */
typedef size_t (*heaplab_trace_write_fn)(void *ctx, const char *data, size_t len);

/* Values of alloc_fail's `stage`. */
typedef enum {
    HEAPLAB_STAGE_PRE_COLLECT,
    HEAPLAB_STAGE_FINAL,
    HEAPLAB_STAGE_LOCKED
} heaplab_stage_t;

/* Values of collect_start's `reason`. */
typedef enum {
    HEAPLAB_COLLECT_ALLOC_FAIL,
    HEAPLAB_COLLECT_EXPLICIT,
    HEAPLAB_COLLECT_THRESHOLD,
    HEAPLAB_COLLECT_SWEEP_ALL
} heaplab_collect_reason_t;

/* Values of realloc's `result`. */
typedef enum {
    HEAPLAB_REALLOC_SAME,
    HEAPLAB_REALLOC_SHRINK,
    HEAPLAB_REALLOC_GROW,
    HEAPLAB_REALLOC_MOVED,
    HEAPLAB_REALLOC_FAIL,
    HEAPLAB_REALLOC_ALLOC,
    HEAPLAB_REALLOC_FREE
} heaplab_realloc_result_t;

/* Values of realloc's `reason` (result FAIL only). */
typedef enum {
    HEAPLAB_REALLOC_NO_REASON,
    HEAPLAB_REALLOC_NO_MOVE,
    HEAPLAB_REALLOC_OOM,
    HEAPLAB_REALLOC_LOCKED,
    HEAPLAB_REALLOC_ALLOC_NULL
} heaplab_realloc_reason_t;

/* One area's layout, for the heap line. Every field as device-trace.md defines it. */
typedef struct {
    size_t area;
    size_t bytes;
    size_t pool_bytes;
    size_t total_blocks;
    size_t block_bytes;
    size_t word_bytes;
    size_t atb_bytes;
    size_t ftb_bytes;
    size_t wtb_bytes;
    size_t pool_offset;
    /* 0 for area 0; the size of the area struct gc_add keeps in its region for the others. */
    size_t struct_bytes;
} heaplab_trace_heap_t;

/*
 * One gc_realloc call. area/block/old_blocks: the object before the call (for result ALLOC,
 * realloc of NULL: the new object's head, and old_blocks 0). new_area/new_block are written for
 * MOVED and ALLOC; free_after for MOVED and FAIL; reason for FAIL.
 */
typedef struct {
    heaplab_realloc_result_t result;
    size_t area;
    size_t block;
    size_t old_blocks;
    size_t bytes;
    size_t new_blocks;
    int allow_move;
    size_t new_area;
    size_t new_block;
    size_t free_after;
    heaplab_realloc_reason_t reason;
} heaplab_trace_realloc_t;

/* One area's tables, for a sync: the ATB, the FTB (NULL when the build has no finalisers). */
typedef struct {
    const uint8_t *atb;
    const uint8_t *ftb;
    size_t blocks;
} heaplab_trace_area_t;

/* Starts a trace in `buf` (size bytes; 1 KiB or more is sensible). Forgets anything before. */
void heaplab_trace_init(heaplab_trace_t *t, char *buf, size_t size);

/* Event lines. Each returns HEAPLAB_TRACE_OK, or HEAPLAB_TRACE_LOST when the ring was full. */
int heaplab_trace_heap(heaplab_trace_t *t, const heaplab_trace_heap_t *heap);
int heaplab_trace_alloc(heaplab_trace_t *t, size_t bytes, size_t blocks, size_t area, size_t block, int fin, int in_realloc, int after_collect);
int heaplab_trace_alloc_fail(heaplab_trace_t *t, size_t bytes, size_t blocks, heaplab_stage_t stage, int fin, int in_realloc, int in_collect, int after_collect);
int heaplab_trace_memory_error(heaplab_trace_t *t, size_t bytes, int heap_locked);
int heaplab_trace_alloc_zero(heaplab_trace_t *t);
int heaplab_trace_free(heaplab_trace_t *t, size_t area, size_t block, size_t blocks, int in_realloc, int in_collect);
/* `reason`: plain ASCII (e.g. "locked"); a quote, backslash or control character is written as '?'. */
int heaplab_trace_free_ignored(heaplab_trace_t *t, size_t area, size_t block, const char *reason, int in_realloc);
int heaplab_trace_collect_start(heaplab_trace_t *t, heaplab_collect_reason_t reason);
int heaplab_trace_sweep_free(heaplab_trace_t *t, size_t area, size_t block, size_t blocks);
int heaplab_trace_collect_end(heaplab_trace_t *t, size_t freed_objs, size_t freed_blocks);
int heaplab_trace_realloc(heaplab_trace_t *t, const heaplab_trace_realloc_t *realloc);
int heaplab_trace_info(heaplab_trace_t *t, size_t total, size_t used, size_t free, size_t max_free_blocks, size_t n_1block, size_t n_2block, size_t max_block);
/*
 * The program set gc.threshold: {"op":"threshold","v":1,"bytes":N,"off":F}. `bytes` is the new
 * threshold in bytes (MP_STATE_MEM(gc_alloc_threshold) times the block size); `off` non-zero when
 * it is off ((size_t)-1), and then `bytes` is written as 0.
 */
int heaplab_trace_threshold(heaplab_trace_t *t, size_t bytes, int off);

/*
 * A mark: {"op":"mark","v":1,"label":"..."}, the program naming this point of its run. `label`
 * is `len` bytes of UTF-8 (it need not end in '\0'). It is written as a JSON string: '"' and
 * '\\' escaped, control characters as \n, \r, \t or \u00XX, a byte that is not part of a valid
 * UTF-8 character as '?'; and cut to the first HEAPLAB_TRACE_LABEL_MAX bytes, never inside a
 * character. Like an event it goes into the ring whole or is lost (and counted in the next gap
 * line). Returns HEAPLAB_TRACE_OK, HEAPLAB_TRACE_LOST, or HEAPLAB_TRACE_EMPTY for an empty label.
 */
int heaplab_trace_mark(heaplab_trace_t *t, const char *label, size_t len);

/* Reading. peek gives the longest run of bytes readable in one piece (0: nothing waits). */
size_t heaplab_trace_peek(const heaplab_trace_t *t, const char **data);
/* Marks n bytes (at most what peek gave) as read. */
void heaplab_trace_consume(heaplab_trace_t *t, size_t n);
/*
 * Hands everything waiting to `write`, then the pending gap line if events were lost and
 * nothing came after them. Stops early when `write` takes 0 bytes. Returns the bytes written.
 */
size_t heaplab_trace_drain(heaplab_trace_t *t, heaplab_trace_write_fn write, void *ctx);

/* Whether events were lost and no sync has been written since. */
int heaplab_trace_needs_sync(const heaplab_trace_t *t);
/* Events dropped since init. */
uint32_t heaplab_trace_lost_total(const heaplab_trace_t *t);

/*
 * Writes the whole allocation table straight to `write` (not through the ring): the pending
 * gap line if any, then per area {"op":"sync","v":1,"area":A,"blocks":N} and one sync_map line
 * for each 64-block line that holds anything but free blocks (map characters: . free, = tail,
 * h head, f head with its finaliser bit, m marked), then {"op":"sync_end","v":1}.
 *
 * Call it where no gc function is running (the VM's poll hook, the main loop) and right after
 * a drain: the ring must be empty, or nothing is written and HEAPLAB_TRACE_BUSY is returned. The
 * sink should block until it has taken everything; HEAPLAB_TRACE_SINK means it stopped.
 */
int heaplab_trace_sync(heaplab_trace_t *t, const heaplab_trace_area_t *areas, size_t n_areas, heaplab_trace_write_fn write, void *ctx);

#endif /* HEAPLAB_TRACE_H */
