/*
 * Host tests of heaplab_trace: the exact line of every event type, overflow and gap lines,
 * the ring's wrap-around and partial drains, sync, and marks (escaped, cut to 64 bytes).
 *
 *   test_heaplab_trace            runs the tests; prints "ok N checks" and exits 0, or the first
 *                                 failures and exits 1
 *   test_heaplab_trace scenario   writes, to stdout, the trace of a small simulated heap whose
 *                                 ring overflows (a mark lost with the events) and is
 *                                 resynchronised, with marks; to stderr, the heap's
 *                                 objects at the end ("object AREA BLOCK BLOCKS FIN" lines).
 *                                 firmware.test.ts replays it with heaplab.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../heaplab_trace.h"

static int checks;
static int failures;

#define CHECK(cond) check((cond), #cond, __LINE__)
#define CHECK_TEXT(actual, expected) check_text((actual), (expected), __LINE__)

static void check(int ok, const char *what, int line) {
    checks++;
    if (!ok) {
        failures++;
        printf("FAIL line %d: %s\n", line, what);
    }
}

static void check_text(const char *actual, const char *expected, int line) {
    checks++;
    if (strcmp(actual, expected) != 0) {
        failures++;
        printf("FAIL line %d:\n  expected: %s\n  actual:   %s\n", line, expected, actual);
    }
}

/* A sink that collects what it is given, taking at most `chunk` bytes a call (0: no limit). */
typedef struct {
    char text[16384];
    size_t len;
    size_t chunk;
    /* Stop (take nothing) once this many bytes were taken; 0: never. */
    size_t stop_after;
} sink_t;

static size_t sink_write(void *ctx, const char *data, size_t len) {
    sink_t *s = (sink_t *)ctx;
    if (s->chunk != 0 && len > s->chunk) {
        len = s->chunk;
    }
    if (s->stop_after != 0 && s->len + len > s->stop_after) {
        len = s->stop_after > s->len ? s->stop_after - s->len : 0;
    }
    if (s->len + len >= sizeof(s->text)) {
        len = sizeof(s->text) - 1 - s->len;
    }
    memcpy(s->text + s->len, data, len);
    s->len += len;
    s->text[s->len] = '\0';
    return len;
}

static void sink_reset(sink_t *s) {
    memset(s, 0, sizeof(*s));
}

static char ring[4096];
static heaplab_trace_t trace;
static sink_t sink;

/* The text the ring holds, drained; the ring is empty afterwards. */
static const char *drained(void) {
    sink_reset(&sink);
    heaplab_trace_drain(&trace, sink_write, &sink);
    return sink.text;
}

