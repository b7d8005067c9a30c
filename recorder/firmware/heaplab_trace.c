/*
 * heaplab_trace: see heaplab_trace.h for the legend and the API, README.md for where each call
 * goes in py/gc.c.
 *
 * Every event line is laid out by one writer from a table of fields, twice: once to measure it
 * and, when it fits, once into the ring. Measuring first is what lets a line go in whole or not
 * at all without a line buffer on the (often deep) stack of gc_alloc.
 *
 * One file of about 540 lines, on purpose: a firmware adds one source and one header, and most
 * of the length is the thirteen line functions, each a plain table of its fields.
 */
#include "heaplab_trace.h"

/* Largest sync line: sync_map with two 20-digit numbers and 64 map characters is 153 bytes. */
#define SYNC_LINE_MAX 192

enum { FIELD_NUM, FIELD_STR, FIELD_LABEL };

/* One `,"key":value` of a line. A FIELD_LABEL is `num` bytes of text at `str`. */
typedef struct {
    const char *key;
    const char *str;
    size_t num;
    unsigned char kind;
} field_t;

/* Where a line's bytes go: a ring (wrapping at `size`), a flat buffer, or nowhere (measuring). */
typedef struct {
    char *buf;
    size_t size;
    size_t at;
    size_t n;
} cursor_t;

static void put(cursor_t *c, char ch) {
    if (c->buf != NULL) {
        c->buf[c->at] = ch;
        if (++c->at == c->size) {
            c->at = 0;
        }
    }
    c->n++;
}

static void put_text(cursor_t *c, const char *s) {
    while (*s != '\0') {
        put(c, *s++);
    }
}

/* Plain decimal, no leading zeros. */
static void put_num(cursor_t *c, size_t value) {
    char digits[24];
    size_t n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0) {
        put(c, digits[--n]);
    }
}

/* A quoted string of printable ASCII: anything that would need an escape becomes '?'. */
static void put_quoted(cursor_t *c, const char *s) {
    put(c, '"');
    for (; *s != '\0'; s++) {
        unsigned char ch = (unsigned char)*s;
        put(c, (ch < 0x20 || ch > 0x7e || ch == '"' || ch == '\\') ? '?' : (char)ch);
    }
    put(c, '"');
}

/*
 * Bytes of the UTF-8 character that starts at s (`left` bytes there), or 0 when none does: no
 * overlong forms, no surrogates, nothing past U+10FFFF, no character cut off by the end.
 */
static size_t utf8_length(const unsigned char *s, size_t left) {
    unsigned char lo = 0x80;
    unsigned char hi = 0xbf;
    size_t n;
    size_t i;
    if (s[0] < 0x80) {
        return 1;
    }
    if (s[0] >= 0xc2 && s[0] <= 0xdf) {
        n = 2;
    } else if (s[0] >= 0xe0 && s[0] <= 0xef) {
        n = 3;
        lo = s[0] == 0xe0 ? 0xa0 : lo;
        hi = s[0] == 0xed ? 0x9f : hi;
    } else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
        n = 4;
        lo = s[0] == 0xf0 ? 0x90 : lo;
        hi = s[0] == 0xf4 ? 0x8f : hi;
    } else {
        return 0;
    }
    if (n > left || s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (i = 2; i < n; i++) {
        if (s[i] < 0x80 || s[i] > 0xbf) {
            return 0;
        }
    }
    return n;
}

/* One ASCII character inside a JSON string. */
static void put_escaped(cursor_t *c, unsigned char ch) {
    static const char hex[] = "0123456789abcdef";
    if (ch == '"' || ch == '\\') {
        put(c, '\\');
        put(c, (char)ch);
    } else if (ch == '\n' || ch == '\r' || ch == '\t') {
        put(c, '\\');
        put(c, ch == '\n' ? 'n' : ch == '\r' ? 'r' : 't');
    } else if (ch < 0x20) {
        put_text(c, "\\u00");
        put(c, hex[ch >> 4]);
        put(c, hex[ch & 15]);
    } else {
        put(c, (char)ch);
    }
}

