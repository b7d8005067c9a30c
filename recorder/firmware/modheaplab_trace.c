/*
 * heaplab_trace for Python: the `heaplab_trace` module of a firmware built with this hook, so
 * that a script can mark the points of its run:
 *
 *   import heaplab_trace
 *   heaplab_trace.mark('find_blobs')
 *
 * Built as a MicroPython user C module (micropython.mk or micropython.cmake beside this file;
 * see README.md). It writes into the trace the firmware set up, the global `heaplab_trace`.
 */
#include "py/runtime.h"

#include "heaplab_trace.h"

/* The firmware's trace, initialised with heaplab_trace_init before gc_init (README.md). */
extern heaplab_trace_t heaplab_trace;

/*
 * mark(label): writes a mark line, {"op":"mark","v":1,"label":...}, with `label` (a str, or
 * bytes of UTF-8) cut to its first 64 bytes. Returns True when the line went into the ring,
 * False when the ring was full (the mark is lost and counted in the next gap line). Allocates
 * nothing, so marking does not change the heap it traces, and works under heap_lock().
 * ValueError for an empty label, TypeError for anything but str or bytes.
 */
static mp_obj_t heaplab_trace_mark_fn(mp_obj_t label_in) {
    size_t len;
    const char *label = mp_obj_str_get_data(label_in, &len);
    if (len == 0) {
        mp_raise_ValueError(MP_ERROR_TEXT("empty label"));
    }
    return mp_obj_new_bool(heaplab_trace_mark(&heaplab_trace, label, len) == HEAPLAB_TRACE_OK);
}
static MP_DEFINE_CONST_FUN_OBJ_1(heaplab_trace_mark_obj, heaplab_trace_mark_fn);

static const mp_rom_map_elem_t heaplab_trace_module_globals_table[] = {
    { MP_ROM_QSTR(MP_QSTR___name__), MP_ROM_QSTR(MP_QSTR_heaplab_trace) },
    { MP_ROM_QSTR(MP_QSTR_mark), MP_ROM_PTR(&heaplab_trace_mark_obj) },
};
static MP_DEFINE_CONST_DICT(heaplab_trace_module_globals, heaplab_trace_module_globals_table);

const mp_obj_module_t heaplab_trace_user_cmodule = {
    .base = { &mp_type_module },
    .globals = (mp_obj_dict_t *)&heaplab_trace_module_globals,
};

MP_REGISTER_MODULE(MP_QSTR_heaplab_trace, heaplab_trace_user_cmodule);