static void test_event_lines(void) {
    heaplab_trace_heap_t heap = {0, 65536, 64000, 4000, 16, 4, 1000, 500, 0, 1536, 0};
    heaplab_trace_init(&trace, ring, sizeof(ring));

    CHECK(heaplab_trace_heap(&trace, &heap) == HEAPLAB_TRACE_OK);
    CHECK_TEXT(drained(), "{\"op\":\"heap\",\"area\":0,\"bytes\":65536,\"pool_bytes\":64000,\"total_blocks\":4000,\"block_bytes\":16,\"word_bytes\":4,\"atb_bytes\":1000,\"ftb_bytes\":500,\"wtb_bytes\":0,\"pool_offset\":1536,\"struct_bytes\":0}\n");

    heaplab_trace_alloc(&trace, 24, 2, 0, 17, 1, 0, 1);
    CHECK_TEXT(drained(), "{\"op\":\"alloc\",\"bytes\":24,\"blocks\":2,\"area\":0,\"block\":17,\"fin\":1,\"in_realloc\":0,\"after_collect\":1}\n");

    heaplab_trace_alloc_fail(&trace, 85, 6, HEAPLAB_STAGE_PRE_COLLECT, 0, 0, 0, 0);
    heaplab_trace_alloc_fail(&trace, 2464, 154, HEAPLAB_STAGE_FINAL, 0, 1, 0, 1);
    heaplab_trace_alloc_fail(&trace, 16, 1, HEAPLAB_STAGE_LOCKED, 0, 0, 1, 0);
    CHECK_TEXT(drained(),
        "{\"op\":\"alloc_fail\",\"bytes\":85,\"blocks\":6,\"stage\":\"pre_collect\",\"fin\":0,\"in_realloc\":0,\"in_collect\":0,\"after_collect\":0}\n"
        "{\"op\":\"alloc_fail\",\"bytes\":2464,\"blocks\":154,\"stage\":\"final\",\"fin\":0,\"in_realloc\":1,\"in_collect\":0,\"after_collect\":1}\n"
        "{\"op\":\"alloc_fail\",\"bytes\":16,\"blocks\":1,\"stage\":\"locked\",\"fin\":0,\"in_realloc\":0,\"in_collect\":1,\"after_collect\":0}\n");

    heaplab_trace_memory_error(&trace, 2464, 0);
    heaplab_trace_alloc_zero(&trace);
    CHECK_TEXT(drained(), "{\"op\":\"memory_error\",\"bytes\":2464,\"heap_locked\":0}\n{\"op\":\"alloc_zero\"}\n");

    heaplab_trace_free(&trace, 1, 40, 3, 1, 0);
    heaplab_trace_free_ignored(&trace, 0, 3, "locked", 0);
    heaplab_trace_free_ignored(&trace, 0, 3, "a\"b\\c\n\x80", 1);
    CHECK_TEXT(drained(),
        "{\"op\":\"free\",\"area\":1,\"block\":40,\"blocks\":3,\"in_realloc\":1,\"in_collect\":0}\n"
        "{\"op\":\"free_ignored\",\"area\":0,\"block\":3,\"reason\":\"locked\",\"in_realloc\":0}\n"
        "{\"op\":\"free_ignored\",\"area\":0,\"block\":3,\"reason\":\"a?b?c??\",\"in_realloc\":1}\n");

    heaplab_trace_collect_start(&trace, HEAPLAB_COLLECT_ALLOC_FAIL);
    heaplab_trace_collect_start(&trace, HEAPLAB_COLLECT_EXPLICIT);
    heaplab_trace_collect_start(&trace, HEAPLAB_COLLECT_THRESHOLD);
    heaplab_trace_collect_start(&trace, HEAPLAB_COLLECT_SWEEP_ALL);
    heaplab_trace_sweep_free(&trace, 0, 12, 4);
    heaplab_trace_collect_end(&trace, 1, 4);
    CHECK_TEXT(drained(),
        "{\"op\":\"collect_start\",\"reason\":\"alloc_fail\"}\n"
        "{\"op\":\"collect_start\",\"reason\":\"explicit\"}\n"
        "{\"op\":\"collect_start\",\"reason\":\"threshold\"}\n"
        "{\"op\":\"collect_start\",\"reason\":\"sweep_all\"}\n"
        "{\"op\":\"sweep_free\",\"area\":0,\"block\":12,\"blocks\":4}\n"
        "{\"op\":\"collect_end\",\"freed_objs\":1,\"freed_blocks\":4}\n");

    heaplab_trace_info(&trace, 64000, 976, 63024, 3846, 40, 9, 12);
    CHECK_TEXT(drained(), "{\"op\":\"info\",\"total\":64000,\"used\":976,\"free\":63024,\"max_free_blocks\":3846,\"n_1block\":40,\"n_2block\":9,\"max_block\":12}\n");

    heaplab_trace_threshold(&trace, 2048, 0);
    heaplab_trace_threshold(&trace, 123456, 5);
    CHECK_TEXT(drained(), "{\"op\":\"threshold\",\"v\":1,\"bytes\":2048,\"off\":0}\n{\"op\":\"threshold\",\"v\":1,\"bytes\":0,\"off\":1}\n");

    /* Flags are 0 or 1 whatever true value is passed; numbers are plain decimal to the top. */
    heaplab_trace_alloc(&trace, (size_t)-1, 0, 2, 0, 7, -1, 2);
    {
        char expected[256];
        snprintf(expected, sizeof(expected), "{\"op\":\"alloc\",\"bytes\":%zu,\"blocks\":0,\"area\":2,\"block\":0,\"fin\":1,\"in_realloc\":1,\"after_collect\":1}\n", (size_t)-1);
        CHECK_TEXT(drained(), expected);
    }
}

/* One call of gc_realloc as the hook sees it: the result, why it failed, and the fields that change with it. */
typedef struct {
    heaplab_realloc_result_t result;
    heaplab_realloc_reason_t reason;
    int allow_move;
    size_t free_after;
} realloc_outcome_t;