/* A label as a quoted JSON string: see heaplab_trace_mark. */
static void put_label(cursor_t *c, const char *label, size_t len) {
    const unsigned char *s = (const unsigned char *)label;
    size_t at = 0;
    put(c, '"');
    while (at < len) {
        size_t n = utf8_length(s + at, len - at);
        size_t i;
        if (at + (n == 0 ? 1 : n) > HEAPLAB_TRACE_LABEL_MAX) {
            break;
        }
        if (n == 0) {
            put(c, '?');
            n = 1;
        } else if (n == 1) {
            put_escaped(c, s[at]);
        } else {
            for (i = 0; i < n; i++) {
                put(c, (char)s[at + i]);
            }
        }
        at += n;
    }
    put(c, '"');
}

static void format_line(cursor_t *c, const char *op, const field_t *fields, size_t n_fields) {
    size_t i;
    put_text(c, "{\"op\":\"");
    put_text(c, op);
    put(c, '"');
    for (i = 0; i < n_fields; i++) {
        put_text(c, ",\"");
        put_text(c, fields[i].key);
        put_text(c, "\":");
        if (fields[i].kind == FIELD_NUM) {
            put_num(c, fields[i].num);
        } else if (fields[i].kind == FIELD_LABEL) {
            put_label(c, fields[i].str, fields[i].num);
        } else {
            put_quoted(c, fields[i].str);
        }
    }
    put_text(c, "}\n");
}

static size_t line_length(const char *op, const field_t *fields, size_t n_fields) {
    cursor_t c = {NULL, 0, 0, 0};
    format_line(&c, op, fields, n_fields);
    return c.n;
}

/* Appends a line the caller has checked fits. */
static void ring_write(heaplab_trace_t *t, const char *op, const field_t *fields, size_t n_fields) {
    cursor_t c;
    c.buf = t->buf;
    c.size = t->size;
    c.at = (t->tail + t->used) % t->size;
    c.n = 0;
    format_line(&c, op, fields, n_fields);
    t->used += c.n;
}

static field_t num(const char *key, size_t value) {
    field_t f;
    f.key = key;
    f.str = NULL;
    f.num = value;
    f.kind = FIELD_NUM;
    return f;
}

static field_t str(const char *key, const char *value) {
    field_t f;
    f.key = key;
    f.str = value;
    f.num = 0;
    f.kind = FIELD_STR;
    return f;
}

static field_t flag(const char *key, int value) {
    return num(key, value != 0 ? 1 : 0);
}

/* The fields of a gap line for `lost` events. */
static void gap_fields(field_t fields[2], uint32_t lost) {
    fields[0] = num("v", HEAPLAB_TRACE_EXTENSION_VERSION);
    fields[1] = num("lost", lost);
}

static int drop(heaplab_trace_t *t) {
    if (t->lost != UINT32_MAX) {
        t->lost++;
    }
    if (t->lost_total != UINT32_MAX) {
        t->lost_total++;
    }
    t->needs_sync = 1;
    return HEAPLAB_TRACE_LOST;
}

/*
 * Appends one event line, after the gap line when events were lost before it. Either both go
 * in or neither: a gap line is only ever followed by the event that ended the gap, so the log
 * never says "lost" without saying where the loss ended.
 */
static int emit(heaplab_trace_t *t, const char *op, const field_t *fields, size_t n_fields) {
    size_t need;
    size_t room;
    if (t->size == 0) {
        return drop(t);
    }
    need = line_length(op, fields, n_fields);
    room = t->size - t->used;
    if (t->lost != 0) {
        field_t gap[2];
        gap_fields(gap, t->lost);
        if (line_length("gap", gap, 2) + need > room) {
            return drop(t);
        }
        ring_write(t, "gap", gap, 2);
        t->lost = 0;
    } else if (need > room) {
        return drop(t);
    }
    ring_write(t, op, fields, n_fields);
    return HEAPLAB_TRACE_OK;
}

void heaplab_trace_init(heaplab_trace_t *t, char *buf, size_t size) {
    t->buf = buf;
    t->size = buf == NULL ? 0 : size;
    t->tail = 0;
    t->used = 0;
    t->lost = 0;
    t->lost_total = 0;
    t->needs_sync = 0;
}

