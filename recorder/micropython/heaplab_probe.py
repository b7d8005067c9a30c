# heaplab probe: framed micropython.mem_info(1) snapshots that `heaplab ingest` reads back.
# Pure MicroPython; runs unchanged on any port (OpenMV, ESP32, RP2040, STM32, unix, webassembly).
#
#   import heaplab_probe as probe
#   probe.snapshot('after setup')            # one snapshot, to the console (sys.stdout)
#   with probe.catching('frame'):            # a MemoryError in the block: snapshot, then re-raise
#       frame = bytearray(20000)
#
#   @probe.on_memory_error('handler')        # the same for every call of a function
#   def handler(msg): ...
#
#   probe.mark('find_blobs')                 # names this point of the run: one line, no snapshot
#
#   probe.to_file('/flash/snap.log', 32768)  # snapshots to a file instead (ports with os.dupterm)
#
# Format v1, one snapshot:
#   #heaplab-snapshot v1 seq=3 ticks=12345 label="frame" error="memory allocation failed, allocating 20000 bytes"
#   ...the output of micropython.mem_info(1)...
#   #heaplab-end v1 seq=3
# and one mark:
#   #heaplab-mark v1 seq=4 ticks=12400 label="find_blobs"
# `seq` counts snapshots and marks together. `error` only at a MemoryError. In label and error,
# \ " CR LF and TAB are written \\ \" \r \n \t.
#
# What it costs: nothing is allocated per snapshot (labels and messages without those five
# characters are printed as they are; mem_info itself allocates nothing), so a snapshot works
# even under micropython.heap_lock() or right after a MemoryError. Its own footprint is in
# README.md. Comments, not docstrings: a docstring would stay on the heap on some ports.
import micropython
import sys
from micropython import const

try:
    from time import ticks_ms
except ImportError:
    from utime import ticks_ms

try:
    import os
except ImportError:
    import uos as os

# How deeply `catching` blocks may nest and keep their own labels (deeper ones share the last).
_DEPTH = const(8)

_seq = 0
_out = sys.stdout
# File output: the open file, its path and the rotated file's path, the size limit, the size of
# the last snapshot (to rotate before the next would pass the limit), the dupterm slot borrowed.
_file = None
_path = None
_old_path = None
_limit = 0
_last_size = 0
_slot = 0
# The labels of the `catching` blocks being run, and the MemoryError already snapshotted (a
# MemoryError passing through nested blocks is taken once).
_labels = [''] * _DEPTH
_depth = 0
_pending = ''
_taken = None


def snapshot(label='', error=None):
    # Writes one framed mem_info(1) snapshot; returns its sequence number.
    global _seq, _last_size
    _seq += 1
    if _file is not None:
        start = _rotate()
    out = _out
    print('#heaplab-snapshot v1 seq=', _seq, ' ticks=', ticks_ms(), ' label="', _quoted(label), sep='', end='"', file=out)
    if error is not None:
        print(' error="', _quoted(error), sep='', end='"', file=out)
    print(file=out)
    if _file is None:
        micropython.mem_info(1)
    else:
        # mem_info prints to the console only: lend it the file as a duplicate terminal.
        previous = os.dupterm(_file, _slot)
        try:
            micropython.mem_info(1)
        finally:
            os.dupterm(previous, _slot)
    print('#heaplab-end v1 seq=', _seq, sep='', file=out)
    if _file is not None:
        _file.flush()
        _last_size = _file.tell() - start
    return _seq


def mark(label):
    # Writes one mark line: this point of the run, named (a phase, 'main.py:42'), so that heaplab
    # can say where in the program a snapshot or a MemoryError came. One line, no mem_info: far
    # lighter than a snapshot, and it allocates nothing either. Returns its sequence number.
    global _seq
    if not label:
        raise ValueError('empty label')
    _seq += 1
    print('#heaplab-mark v1 seq=', _seq, ' ticks=', ticks_ms(), ' label="', _quoted(label), sep='', end='"\n', file=_out)
    return _seq


def catching(label=''):
    # `with catching(label):` a MemoryError raised in the block is snapshotted, then re-raised.
    # One shared object: entering a `with` allocates nothing.
    global _pending
    _pending = label
    return _catcher


class _Catcher:
    def __enter__(self):
        global _depth
        _labels[_depth if _depth < _DEPTH else _DEPTH - 1] = _pending
        _depth += 1
        return self

    def __exit__(self, exc_type, exc, tb):
        global _depth, _taken
        _depth -= 1
        if exc is not None and exc is not _taken and isinstance(exc, MemoryError):
            _taken = exc
            snapshot(_labels[_depth if _depth < _DEPTH else _DEPTH - 1], _message(exc))
        if _depth == 0:
            _taken = None
        return False


_catcher = _Catcher()


def on_memory_error(label=''):
    # Decorator: `catching(label)` around every call. Each call allocates its argument tuple.
    def wrap(function):
        def call(*args, **kwargs):
            with catching(label):
                return function(*args, **kwargs)

        return call

    return wrap


def to_file(path, max_bytes=32768, slot=0):
    # Snapshots go to `path` from now on. When the next one would take it past `max_bytes`, it
    # is renamed `path + '.1'` (replacing the one before) and a new one is started: at most two
    # files, about 2 * max_bytes. mem_info reaches the file through os.dupterm slot `slot`
    # (lent for the snapshot and given back); ports without os.dupterm raise OSError here.
    global _file, _path, _old_path, _limit, _slot, _out, _last_size
    if not hasattr(os, 'dupterm'):
        raise OSError('no os.dupterm: capture the console')
    to_console()
    _path = path
    _old_path = path + '.1'
    _limit = max_bytes
    _slot = slot
    _last_size = 0
    _file = open(path, 'a')
    _out = _file


def to_console():
    # Snapshots go to sys.stdout (the default).
    global _file, _out
    if _file is not None:
        _file.close()
    _file = None
    _out = sys.stdout


def _rotate():
    # Starts a new file when the next snapshot (as large as the last) would pass the limit.
    # Returns the file's size before the snapshot.
    global _file, _out
    size = _file.tell()
    if size > 0 and size + _last_size > _limit:
        _file.close()
        try:
            os.remove(_old_path)
        except OSError:
            pass
        os.rename(_path, _old_path)
        _file = open(_path, 'w')
        _out = _file
        size = 0
    return size


def _quoted(text):
    # The text as it goes between quotes: unchanged (no allocation) unless it needs escapes.
    if not isinstance(text, str):
        text = str(text)
    if '\\' in text or '"' in text or '\n' in text or '\r' in text or '\t' in text:
        return text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\r', '\\r').replace('\t', '\\t')
    return text


def _message(exc):
    # The exception's message as MicroPython made it (no allocation); '' when it has none.
    args = exc.args
    if len(args) > 0 and isinstance(args[0], str):
        return args[0]
    return ''