/* Traces r once for each of n outcomes in turn; the other fields stay as the caller set them. */
static void trace_realloc_outcomes(heaplab_trace_realloc_t *r, const realloc_outcome_t *outcomes, size_t n) {
    for (size_t i = 0; i < n; i++) {
        r->result = outcomes[i].result;
        r->reason = outcomes[i].reason;
        r->allow_move = outcomes[i].allow_move;
        r->free_after = outcomes[i].free_after;
        heaplab_trace_realloc(&trace, r);
    }
}

static void test_realloc_lines(void) {
    static const realloc_outcome_t outcomes[] = {
        {HEAPLAB_REALLOC_SAME, HEAPLAB_REALLOC_NO_REASON, 1, 0},
        {HEAPLAB_REALLOC_SHRINK, HEAPLAB_REALLOC_NO_REASON, 1, 0},
        {HEAPLAB_REALLOC_GROW, HEAPLAB_REALLOC_NO_REASON, 1, 0},
        {HEAPLAB_REALLOC_FREE, HEAPLAB_REALLOC_NO_REASON, 1, 0},
        {HEAPLAB_REALLOC_MOVED, HEAPLAB_REALLOC_NO_REASON, 1, 0},
        {HEAPLAB_REALLOC_ALLOC, HEAPLAB_REALLOC_NO_REASON, 1, 0},
        {HEAPLAB_REALLOC_FAIL, HEAPLAB_REALLOC_NO_MOVE, 0, 5},
        {HEAPLAB_REALLOC_FAIL, HEAPLAB_REALLOC_OOM, 0, 5},
        {HEAPLAB_REALLOC_FAIL, HEAPLAB_REALLOC_LOCKED, 0, 5},
        {HEAPLAB_REALLOC_FAIL, HEAPLAB_REALLOC_ALLOC_NULL, 0, 5},
    };
    heaplab_trace_realloc_t r;
    heaplab_trace_init(&trace, ring, sizeof(ring));
    memset(&r, 0, sizeof(r));
    r.area = 0;
    r.block = 9;
    r.old_blocks = 2;
    r.bytes = 40;
    r.new_blocks = 3;
    r.new_area = 1;
    r.new_block = 40;
    trace_realloc_outcomes(&r, outcomes, 4);
    CHECK_TEXT(drained(),
        "{\"op\":\"realloc\",\"result\":\"same\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":1}\n"
        "{\"op\":\"realloc\",\"result\":\"shrink\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":1}\n"
        "{\"op\":\"realloc\",\"result\":\"grow\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":1}\n"
        "{\"op\":\"realloc\",\"result\":\"free\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":1}\n");

    trace_realloc_outcomes(&r, outcomes + 4, 2);
    CHECK_TEXT(drained(),
        "{\"op\":\"realloc\",\"result\":\"moved\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":1,\"new_area\":1,\"new_block\":40,\"free_after\":0}\n"
        "{\"op\":\"realloc\",\"result\":\"alloc\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":1,\"new_area\":1,\"new_block\":40}\n");

    trace_realloc_outcomes(&r, outcomes + 6, 4);
    CHECK_TEXT(drained(),
        "{\"op\":\"realloc\",\"result\":\"fail\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":0,\"reason\":\"no_move\",\"free_after\":5}\n"
        "{\"op\":\"realloc\",\"result\":\"fail\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":0,\"reason\":\"oom\",\"free_after\":5}\n"
        "{\"op\":\"realloc\",\"result\":\"fail\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":0,\"reason\":\"locked\"}\n"
        "{\"op\":\"realloc\",\"result\":\"fail\",\"area\":0,\"block\":9,\"old_blocks\":2,\"bytes\":40,\"new_blocks\":3,\"allow_move\":0,\"reason\":\"alloc_null\"}\n");
}

#define SWEEP "{\"op\":\"sweep_free\",\"area\":0,\"block\":1,\"blocks\":2}\n"
#define SWEEP_BYTES 50