int heaplab_trace_heap(heaplab_trace_t *t, const heaplab_trace_heap_t *heap) {
    const field_t f[] = {num("area", heap->area), num("bytes", heap->bytes), num("pool_bytes", heap->pool_bytes),
        num("total_blocks", heap->total_blocks), num("block_bytes", heap->block_bytes), num("word_bytes", heap->word_bytes),
        num("atb_bytes", heap->atb_bytes), num("ftb_bytes", heap->ftb_bytes), num("wtb_bytes", heap->wtb_bytes),
        num("pool_offset", heap->pool_offset), num("struct_bytes", heap->struct_bytes)};
    return emit(t, "heap", f, 11);
}

int heaplab_trace_alloc(heaplab_trace_t *t, size_t bytes, size_t blocks, size_t area, size_t block, int fin, int in_realloc, int after_collect) {
    const field_t f[] = {num("bytes", bytes), num("blocks", blocks), num("area", area), num("block", block), flag("fin", fin),
        flag("in_realloc", in_realloc), flag("after_collect", after_collect)};
    return emit(t, "alloc", f, 7);
}

static const char *const STAGES[] = {"pre_collect", "final", "locked"};

int heaplab_trace_alloc_fail(heaplab_trace_t *t, size_t bytes, size_t blocks, heaplab_stage_t stage, int fin, int in_realloc, int in_collect, int after_collect) {
    const field_t f[] = {num("bytes", bytes), num("blocks", blocks), str("stage", STAGES[stage]), flag("fin", fin), flag("in_realloc", in_realloc),
        flag("in_collect", in_collect), flag("after_collect", after_collect)};
    return emit(t, "alloc_fail", f, 7);
}

int heaplab_trace_memory_error(heaplab_trace_t *t, size_t bytes, int heap_locked) {
    const field_t f[] = {num("bytes", bytes), flag("heap_locked", heap_locked)};
    return emit(t, "memory_error", f, 2);
}

int heaplab_trace_alloc_zero(heaplab_trace_t *t) {
    return emit(t, "alloc_zero", NULL, 0);
}

int heaplab_trace_free(heaplab_trace_t *t, size_t area, size_t block, size_t blocks, int in_realloc, int in_collect) {
    const field_t f[] = {num("area", area), num("block", block), num("blocks", blocks), flag("in_realloc", in_realloc),
        flag("in_collect", in_collect)};
    return emit(t, "free", f, 5);
}

int heaplab_trace_free_ignored(heaplab_trace_t *t, size_t area, size_t block, const char *reason, int in_realloc) {
    const field_t f[] = {num("area", area), num("block", block), str("reason", reason == NULL ? "" : reason), flag("in_realloc", in_realloc)};
    return emit(t, "free_ignored", f, 4);
}

static const char *const COLLECT_REASONS[] = {"alloc_fail", "explicit", "threshold", "sweep_all"};

int heaplab_trace_collect_start(heaplab_trace_t *t, heaplab_collect_reason_t reason) {
    const field_t f[] = {str("reason", COLLECT_REASONS[reason])};
    return emit(t, "collect_start", f, 1);
}

int heaplab_trace_sweep_free(heaplab_trace_t *t, size_t area, size_t block, size_t blocks) {
    const field_t f[] = {num("area", area), num("block", block), num("blocks", blocks)};
    return emit(t, "sweep_free", f, 3);
}

int heaplab_trace_collect_end(heaplab_trace_t *t, size_t freed_objs, size_t freed_blocks) {
    const field_t f[] = {num("freed_objs", freed_objs), num("freed_blocks", freed_blocks)};
    return emit(t, "collect_end", f, 2);
}

static const char *const REALLOC_RESULTS[] = {"same", "shrink", "grow", "moved", "fail", "alloc", "free"};
static const char *const REALLOC_REASONS[] = {"", "no_move", "oom", "locked", "alloc_null"};

