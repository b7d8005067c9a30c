/**
 * `heaplab.mark(label)` for recorded scripts: a small Python module the recorder puts in the
 * interpreter's `/lib` when the script names it (so it costs the heap nothing until a script
 * imports it, and other scripts find the file system as published), under two names:
 * `heaplab`, and `heaplab_trace`, the firmware hook's module, so that a script written for a
 * firmware with the hook records unchanged. A mark is written to standard output between two
 * control characters; the recorder takes it out of the output and writes a `mark` line at that
 * point of the trace. Writing a string allocates nothing, so marking does not change the heap.
 */

/** What a mark is framed by in the interpreter's output. */
export const MARK_START = '\x1eheaplab-mark\x1f';
export const MARK_END = '\x1f';

/** The module's names: files `/lib/NAME.py`. */
export const MARK_MODULES = ['heaplab', 'heaplab_trace'] as const;

/** The module's source. */
export const MARK_MODULE_SOURCE = `# heaplab.mark(label): a mark line in the trace heaplab record writes, naming this point of
# the run (a phase, a file:line), as heaplab_trace.mark does on a firmware with heaplab's hook.
# It allocates nothing, and works under micropython.heap_lock().
import sys

_write = sys.stdout.write


def mark(label):
    if not label:
        raise ValueError("empty label")
    _write(${JSON.stringify(MARK_START)})
    _write(label)
    _write(${JSON.stringify(MARK_END)})
    return True
`;