static void test_overflow_and_gap(void) {
    /* Room for three sweep lines and 10 bytes more. */
    static char small[3 * SWEEP_BYTES + 10];
    heaplab_trace_init(&trace, small, sizeof(small));
    CHECK(strlen(SWEEP) == SWEEP_BYTES);
    CHECK(heaplab_trace_sweep_free(&trace, 0, 1, 2) == HEAPLAB_TRACE_OK);
    CHECK(heaplab_trace_sweep_free(&trace, 0, 1, 2) == HEAPLAB_TRACE_OK);
    CHECK(heaplab_trace_sweep_free(&trace, 0, 1, 2) == HEAPLAB_TRACE_OK);
    CHECK(!heaplab_trace_needs_sync(&trace));
    CHECK(heaplab_trace_sweep_free(&trace, 0, 1, 2) == HEAPLAB_TRACE_LOST);
    CHECK(heaplab_trace_collect_end(&trace, 4, 8) == HEAPLAB_TRACE_LOST);
    CHECK(heaplab_trace_needs_sync(&trace));
    CHECK(heaplab_trace_lost_total(&trace) == 2);

    /* Read one line: one line's room, too little for the gap line and the next event together. */
    {
        const char *data;
        size_t n = heaplab_trace_peek(&trace, &data);
        CHECK(n == 3 * SWEEP_BYTES);
        CHECK(memcmp(data, SWEEP SWEEP SWEEP, n) == 0);
        heaplab_trace_consume(&trace, SWEEP_BYTES);
    }
    CHECK(heaplab_trace_sweep_free(&trace, 0, 1, 2) == HEAPLAB_TRACE_LOST);
    CHECK(heaplab_trace_lost_total(&trace) == 3);

    /* Read everything, in line-sized pieces; then the gap line and the event go in together. */
    sink_reset(&sink);
    sink.chunk = SWEEP_BYTES;
    CHECK(heaplab_trace_drain(&trace, sink_write, &sink) == 2 * SWEEP_BYTES + 28);
    CHECK_TEXT(sink.text, SWEEP SWEEP "{\"op\":\"gap\",\"v\":1,\"lost\":3}\n");
    CHECK(heaplab_trace_alloc(&trace, 16, 1, 0, 3, 0, 0, 0) == HEAPLAB_TRACE_OK);
    CHECK_TEXT(drained(), "{\"op\":\"alloc\",\"bytes\":16,\"blocks\":1,\"area\":0,\"block\":3,\"fin\":0,\"in_realloc\":0,\"after_collect\":0}\n");
    /* Still out of step with the heap until a sync. */
    CHECK(heaplab_trace_needs_sync(&trace));

    /* Losses end by the next event that fits: the gap line comes right before it. */
    heaplab_trace_sweep_free(&trace, 0, 1, 2);
    heaplab_trace_sweep_free(&trace, 0, 1, 2);
    heaplab_trace_sweep_free(&trace, 0, 1, 2);
    CHECK(heaplab_trace_alloc_zero(&trace) == HEAPLAB_TRACE_LOST);
    CHECK(heaplab_trace_alloc_zero(&trace) == HEAPLAB_TRACE_LOST);
    heaplab_trace_consume(&trace, 2 * SWEEP_BYTES);
    CHECK(heaplab_trace_alloc_zero(&trace) == HEAPLAB_TRACE_OK);
    CHECK_TEXT(drained(), SWEEP "{\"op\":\"gap\",\"v\":1,\"lost\":2}\n{\"op\":\"alloc_zero\"}\n");
    CHECK_TEXT(drained(), "");

    /* The counter saturates rather than wrapping to a small number. */
    heaplab_trace_sweep_free(&trace, 0, 1, 2);
    heaplab_trace_sweep_free(&trace, 0, 1, 2);
    heaplab_trace_sweep_free(&trace, 0, 1, 2);
    trace.lost = UINT32_MAX - 1;
    heaplab_trace_sweep_free(&trace, 0, 1, 2);
    heaplab_trace_sweep_free(&trace, 0, 1, 2);
    CHECK(trace.lost == UINT32_MAX);
    CHECK_TEXT(drained(), SWEEP SWEEP SWEEP "{\"op\":\"gap\",\"v\":1,\"lost\":4294967295}\n");
}

static void test_no_buffer(void) {
    heaplab_trace_init(&trace, NULL, 100);
    CHECK(heaplab_trace_alloc_zero(&trace) == HEAPLAB_TRACE_LOST);
    CHECK_TEXT(drained(), "");
    CHECK(heaplab_trace_lost_total(&trace) == 1);
    /* A ring shorter than any line loses every event, and reading it gives nothing. */
    {
        static char tiny[8];
        const char *data;
        heaplab_trace_init(&trace, tiny, sizeof(tiny));
        CHECK(heaplab_trace_alloc_zero(&trace) == HEAPLAB_TRACE_LOST);
        CHECK(heaplab_trace_peek(&trace, &data) == 0);
        CHECK_TEXT(drained(), "");
    }
}