int heaplab_trace_realloc(heaplab_trace_t *t, const heaplab_trace_realloc_t *r) {
    field_t f[11];
    size_t n = 0;
    f[n++] = str("result", REALLOC_RESULTS[r->result]);
    f[n++] = num("area", r->area);
    f[n++] = num("block", r->block);
    f[n++] = num("old_blocks", r->old_blocks);
    f[n++] = num("bytes", r->bytes);
    f[n++] = num("new_blocks", r->new_blocks);
    f[n++] = flag("allow_move", r->allow_move);
    if (r->result == HEAPLAB_REALLOC_MOVED || r->result == HEAPLAB_REALLOC_ALLOC) {
        f[n++] = num("new_area", r->new_area);
        f[n++] = num("new_block", r->new_block);
    }
    if (r->result == HEAPLAB_REALLOC_FAIL && r->reason != HEAPLAB_REALLOC_NO_REASON) {
        f[n++] = str("reason", REALLOC_REASONS[r->reason]);
    }
    /* free_after is known only when gc_realloc scanned past the object: a move, or a failure
     * to grow in place (not when it gave up before scanning: locked, or realloc of NULL). */
    if (r->result == HEAPLAB_REALLOC_MOVED || (r->result == HEAPLAB_REALLOC_FAIL && (r->reason == HEAPLAB_REALLOC_NO_MOVE || r->reason == HEAPLAB_REALLOC_OOM))) {
        f[n++] = num("free_after", r->free_after);
    }
    return emit(t, "realloc", f, n);
}

int heaplab_trace_info(heaplab_trace_t *t, size_t total, size_t used, size_t free, size_t max_free_blocks, size_t n_1block, size_t n_2block, size_t max_block) {
    const field_t f[] = {num("total", total), num("used", used), num("free", free), num("max_free_blocks", max_free_blocks),
        num("n_1block", n_1block), num("n_2block", n_2block), num("max_block", max_block)};
    return emit(t, "info", f, 7);
}

int heaplab_trace_threshold(heaplab_trace_t *t, size_t bytes, int off) {
    const field_t f[] = {num("v", HEAPLAB_TRACE_EXTENSION_VERSION), num("bytes", off ? 0 : bytes), flag("off", off)};
    return emit(t, "threshold", f, 3);
}

int heaplab_trace_mark(heaplab_trace_t *t, const char *label, size_t len) {
    field_t f[2];
    if (label == NULL || len == 0) {
        return HEAPLAB_TRACE_EMPTY;
    }
    f[0] = num("v", HEAPLAB_TRACE_EXTENSION_VERSION);
    f[1].key = "label";
    f[1].str = label;
    f[1].num = len;
    f[1].kind = FIELD_LABEL;
    return emit(t, "mark", f, 2);
}

size_t heaplab_trace_peek(const heaplab_trace_t *t, const char **data) {
    size_t to_end;
    if (t->used == 0) {
        *data = NULL;
        return 0;
    }
    *data = t->buf + t->tail;
    to_end = t->size - t->tail;
    return t->used < to_end ? t->used : to_end;
}

void heaplab_trace_consume(heaplab_trace_t *t, size_t n) {
    if (n > t->used) {
        n = t->used;
    }
    if (n == 0) {
        return;
    }
    t->tail = (t->tail + n) % t->size;
    t->used -= n;
}

/* Puts the pending gap line into the ring when nothing else is waiting; 1 if it did. */
static int flush_gap(heaplab_trace_t *t) {
    field_t gap[2];
    if (t->lost == 0 || t->size == 0) {
        return 0;
    }
    gap_fields(gap, t->lost);
    if (line_length("gap", gap, 2) > t->size - t->used) {
        return 0;
    }
    ring_write(t, "gap", gap, 2);
    t->lost = 0;
    return 1;
}

size_t heaplab_trace_drain(heaplab_trace_t *t, heaplab_trace_write_fn write, void *ctx) {
    size_t total = 0;
    for (;;) {
        const char *data;
        size_t n = heaplab_trace_peek(t, &data);
        size_t taken;
        if (n == 0) {
            if (flush_gap(t)) {
                continue;
            }
            return total;
        }
        taken = write(ctx, data, n);
        if (taken == 0) {
            return total;
        }
        if (taken > n) {
            taken = n;
        }
        heaplab_trace_consume(t, taken);
        total += taken;
    }
}