static void test_wrap_around(void) {
    /* 97 bytes: 51-byte lines wrap mid-line at every other write. Read in 7-byte pieces. */
    static char wrap[97];
    char expected[4096] = "";
    char got[4096] = "";
    int i;
    int split = 0;
    heaplab_trace_init(&trace, wrap, sizeof(wrap));
    for (i = 0; i < 40; i++) {
        char line[64];
        snprintf(line, sizeof(line), "{\"op\":\"sweep_free\",\"area\":0,\"block\":%d,\"blocks\":2}\n", 10 + i);
        CHECK(heaplab_trace_sweep_free(&trace, 0, (size_t)(10 + i), 2) == HEAPLAB_TRACE_OK);
        strcat(expected, line);
        {
            const char *data;
            split += heaplab_trace_peek(&trace, &data) < trace.used;
        }
        sink_reset(&sink);
        sink.chunk = 7;
        heaplab_trace_drain(&trace, sink_write, &sink);
        strcat(got, sink.text);
    }
    CHECK_TEXT(got, expected);
    CHECK(split > 10);
    CHECK(heaplab_trace_lost_total(&trace) == 0);
    CHECK(!heaplab_trace_needs_sync(&trace));

    /* peek never hands out bytes past the end of the buffer. */
    {
        const char *data;
        size_t n;
        heaplab_trace_sweep_free(&trace, 0, 1, 2);
        n = heaplab_trace_peek(&trace, &data);
        CHECK(data + n <= wrap + sizeof(wrap));
        CHECK(n == SWEEP_BYTES || data + n == wrap + sizeof(wrap));
    }
}

static void test_sync(void) {
    /* Area 0: 8 blocks h==.f.hh (ATB bytes 0b00101001? built below); area 1: 70 blocks, one head at 66. */
    uint8_t atb0[2] = {0, 0};
    uint8_t ftb0[1] = {0};
    uint8_t atb1[18];
    heaplab_trace_area_t areas[2];
    const char *map0 = "h==.f.hh";
    int b;
    memset(atb1, 0, sizeof(atb1));
    for (b = 0; b < 8; b++) {
        unsigned kind = map0[b] == '=' ? 2 : (map0[b] == 'h' || map0[b] == 'f') ? 1 : 0;
        atb0[b / 4] |= (uint8_t)(kind << (2 * (b % 4)));
        if (map0[b] == 'f') {
            ftb0[0] |= (uint8_t)(1 << b);
        }
    }
    atb1[66 / 4] |= (uint8_t)(1 << (2 * (66 % 4)));
    atb1[67 / 4] |= (uint8_t)(2 << (2 * (67 % 4)));
    areas[0].atb = atb0;
    areas[0].ftb = ftb0;
    areas[0].blocks = 8;
    areas[1].atb = atb1;
    areas[1].ftb = NULL;
    areas[1].blocks = 70;

    heaplab_trace_init(&trace, ring, sizeof(ring));
    heaplab_trace_alloc_zero(&trace);
    sink_reset(&sink);
    CHECK(heaplab_trace_sync(&trace, areas, 2, sink_write, &sink) == HEAPLAB_TRACE_BUSY);
    CHECK_TEXT(sink.text, "");
    drained();

    /* Pretend two events were lost: the sync writes the gap line first and clears it. */
    trace.lost = 2;
    trace.needs_sync = 1;
    sink_reset(&sink);
    sink.chunk = 5;
    CHECK(heaplab_trace_sync(&trace, areas, 2, sink_write, &sink) == HEAPLAB_TRACE_OK);
    CHECK_TEXT(sink.text,
        "{\"op\":\"gap\",\"v\":1,\"lost\":2}\n"
        "{\"op\":\"sync\",\"v\":1,\"area\":0,\"blocks\":8}\n"
        "{\"op\":\"sync_map\",\"v\":1,\"area\":0,\"block\":0,\"map\":\"h==.f.hh\"}\n"
        "{\"op\":\"sync\",\"v\":1,\"area\":1,\"blocks\":70}\n"
        "{\"op\":\"sync_map\",\"v\":1,\"area\":1,\"block\":64,\"map\":\"..h=..\"}\n"
        "{\"op\":\"sync_end\",\"v\":1}\n");
    CHECK(!heaplab_trace_needs_sync(&trace));
    CHECK(trace.lost == 0);
    CHECK_TEXT(drained(), "");

    /* A sink that stops: the sync says so and still needs doing. */
    trace.needs_sync = 1;
    sink_reset(&sink);
    sink.stop_after = 60;
    CHECK(heaplab_trace_sync(&trace, areas, 2, sink_write, &sink) == HEAPLAB_TRACE_SINK);
    CHECK(heaplab_trace_needs_sync(&trace));

    /* A full 64-block line, and a marked head. */
    {
        uint8_t full[16];
        char expected[256];
        heaplab_trace_area_t one;
        memset(full, 0xAA, sizeof(full)); /* every block a tail... */
        full[0] = 0xA9;                   /* ...after a head at block 0 */
        full[15] = 0xEA;                  /* and a marked head at block 63 */
        one.atb = full;
        one.ftb = NULL;
        one.blocks = 64;
        sink_reset(&sink);
        CHECK(heaplab_trace_sync(&trace, &one, 1, sink_write, &sink) == HEAPLAB_TRACE_OK);
        snprintf(expected, sizeof(expected), "{\"op\":\"sync\",\"v\":1,\"area\":0,\"blocks\":64}\n{\"op\":\"sync_map\",\"v\":1,\"area\":0,\"block\":0,\"map\":\"h%.62sm\"}\n{\"op\":\"sync_end\",\"v\":1}\n",
            "==============================================================");
        CHECK_TEXT(sink.text, expected);
    }
}