int heaplab_trace_needs_sync(const heaplab_trace_t *t) {
    return t->needs_sync;
}

uint32_t heaplab_trace_lost_total(const heaplab_trace_t *t) {
    return t->lost_total;
}

/* Hands all of a line to a sink that may take it in pieces; 0 when the sink stops. */
static int send(heaplab_trace_write_fn write, void *ctx, const char *data, size_t len) {
    while (len > 0) {
        size_t taken = write(ctx, data, len);
        if (taken == 0) {
            return 0;
        }
        if (taken > len) {
            taken = len;
        }
        data += taken;
        len -= taken;
    }
    return 1;
}

static int send_line(heaplab_trace_write_fn write, void *ctx, const char *op, const field_t *fields, size_t n_fields) {
    char line[SYNC_LINE_MAX];
    cursor_t c;
    c.buf = line;
    c.size = sizeof(line);
    c.at = 0;
    c.n = 0;
    format_line(&c, op, fields, n_fields);
    return send(write, ctx, line, c.n);
}

static char block_char(const heaplab_trace_area_t *area, size_t block) {
    unsigned kind = (area->atb[block >> 2] >> (2 * (block & 3))) & 3;
    if (kind == 0) {
        return '.';
    }
    if (kind == 2) {
        return '=';
    }
    if (kind == 3) {
        return 'm';
    }
    return (area->ftb != NULL && ((area->ftb[block >> 3] >> (block & 7)) & 1) != 0) ? 'f' : 'h';
}

/* The sync_map lines of one area: one per 64-block line that is not all free. */
static int send_area_map(const heaplab_trace_area_t *area, size_t index, heaplab_trace_write_fn write, void *ctx) {
    size_t first;
    for (first = 0; first < area->blocks; first += HEAPLAB_TRACE_SYNC_BLOCKS_PER_LINE) {
        char map[HEAPLAB_TRACE_SYNC_BLOCKS_PER_LINE + 1];
        size_t end = first + HEAPLAB_TRACE_SYNC_BLOCKS_PER_LINE < area->blocks ? first + HEAPLAB_TRACE_SYNC_BLOCKS_PER_LINE : area->blocks;
        size_t b;
        int used = 0;
        field_t f[4];
        for (b = first; b < end; b++) {
            map[b - first] = block_char(area, b);
            used |= map[b - first] != '.';
        }
        map[end - first] = '\0';
        if (!used) {
            continue;
        }
        f[0] = num("v", HEAPLAB_TRACE_EXTENSION_VERSION);
        f[1] = num("area", index);
        f[2] = num("block", first);
        f[3] = str("map", map);
        if (!send_line(write, ctx, "sync_map", f, 4)) {
            return 0;
        }
    }
    return 1;
}

int heaplab_trace_sync(heaplab_trace_t *t, const heaplab_trace_area_t *areas, size_t n_areas, heaplab_trace_write_fn write, void *ctx) {
    field_t f[3];
    size_t a;
    if (t->used != 0) {
        return HEAPLAB_TRACE_BUSY;
    }
    if (t->lost != 0) {
        gap_fields(f, t->lost);
        if (!send_line(write, ctx, "gap", f, 2)) {
            return HEAPLAB_TRACE_SINK;
        }
        t->lost = 0;
    }
    for (a = 0; a < n_areas; a++) {
        f[0] = num("v", HEAPLAB_TRACE_EXTENSION_VERSION);
        f[1] = num("area", a);
        f[2] = num("blocks", areas[a].blocks);
        if (!send_line(write, ctx, "sync", f, 3) || !send_area_map(&areas[a], a, write, ctx)) {
            return HEAPLAB_TRACE_SINK;
        }
    }
    f[0] = num("v", HEAPLAB_TRACE_EXTENSION_VERSION);
    if (!send_line(write, ctx, "sync_end", f, 1)) {
        return HEAPLAB_TRACE_SINK;
    }
    t->needs_sync = 0;
    return HEAPLAB_TRACE_OK;
}