static void test_marks(void) {
    char label[80];
    char expected[512];
    static char small[80];
    heaplab_trace_init(&trace, ring, sizeof(ring));

    CHECK(heaplab_trace_mark(&trace, "find_blobs", 10) == HEAPLAB_TRACE_OK);
    /* `len` bytes, not up to a '\0'. */
    CHECK(heaplab_trace_mark(&trace, "main.py:42 and more", 10) == HEAPLAB_TRACE_OK);
    CHECK_TEXT(drained(), "{\"op\":\"mark\",\"v\":1,\"label\":\"find_blobs\"}\n{\"op\":\"mark\",\"v\":1,\"label\":\"main.py:42\"}\n");

    /* Escaped as JSON: quote, backslash, \n \r \t, other control characters (NUL too) as \u00XX; DEL as it is. */
    CHECK(heaplab_trace_mark(&trace, "a\"b\\c\n\r\t\x01\x1f\x7f\0z", 13) == HEAPLAB_TRACE_OK);
    CHECK_TEXT(drained(), "{\"op\":\"mark\",\"v\":1,\"label\":\"a\\\"b\\\\c\\n\\r\\t\\u0001\\u001f\x7f\\u0000z\"}\n");

    /* UTF-8 goes through; a byte that is not part of a valid character becomes '?': a stray
     * continuation byte, a cut-off sequence, an overlong form, a surrogate, past U+10FFFF. */
    CHECK(heaplab_trace_mark(&trace, "\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 11) == HEAPLAB_TRACE_OK);
    CHECK(heaplab_trace_mark(&trace, "\x80|\xc3(|\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x82", 19) == HEAPLAB_TRACE_OK);
    CHECK_TEXT(drained(),
        "{\"op\":\"mark\",\"v\":1,\"label\":\"\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"}\n"
        "{\"op\":\"mark\",\"v\":1,\"label\":\"?|?(|??|???|????|??\"}\n");

    /* Cut to 64 bytes of the label (escapes do not count), never inside a character. */
    memset(label, 'x', sizeof(label));
    heaplab_trace_mark(&trace, label, 70);
    snprintf(expected, sizeof(expected), "{\"op\":\"mark\",\"v\":1,\"label\":\"%.64s\"}\n", label);
    CHECK_TEXT(drained(), expected);
    memcpy(label + 63, "\xc3\xa9", 2);
    heaplab_trace_mark(&trace, label, 65);
    snprintf(expected, sizeof(expected), "{\"op\":\"mark\",\"v\":1,\"label\":\"%.63s\"}\n", label);
    CHECK_TEXT(drained(), expected);
    memcpy(label + 62, "\xc3\xa9", 2);
    heaplab_trace_mark(&trace, label, 70);
    snprintf(expected, sizeof(expected), "{\"op\":\"mark\",\"v\":1,\"label\":\"%.64s\"}\n", label);
    CHECK_TEXT(drained(), expected);
    memset(label, '"', sizeof(label));
    heaplab_trace_mark(&trace, label, 70);
    CHECK(strlen(drained()) == 30 + 2 * 64 + 1);
    /* The longest line there is. */
    memset(label, 1, sizeof(label));
    heaplab_trace_mark(&trace, label, 70);
    CHECK(strlen(drained()) == HEAPLAB_TRACE_LINE_MAX - 1);

    /* Nothing to name: nothing written. */
    CHECK(heaplab_trace_mark(&trace, "x", 0) == HEAPLAB_TRACE_EMPTY);
    CHECK(heaplab_trace_mark(&trace, NULL, 3) == HEAPLAB_TRACE_EMPTY);
    CHECK_TEXT(drained(), "");
    CHECK(heaplab_trace_lost_total(&trace) == 0);

    /* A mark the ring has no room for is lost like an event, and counted in the gap line. */
    heaplab_trace_init(&trace, small, sizeof(small));
    CHECK(heaplab_trace_sweep_free(&trace, 0, 1, 2) == HEAPLAB_TRACE_OK);
    CHECK(heaplab_trace_mark(&trace, "phase two", 9) == HEAPLAB_TRACE_LOST);
    CHECK(heaplab_trace_needs_sync(&trace));
    CHECK_TEXT(drained(), SWEEP "{\"op\":\"gap\",\"v\":1,\"lost\":1}\n");
    CHECK(heaplab_trace_mark(&trace, "phase two", 9) == HEAPLAB_TRACE_OK);
    CHECK_TEXT(drained(), "{\"op\":\"mark\",\"v\":1,\"label\":\"phase two\"}\n");
}

/* ---- scenario: a simulated single-area heap, traced through a small ring ---- */

#define SIM_BLOCKS 248
#define SIM_BYTES_PER_BLOCK 16

static uint8_t sim_atb[SIM_BLOCKS / 4];
static uint8_t sim_ftb[SIM_BLOCKS / 8 + 1];
static char sim_ring[600];

static unsigned sim_kind(size_t b) {
    return (sim_atb[b / 4] >> (2 * (b % 4))) & 3;
}

static void sim_set(size_t b, unsigned kind) {
    sim_atb[b / 4] = (uint8_t)((sim_atb[b / 4] & ~(3u << (2 * (b % 4)))) | (kind << (2 * (b % 4))));
}

static size_t sim_run_length(size_t head) {
    size_t end = head + 1;
    while (end < SIM_BLOCKS && sim_kind(end) == 2) {
        end++;
    }
    return end - head;
}

static size_t drain_to_stdout_write(void *ctx, const char *data, size_t len) {
    (void)ctx;
    return fwrite(data, 1, len, stdout);
}

static void drain_to_stdout(void) {
    heaplab_trace_drain(&trace, drain_to_stdout_write, NULL);
}

/* gc_alloc with first fit, as gc.c places; returns the head block or -1 (after an alloc_fail). */
static long sim_alloc(size_t bytes, int fin) {
    size_t n = (bytes + SIM_BYTES_PER_BLOCK - 1) / SIM_BYTES_PER_BLOCK;
    size_t run = 0;
    size_t b;
    for (b = 0; b < SIM_BLOCKS; b++) {
        run = sim_kind(b) == 0 ? run + 1 : 0;
        if (run == n) {
            size_t head = b + 1 - n;
            size_t i;
            sim_set(head, 1);
            for (i = head + 1; i <= b; i++) {
                sim_set(i, 2);
            }
            if (fin) {
                sim_ftb[head / 8] |= (uint8_t)(1 << (head % 8));
            }
            heaplab_trace_alloc(&trace, bytes, n, 0, head, fin, 0, 0);
            return (long)head;
        }
    }
    return -1;
}

static void sim_free(size_t head) {
    size_t n = sim_run_length(head);
    size_t i;
    for (i = head; i < head + n; i++) {
        sim_set(i, 0);
    }
    sim_ftb[head / 8] &= (uint8_t)~(1 << (head % 8));
    heaplab_trace_free(&trace, 0, head, n, 0, 0);
}

/* gc_info of the simulated heap, as an info line. */
static void sim_info(void) {
    size_t used = 0, free_blocks = 0, run = 0, max_free = 0, n1 = 0, n2 = 0, max_block = 0;
    size_t b;
    for (b = 0; b < SIM_BLOCKS; b++) {
        unsigned kind = sim_kind(b);
        if (kind == 0) {
            free_blocks++;
            run++;
            if (run > max_free) {
                max_free = run;
            }
            continue;
        }
        run = 0;
        used++;
        if (kind == 1) {
            size_t len = sim_run_length(b);
            n1 += len == 1;
            n2 += len == 2;
            if (len > max_block) {
                max_block = len;
            }
        }
    }
    heaplab_trace_info(&trace, SIM_BLOCKS * SIM_BYTES_PER_BLOCK, used * SIM_BYTES_PER_BLOCK, free_blocks * SIM_BYTES_PER_BLOCK, max_free, n1, n2, max_block);
}

static int scenario(void) {
    /* The layout heaplab computes for a 4096-byte region (32-bit, finaliser, v1.27). */
    heaplab_trace_heap_t heap = {0, 4096, 3968, SIM_BLOCKS, 16, 4, 62, 31, 0, 128, 0};
    heaplab_trace_area_t area;
    long kept[40];
    int i;
    size_t b;
    heaplab_trace_init(&trace, sim_ring, sizeof(sim_ring));
    area.atb = sim_atb;
    area.ftb = sim_ftb;
    area.blocks = SIM_BLOCKS;

    heaplab_trace_heap(&trace, &heap);
    heaplab_trace_mark(&trace, "setup", 5);
    drain_to_stdout();
    /* Calm: drained after every event. */
    for (i = 0; i < 6; i++) {
        kept[i] = sim_alloc((size_t)(20 + 30 * i), i == 2);
        drain_to_stdout();
    }
    sim_free((size_t)kept[1]);
    sim_info();
    drain_to_stdout();
    /* A burst the ring cannot hold: allocations and frees that the log loses. */
    for (i = 6; i < 40; i++) {
        kept[i] = sim_alloc((size_t)(16 + (i % 5) * 24), i % 7 == 0);
        if (i % 3 == 0) {
            sim_free((size_t)kept[i - 2]);
            kept[i - 2] = -1;
        }
        if (i == 30) {
            /* Lost with the events around it: the ring is full. */
            heaplab_trace_mark(&trace, "in the burst", 12);
        }
    }
    drain_to_stdout();
    if (!heaplab_trace_needs_sync(&trace) || heaplab_trace_lost_total(&trace) == 0) {
        fprintf(stderr, "scenario: expected the burst to overflow the ring\n");
        return 1;
    }
    /* At a safe point: resynchronise. */
    if (heaplab_trace_sync(&trace, &area, 1, drain_to_stdout_write, NULL) != HEAPLAB_TRACE_OK) {
        fprintf(stderr, "scenario: sync failed\n");
        return 1;
    }
    /* Calm again: a free, an allocation, a checkpoint, then a request larger than any free run. */
    heaplab_trace_mark(&trace, "after the sync: \"quoted\" \xc3\xa9", 27);
    heaplab_trace_mark(&trace, "a label longer than the 64 bytes a mark keeps: it is cut at 64 bytes", 68);
    sim_free((size_t)kept[3]);
    drain_to_stdout();
    sim_alloc(40, 0);
    drain_to_stdout();
    sim_info();
    heaplab_trace_mark(&trace, "frame_buffer", 12);
    drain_to_stdout();
    heaplab_trace_alloc_fail(&trace, 3000, 188, HEAPLAB_STAGE_PRE_COLLECT, 0, 0, 0, 0);
    heaplab_trace_collect_start(&trace, HEAPLAB_COLLECT_ALLOC_FAIL);
    heaplab_trace_collect_end(&trace, 0, 0);
    drain_to_stdout();
    heaplab_trace_alloc_fail(&trace, 3000, 188, HEAPLAB_STAGE_FINAL, 0, 0, 0, 1);
    heaplab_trace_memory_error(&trace, 3000, 0);
    drain_to_stdout();
    if (heaplab_trace_lost_total(&trace) == 0 || heaplab_trace_needs_sync(&trace)) {
        return 1;
    }
    for (b = 0; b < SIM_BLOCKS; b++) {
        if (sim_kind(b) == 1) {
            fprintf(stderr, "object 0 %zu %zu %d\n", b, sim_run_length(b), (sim_ftb[b / 8] >> (b % 8)) & 1);
        }
    }
    fprintf(stderr, "lost %lu\n", (unsigned long)heaplab_trace_lost_total(&trace));
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "scenario") == 0) {
        return scenario();
    }
    test_event_lines();
    test_realloc_lines();
    test_overflow_and_gap();
    test_no_buffer();
    test_wrap_around();
    test_sync();
    test_marks();
    if (failures != 0) {
        printf("%d of %d checks failed\n", failures, checks);
        return 1;
    }
    printf("ok %d checks\n", checks);
    return 0;
}
